/** What {@link sendWithXhr} needs: the request, and where to report progress. */
export interface XhrUploadRequest {
  url: string;
  headers: Headers;
  withCredentials: boolean;
  file: Blob;
  onProgress: (loaded: number, total: number) => void;
  signal: AbortSignal | undefined;
}

/** The server's answer, or how the request ended without one: `error` (not reached) or `abort` (the signal fired). */
export type XhrUploadOutcome = { status: number; text: string } | 'error' | 'abort';

/**
 * Posts a file with XMLHttpRequest, which (unlike fetch) reports upload progress. It resolves with the outcome and
 * never throws: `signer-upload.ts` turns the outcome into the transport's errors.
 */
export function sendWithXhr(upload: XhrUploadRequest): Promise<XhrUploadOutcome> {
  const { file, onProgress, signal } = upload;
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', upload.url);
    request.withCredentials = upload.withCredentials;
    for (const [name, value] of upload.headers) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () => resolve('error');
    const abort = () => request.abort();
    request.onabort = () => resolve('abort');
    signal?.addEventListener('abort', abort, { once: true });
    request.onloadend = () => signal?.removeEventListener('abort', abort);
    onProgress(0, file.size);
    request.send(file);
  });
}
