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
