import { SeedanceCanceledError } from '../errors';
import type { UploadedAsset } from '../protocol';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, UPLOAD_FILENAME_HEADER, UPLOAD_KIND_HEADER } from '../protocol-constants';
import type { UploadOptions } from '../transport';
import type { ProtocolSchemas, SignerConnection } from './signer-connection';
import { sendWithXhr } from './xhr-upload';

/**
 * `POST /uploads` of the signer transport, over XMLHttpRequest when progress is wanted (fetch cannot report it).
 */
export async function uploadToSigner(
  connection: SignerConnection,
  file: Blob,
  uploadOptions: UploadOptions,
): Promise<UploadedAsset> {
  const fileName = uploadOptions.fileName ?? (typeof File !== 'undefined' && file instanceof File ? file.name : '');
  const headers: Record<string, string> = {
    // Without a type the server answers 415 naming what it takes, which is the message the user needs.
    'content-type': file.type || 'application/octet-stream',
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    [UPLOAD_KIND_HEADER]: uploadOptions.kind,
    ...(fileName ? { [UPLOAD_FILENAME_HEADER]: encodeURIComponent(fileName) } : {}),
  };
  const { onProgress, signal } = uploadOptions;
  const pickSchema = (schemas: ProtocolSchemas) => schemas.uploadResponseSchema;
  // fetch cannot report upload progress; XMLHttpRequest can. A custom fetch is kept (it may add auth or
  // instrumentation), with progress reported at the start and the end only.
  if (!onProgress || connection.options.fetch !== undefined || typeof XMLHttpRequest === 'undefined') {
    onProgress?.(0, file.size);
    const { asset } = await connection.call('/uploads', pickSchema, { method: 'POST', headers, body: file, signal });
    onProgress?.(file.size, file.size);
    return asset;
  }
  const url = `${connection.baseUrl}/uploads`;
  const merged = await connection.headers(headers);
  if (signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: signal.reason });
  const outcome = await sendWithXhr({
    url,
    headers: merged,
    // XHR sends same-origin cookies anyway; `include` is the only policy that needs a switch.
    withCredentials: connection.credentials === 'include',
    file,
    onProgress,
    signal,
  });
  if (outcome === 'abort') throw new SeedanceCanceledError(undefined, { cause: signal?.reason });
  if (outcome === 'error') throw connection.networkError(url);
  const { asset } = await connection.parseAnswer(pickSchema, outcome.status, outcome.text, url);
  return asset;
}

// Loaded on first use with the upload code: see createSignerTransport's call().
