import { type Answer, ApiError, problemOf } from './client.ts';
import type { paths } from './schema.d.ts';

/** Progress of a transfer between 0 and 1, or null while its size is unknown. */
export type OnProgress = (fraction: number | null) => void;

function send(
  method: string,
  path: string,
  body: Blob | FormData | null,
  contentType: string | null,
  responseType: XMLHttpRequestResponseType,
  onProgress: OnProgress,
  headers: Record<string, string> = {},
): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.responseType = responseType;
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    const report = (e: ProgressEvent) =>
      onProgress(e.lengthComputable && e.total > 0 ? e.loaded / e.total : null);
    // Uploads report while sending; downloads while receiving.
    if (body) xhr.upload.onprogress = report;
    else xhr.onprogress = report;
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onload = async () => {
      if (xhr.status < 400) return resolve(xhr);
      const raw = responseType === 'blob' ? await (xhr.response as Blob).text() : String(xhr.response);
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {}
      const problem = problemOf(body, xhr);
      reject(new ApiError(problem));
    };
    xhr.send(body);
  });
}

/** The API paths that take an upload (POST). */
type PostPath = { [P in keyof paths]: paths[P]['post'] extends undefined ? never : P }[keyof paths];

/** A path with its {parameters} filled in. */
const fill = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));

/** Sends a file to an API path with upload progress; answers the path's typed answer or throws ApiError. */
export async function uploadWithProgress<P extends PostPath>(
  path: P,
  params: Record<string, string>,
  file: Blob | FormData,
  /** null for FormData, which sets its own multipart boundary */
  contentType: string | null,
  onProgress: OnProgress,
  /** Headers a route asks for beside the body (a grievance case's X-Case-Secret) */
  headers: Record<string, string> = {},
): Promise<Answer<P, 'post'>> {
  const xhr = await send('POST', fill(path, params), file, contentType, 'text', onProgress, headers);
  onProgress(1);
  return JSON.parse(xhr.responseText);
}

/** Fetches a file from an API path with download progress and hands it to the browser to save. */
export async function downloadWithProgress(
  path: keyof paths,
  query: Record<string, string>,
  filename: string,
  onProgress: OnProgress,
): Promise<void> {
  const xhr = await send('GET', `${path}?${new URLSearchParams(query)}`, null, null, 'blob', onProgress);
  onProgress(1);
  const url = URL.createObjectURL(xhr.response as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Counts the CSV records that end in a text, carrying whether it stops inside a quoted field: a line break inside
 * quotes belongs to its cell, not a new record.
 */
export function csvRecordEnds(text: string, inQuotes: boolean): { ends: number; inQuotes: boolean } {
  let ends = 0;
  let quoted = inQuotes;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) ends++;
  }
  return { ends, inQuotes: quoted };
}

/** What an export has received so far: bytes, and rows when the format lets them be counted as they come. */
export interface Received {
  bytes: number;
  rows: number | null;
}

/**
 * Streams a file from an API path with fetch, reporting the bytes (and CSV rows) received as they arrive, and hands
 * it to the browser to save under the name the server gave. `signal` cancels it; a refusal throws ApiError.
 */
export async function streamDownload(
  path: string,
  query: Record<string, string>,
  options: {
    signal: AbortSignal;
    language: string;
    onProgress: (r: Received) => void;
    onHeaders?: (headers: Headers) => void;
  },
): Promise<{ filename: string; received: Received }> {
  const res = await fetch(`${path}?${new URLSearchParams(query)}`, {
    credentials: 'same-origin',
    signal: options.signal,
    headers: { 'accept-language': options.language },
  });
  if (!res.ok || !res.body) {
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {}
    throw new ApiError(problemOf(body, res));
  }
  options.onHeaders?.(res.headers);
  const csv = (res.headers.get('content-type') ?? '').startsWith('text/csv');
  const decoder = new TextDecoder();
  const chunks: BlobPart[] = [];
  const received: Received = { bytes: 0, rows: csv ? 0 : null };
  let inQuotes = false;
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received.bytes += value.byteLength;
    if (csv) {
      const counted = csvRecordEnds(decoder.decode(value, { stream: true }), inQuotes);
      inQuotes = counted.inQuotes;
      lines += counted.ends;
      // The first record is the header row.
      received.rows = Math.max(0, lines - 1);
    }
    options.onProgress({ ...received });
  }
  const filename =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    path.split('/').pop() ??
    'export';
  const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get('content-type') ?? undefined }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { filename, received };
}
