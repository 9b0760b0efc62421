import { SeedanceError } from '@seedance-kit/core';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SEEDANCE_ERROR_HTTP_STATUS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@seedance-kit/core/protocol';

const encoder = new TextEncoder();
/** Responses whose body `jsonResponse` built in memory: the only ones an adapter may write in one piece. */
const builtInMemory = new WeakSet<Response>();
/** Requests whose body the signer stopped reading before its end: their connection cannot carry another request. */
const abandonedBodies = new WeakSet<Request>();
/** How much of a body over the cap is read on (and dropped) so that its connection stays usable. */
const DRAIN_MAX_BYTES = 1024 * 1024;
/** How long a body over the cap may take to arrive in full before it is cut instead. */
const DRAIN_MAX_MS = 2_000;

/** A JSON response that is never cached by shared caches (jobs and errors are per user). */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  const merged = new Headers(headers);
  merged.set('content-type', 'application/json; charset=utf-8');
  merged.set('content-length', String(bytes.byteLength));
  merged.set('cache-control', 'no-store');
  merged.set('x-content-type-options', 'nosniff');
  const response = new Response(bytes, { status, headers: merged });
  builtInMemory.add(response);
  return response;
}

/**
 * Whether the signer built this response's body in memory (a JSON answer), so reading it whole cannot fail or grow
 * with an upstream. Any other body (the media routes' CDN stream) must be streamed: buffering it would turn a CDN
 * reset into a rejection nobody awaits.
 */
export function isBuiltInMemory(response: Response): boolean {
  return builtInMemory.has(response);
}

/** The response with `Connection: close` (on a copy when its headers are immutable, as a fetched response's are). */
export function closingConnection(response: Response): Response {
  try {
    response.headers.set('connection', 'close');
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set('connection', 'close');
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    return markBuiltInMemory(copy, response);
  }
}

/** Marks a copy of an in-memory response (same bytes, new headers) as in memory too. */
export function markBuiltInMemory(copy: Response, original: Response): Response {
  if (builtInMemory.has(original)) builtInMemory.add(copy);
  return copy;
}

/** The protocol's error response `{ error: { code, message, retryable, ... } }`, by default with the code's HTTP status. */
export function errorResponse(
  error: SeedanceError,
  headers: HeadersInit = {},
  status = SEEDANCE_ERROR_HTTP_STATUS[error.code],
): Response {
  const extra = new Headers(headers);
  if (error.retryAfterMs !== undefined) extra.set('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
  return jsonResponse({ error: error.toJSON() }, status, extra);
}

/**
 * Reads a request body as text, refusing more than `maxBytes` without keeping past the cap (a lying or absent
 * Content-Length cannot make the server buffer more). A body over the cap is read on and dropped, up to 1 MiB more
 * within 2 s, so that its connection can carry the client's next request; a longer or slower one is cut, and the
 * request marked so that the answer closes the connection ({@link isBodyAbandoned}).
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new SeedanceError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes. Send a smaller body.`);
  const declared = Number(request.headers.get('content-length'));
  if (!request.body) return '';
  const reader = request.body.getReader();
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Nothing is read yet: the whole body counts, so it may be as long as the cap plus what a drain takes.
    if (declared > maxBytes + DRAIN_MAX_BYTES || !(await drain(reader, maxBytes + DRAIN_MAX_BYTES))) {
      await abandon(request, reader);
    }
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      if (!(await drain(reader, DRAIN_MAX_BYTES))) await abandon(request, reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Marks a request whose body the signer stops reading before its end, and stops reading it. */
export async function abandon(request: Request, reader?: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  abandonedBodies.add(request);
  await reader?.cancel().catch(() => undefined);
}

/**
 * Whether the signer stopped reading this request's body before its end. Its answer then closes the connection:
 * the unread rest would otherwise be taken for the client's next request, which hangs until the server resets it.
 */
export function isBodyAbandoned(request: Request): boolean {
  return abandonedBodies.has(request);
}

/** Reads and drops the rest of a body; true when it ended within `maxBytes` and {@link DRAIN_MAX_MS}. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(resolve, DRAIN_MAX_MS, 'expired');
  });
  try {
    for (let drained = 0; drained <= maxBytes; ) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === 'expired') return false;
      if (next.done) return true;
      drained += next.value.byteLength;
    }
    return false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Mutating calls must carry the protocol header. A browser cannot send a custom header cross-site without a CORS
 * preflight, which the signer only answers for configured origins, so this defeats form-based CSRF.
 */
export function requireProtocolHeader(request: Request): void {
  // Any version this server answers: a version 1 client keeps working against a version 2 server.
  if (!SUPPORTED_PROTOCOL_VERSIONS.map(String).includes(request.headers.get(PROTOCOL_HEADER) ?? '')) {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      `${request.method} requests need the header ${PROTOCOL_HEADER}: ${PROTOCOL_VERSION} (it protects against cross-site request forgery). createSignerTransport sends it.`,
    );
  }
}

/** Refuses a body that is not declared as JSON. */
export function requireJson(request: Request): void {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new SeedanceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `This call takes a JSON body: send Content-Type: application/json (got ${contentType ? `"${contentType.slice(0, 80)}"` : 'none'}).`,
    );
  }
}
