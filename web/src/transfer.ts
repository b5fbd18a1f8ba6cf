import { ApiError } from './api.ts';

/** Progress of a transfer between 0 and 1, or null while its size is unknown. */
export type OnProgress = (fraction: number | null) => void;

function send(
  method: string,
  path: string,
  body: Blob | FormData | null,
  contentType: string | null,
  responseType: XMLHttpRequestResponseType,
  onProgress: OnProgress,
): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.responseType = responseType;
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    const report = (e: ProgressEvent) =>
      onProgress(e.lengthComputable && e.total > 0 ? e.loaded / e.total : null);
    // Uploads report while sending; downloads while receiving.
    if (body) xhr.upload.onprogress = report;
    else xhr.onprogress = report;
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onload = async () => {
      if (xhr.status < 400) return resolve(xhr);
      const raw = responseType === 'blob' ? await (xhr.response as Blob).text() : String(xhr.response);
      let problem: ApiError['problem'];
      try {
        problem = JSON.parse(raw);
      } catch {
        problem = { type: 'about:blank', title: xhr.statusText, status: xhr.status };
      }
      reject(new ApiError(problem));
    };
    xhr.send(body);
  });
}

/** Sends a file to the API with upload progress; answers the parsed JSON or throws ApiError. */
export async function uploadWithProgress<T>(
  path: string,
  file: Blob | FormData,
  /** null for FormData, which sets its own multipart boundary */
  contentType: string | null,
  onProgress: OnProgress,
): Promise<T> {
  const xhr = await send('POST', path, file, contentType, 'text', onProgress);
  onProgress(1);
  return JSON.parse(xhr.responseText) as T;
}

/** Fetches a file from the API with download progress and hands it to the browser to save. */
export async function downloadWithProgress(
  path: string,
  filename: string,
  onProgress: OnProgress,
): Promise<void> {
  const xhr = await send('GET', path, null, null, 'blob', onProgress);
  onProgress(1);
  const url = URL.createObjectURL(xhr.response as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
