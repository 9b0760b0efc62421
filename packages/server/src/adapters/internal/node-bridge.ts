import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { SeedanceError } from '@seedance-kit/core';
import { reportError } from '../../error-reporter';
import type { SeedanceHandler } from '../../handler';
import { errorResponse, isBuiltInMemory } from '../../http';

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
  // Node ignores the promise a request listener returns, so a rejection here would be unhandled and end the
  // process: everything below is caught, reported, and the response ended or its socket destroyed.
  let request: Request | undefined;
  try {
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    request = toWebRequest(incoming, controller.signal, options);
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      reportError(handler, error, request);
      response = errorResponse(new SeedanceError('INTERNAL', 'Something went wrong on the server. Try again.'));
    }
    // A body that fails mid-way was reported by whoever made it (the media route reports a CDN cut): only end it.
    await writeWebResponse(response, outgoing, incoming.method === 'HEAD');
  } catch (error) {
    reportError(handler, error, request);
    endAfterFailure(outgoing);
  }
}

/** Ends a response that failed: a 500 when nothing was sent yet, else the socket goes (the client sees a cut body). */
export function endAfterFailure(outgoing: ServerResponse): void {
  if (outgoing.headersSent || outgoing.writableEnded) {
    outgoing.destroy();
    return;
  }
  try {
    const body = JSON.stringify({
      error: { code: 'INTERNAL', message: 'Something went wrong on the server. Try again.', retryable: false },
    });
    outgoing.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' });
    outgoing.end(body);
  } catch {
    outgoing.destroy();
  }
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

/**
 * Writes a web `Response` to Node's response with backpressure; resolves when it is sent or the client left. A body
 * that fails mid-way (a CDN reset) destroys the socket, so the client sees a cut transfer, never a short "complete" one.
 */
export async function writeWebResponse(response: Response, outgoing: ServerResponse, headOnly = false): Promise<void> {
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  if (!response.body || headOnly) {
    await response.body?.cancel().catch(() => undefined);
    outgoing.end();
    return;
  }
  // A JSON answer the handler built in memory goes out in one write: piping a web stream costs more than the answer
  // itself on the hot poll route. Nothing else is read whole, whatever its length: a small media range that the CDN
  // cuts mid-body must fail this response only.
  if (isBuiltInMemory(response)) {
    outgoing.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  await new Promise<void>((resolve) => {
    body.on('error', () => {
      outgoing.destroy();
      resolve();
    });
    // A socket that fails while being written to must not throw from the pipe.
    outgoing.on('error', () => {
      body.destroy();
      resolve();
    });
    outgoing.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(outgoing);
  });
}
