import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SeedanceHandler } from '../handler';
import { serveNodeRequest } from './internal/node-bridge';

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
  return (request, response) => serveNodeRequest(handler, request, response);
}
