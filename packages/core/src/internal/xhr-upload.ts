import { SeedanceCanceledError, SeedanceError } from '../errors';

/** What {@link sendWithXhr} needs: the request, and where to report progress. */
export interface XhrUploadRequest {
  url: string;
  headers: Headers;
  withCredentials: boolean;
  file: Blob;
  onProgress: (loaded: number, total: number) => void;
  signal: AbortSignal | undefined;
}

/**
 * Posts a file with XMLHttpRequest, which (unlike fetch) reports upload progress. Its own module, loaded on the
 * first upload with progress, so pages that only generate never download it.
 */
export function sendWithXhr(upload: XhrUploadRequest): Promise<{ status: number; text: string }> {
  const { url, file, onProgress, signal } = upload;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = upload.withCredentials;
    for (const [name, value] of upload.headers) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () =>
      reject(
        new SeedanceError(
          'NETWORK_ERROR',
          `Could not reach the Seedance backend at ${url}. Check your connection and that the server is running.`,
        ),
      );
    const abort = () => request.abort();
    request.onabort = () => reject(new SeedanceCanceledError(undefined, { cause: signal?.reason }));
    signal?.addEventListener('abort', abort, { once: true });
    request.onloadend = () => signal?.removeEventListener('abort', abort);
    onProgress(0, file.size);
    request.send(file);
  });
}
