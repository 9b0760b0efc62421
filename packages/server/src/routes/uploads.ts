import { SeedanceError, type UploadedAsset, type UploadKind } from '@seedance-kit/core';
import { UPLOAD_FILENAME_HEADER, UPLOAD_KIND_HEADER, UPLOAD_KINDS } from '@seedance-kit/core/protocol';
import type { SeedanceUser } from '../authorize';
import type { HandlerContext } from '../context';
import { abandon, jsonResponse, requireProtocolHeader } from '../http';
import { ALLOWED_UPLOAD_TYPES, inspectUpload, normalizeMediaType } from '../media-sniffing';
import { guardUploadReader } from '../upload-guard';
import { reserveUpload } from '../upload-limits';
import { createDataUrlBody, longBody, shortBody } from '../upstream/data-url-body';

/**
 * How much of the file is read before anything goes upstream: enough for every magic number, and for the `moov`
 * box of a "fast start" MP4 or the first frame after a typical ID3 tag. Held once per upload, whatever its size.
 */
const HEAD_BYTES = 1024 * 1024;
/**
 * The slowest transfer an upload is given time for (128 KiB/s, about 1 Mbit/s) on top of the usual upstream
 * timeout: the upstream call lasts as long as the browser takes to send the file, since bytes are streamed through.
 */
const UPLOAD_MIN_BYTES_PER_SECOND = 128 * 1024;
const MAX_FILENAME_LENGTH = 1024;
/** How long an upload may arrive slowly before its rate is judged: connections start slowly. */
const UPLOAD_RATE_GRACE_MS = 10_000;

/**
 * `POST /uploads`: checks a reference file (kind, size, declared type, magic number, duration where the first bytes
 * tell it) and streams it to Segmind's upload-asset as a base64 data URL, holding at most its first megabyte.
 */
export function createUploadRoute(context: HandlerContext) {
  const { settings, segmind } = context;

  return async function upload(request: Request, user: SeedanceUser): Promise<Response> {
    try {
      return await accept(request, user);
    } catch (error) {
      // Refused before or while its body was read: what is left of the body is never read.
      await abandon(request);
      throw error;
    }
  };

  async function accept(request: Request, user: SeedanceUser): Promise<Response> {
    requireProtocolHeader(request);
    const kind = readKind(request);
    const contentType = readContentType(request, kind);
    const expectedBytes = readContentLength(request, kind, settings.policy.maxUploadBytes[kind]);
    readFileName(request);
    if (!request.body) throw shortBody(0, expectedBytes);
    // The user's upload limits are taken before a byte of the body is read.
    const reservation = await reserveUpload(settings, user, expectedBytes);
    let completed = false;
    const guard = guardUploadReader(request.body.getReader(), {
      minBytesPerSecond: settings.limits.uploadMinBytesPerSecond,
      graceMs: UPLOAD_RATE_GRACE_MS,
      maxMs: settings.limits.uploadMaxMs,
    });
    const { reader } = guard;
    try {
      let inspection: ReturnType<typeof inspectUpload>;
      let head: Uint8Array;
      try {
        head = await readHead(reader, expectedBytes);
        inspection = inspectUpload({ kind, contentType, head, totalBytes: expectedBytes });
      } catch (error) {
        await reader.cancel().catch(() => undefined);
        throw guard.failure() ?? error;
      }

      const body = createDataUrlBody({ contentType: inspection.contentType, head, rest: reader, expectedBytes });
      let url: string;
      try {
        url = await segmind.upload(
          {
            body: body.stream,
            contentLength: body.contentLength,
            timeoutMs: Math.min(
              settings.limits.uploadMaxMs,
              settings.upstreamTimeoutMs + Math.ceil((expectedBytes / UPLOAD_MIN_BYTES_PER_SECOND) * 1000),
            ),
          },
          request.signal,
        );
      } catch (error) {
        // When the client's bytes were at fault (markup, too slow, wrong length), say so rather than blame the
        // upstream the stream was cut short to.
        throw guard.failure() ?? body.failure() ?? error;
      } finally {
        await reader.cancel().catch(() => undefined);
      }
      completed = true;
      const asset: UploadedAsset = {
        url,
        kind,
        contentType: inspection.contentType,
        bytes: expectedBytes,
        ...(inspection.durationSeconds === undefined ? {} : { durationSeconds: inspection.durationSeconds }),
      };
      return jsonResponse({ asset }, 201);
    } finally {
      guard.stop();
      // Never fails the answer: the slot expires on its own and a refund is a courtesy.
      await reservation.release(completed).catch((error: unknown) => settings.onError(error, request));
    }
  }
}

function readKind(request: Request): UploadKind {
  const kind = request.headers.get(UPLOAD_KIND_HEADER);
  if (!UPLOAD_KINDS.includes(kind as UploadKind)) {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      `Say what the file is for with the header ${UPLOAD_KIND_HEADER}: ${UPLOAD_KINDS.join(', ')} (got ${kind === null ? 'none' : `"${kind.slice(0, 40)}"`}).`,
    );
  }
  return kind as UploadKind;
}

function readContentType(request: Request, kind: UploadKind): string {
  const contentType = normalizeMediaType(request.headers.get('content-type'));
  const allowed = ALLOWED_UPLOAD_TYPES[kind];
  if (!allowed.includes(contentType)) {
    throw new SeedanceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `A reference ${kind} must be ${allowed.join(', ')} (got ${contentType ? `"${contentType.slice(0, 80)}"` : 'no Content-Type'}). Convert the file or pick another.`,
    );
  }
  return contentType;
}

function readContentLength(request: Request, kind: UploadKind, maxBytes: number): number {
  const header = request.headers.get('content-length');
  const declared = header !== null && /^\d{1,15}$/.test(header.trim()) ? Number(header) : undefined;
  if (declared === undefined) {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      'An upload needs a Content-Length header with the file size in bytes (send the file itself as the body, not a chunked stream).',
    );
  }
  if (declared === 0) throw new SeedanceError('VALIDATION_FAILED', 'The file is empty. Pick a file with content.');
  if (declared > maxBytes) {
    throw new SeedanceError(
      'PAYLOAD_TOO_LARGE',
      `This ${kind} is ${formatBytes(declared)}; this site accepts ${kind} files up to ${formatBytes(maxBytes)}. Pick a smaller file.`,
    );
  }
  return declared;
}

/** The name is only checked: Segmind's upload takes no file name, so nothing is forwarded. */
function readFileName(request: Request): void {
  const encoded = request.headers.get(UPLOAD_FILENAME_HEADER);
  if (encoded === null) return;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      `The header ${UPLOAD_FILENAME_HEADER} must be URI-encoded (encodeURIComponent(file.name)).`,
    );
  }
  if (decoded.length > MAX_FILENAME_LENGTH) {
    throw new SeedanceError('VALIDATION_FAILED', `The file name is longer than ${MAX_FILENAME_LENGTH} characters.`);
  }
}

/**
 * Reads the first {@link HEAD_BYTES} (or the whole file when smaller), refusing a body that ends early or goes past
 * its declared length.
 */
async function readHead(reader: ReadableStreamDefaultReader<Uint8Array>, expectedBytes: number): Promise<Uint8Array> {
  const wanted = Math.min(HEAD_BYTES, expectedBytes);
  const chunks: Uint8Array[] = [];
  let received = 0;
  while (received < wanted) {
    const { done, value } = await reader.read();
    if (done) throw shortBody(received, expectedBytes);
    received += value.byteLength;
    if (received > expectedBytes) throw longBody(expectedBytes);
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const head = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return head;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
