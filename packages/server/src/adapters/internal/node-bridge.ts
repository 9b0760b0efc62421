import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { SeedanceError } from '@seedance-kit/core';
import type { SeedanceHandler } from '../../handler';
import { errorResponse } from '../../http';

/** Bodies up to this size, with a declared length, are written whole instead of streamed. */
const SMALL_BODY_BYTES = 64 * 1024;

/** How a framework tells the bridge where the request really went (frameworks rewrite `request.url` when mounting). */
export interface NodeBridgeOptions {
  /** The path and query the client asked for, before any mount point was stripped. Default `incoming.url`. */
  url?: string;
  /** `http` or `https` as the framework sees it (Express's `req.protocol` honours `trust proxy`). */
  protocol?: string;
}

/**
 * Answers one Node request with the web-standard handler: the request body is passed as a stream (never buffered
 * here), the response body is written with backpressure, and when the client goes away the response body is
 * canceled (so an upstream media stream stops) and, for requests with a body, `request.signal` aborts too. Every
 * Node-based adapter goes through here so they behave the same.
 */
export async function serveNodeRequest(
  handler: SeedanceHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  options: NodeBridgeOptions = {},
): Promise<void> {
  const controller = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  let response: Response;
  try {
    response = await handler(toWebRequest(incoming, controller.signal, options));
  } catch (error) {
    console.error('[seedance] the handler threw instead of answering:', error);
    response = errorResponse(new SeedanceError('INTERNAL', 'Something went wrong on the server.'));
  }
  await writeWebResponse(response, outgoing, incoming.method === 'HEAD');
}

/**
 * Whether something before the adapter (a body parser) already read the request body, which leaves nothing to
 * stream to the handler. A request that declares no body is never reported, whatever happened to its stream.
 */
export function isBodyConsumed(incoming: IncomingMessage): boolean {
  const declaresBody =
    incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0;
  return declaresBody && (incoming.readableDidRead || incoming.readableEnded);
}

function toWebRequest(incoming: IncomingMessage, signal: AbortSignal, options: NodeBridgeOptions): Request {
  const encrypted = 'encrypted' in incoming.socket && incoming.socket.encrypted === true;
  const protocol = options.protocol ?? (encrypted ? 'https' : 'http');
  const url = new URL(options.url ?? incoming.url ?? '/', `${protocol}://${incoming.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  return new Request(url, {
    method: incoming.method ?? 'GET',
    headers,
    // Following a signal costs a web Request about a fifth of the hot poll route's CPU. Reads do not need it: polls
    // share one upstream read that no caller may abort, and a media stream whose client leaves is canceled through
    // its body when the socket closes. Requests with a body (submits, uploads) keep it, to stop upstream work early.
    ...(hasBody ? { signal } : {}),
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a web `Response` to Node's response with backpressure; resolves when it is sent or the client left. */
export async function writeWebResponse(response: Response, outgoing: ServerResponse, headOnly = false): Promise<void> {
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  if (!response.body || headOnly) {
    await response.body?.cancel();
    outgoing.end();
    return;
  }
  // Small bodies of known length (every JSON answer) go out in one write: piping a web stream costs more than the
  // answer itself on the hot poll route. The bound keeps memory flat: anything larger is streamed.
  const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declaredLength <= SMALL_BODY_BYTES) {
    outgoing.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  await new Promise<void>((resolve) => {
    body.on('error', (error) => {
      outgoing.destroy(error);
      resolve();
    });
    outgoing.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(outgoing);
  });
}
