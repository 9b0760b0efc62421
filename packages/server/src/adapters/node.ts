import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { SeedanceHandler } from '../handler';

/** A Node `http` request listener, as taken by `http.createServer` and by Connect-style routers. */
export type NodeRequestListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Mounts the web-standard handler on Node's `http` server. Request bodies are passed as a stream (never buffered
 * here) and response bodies are written with backpressure; when the client goes away, the handler's
 * `request.signal` aborts so upstream work stops too.
 *
 * @example
 * http.createServer(toNodeListener(createSeedanceHandler(options))).listen(8787);
 */
export function toNodeListener(handler: SeedanceHandler): NodeRequestListener {
  return async (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    let response: Response;
    try {
      response = await handler(toWebRequest(incoming, controller.signal));
    } catch (error) {
      console.error('[seedance] the handler threw instead of answering:', error);
      response = new Response(
        JSON.stringify({
          error: { code: 'INTERNAL', message: 'Something went wrong on the server.', retryable: true },
        }),
        { status: 500, headers: { 'content-type': 'application/json' } },
      );
    }
    await writeWebResponse(response, outgoing, incoming.method === 'HEAD');
  };
}

function toWebRequest(incoming: IncomingMessage, signal: AbortSignal): Request {
  const encrypted = 'encrypted' in incoming.socket && incoming.socket.encrypted === true;
  const url = new URL(incoming.url ?? '/', `${encrypted ? 'https' : 'http'}://${incoming.headers.host ?? 'localhost'}`);
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
    signal,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeWebResponse(response: Response, outgoing: ServerResponse, headOnly: boolean): Promise<void> {
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
