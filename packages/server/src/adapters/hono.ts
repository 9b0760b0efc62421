import { SeedanceError } from '@seedance-kit/core';
import { reportError } from '../error-reporter';
import type { SeedanceHandler } from '../handler';
import { errorResponse } from '../http';

/**
 * The part of Hono's context the adapter reads. Declared here rather than imported from `hono` so that the adapter
 * has no dependency on Hono's types; any `Context` fits.
 */
export interface HonoLikeContext {
  /** Hono's request wrapper; `raw` is the web `Request` with the full URL, whatever the route's mount point. */
  req: { raw: Request };
}

/** A Hono handler: `app.all('/api/seedance/*', handler)`. */
export type HonoHandler = (context: HonoLikeContext) => Promise<Response>;

/**
 * Mounts the web-standard handler on Hono, on any runtime Hono runs on (Node via `@hono/node-server`, Bun, Deno,
 * Cloudflare Workers). The handler reads the raw request, so it sees the full path however the route is nested
 * (`app.route()`, `basePath()`): route `<basePath>/*` to it and keep the handler's `basePath` equal to that prefix.
 * Bodies are streamed: if a middleware already read the body (`c.req.json()`, a validator), the call is answered
 * with a `MISCONFIGURED` error that says so.
 *
 * @example
 * const app = new Hono();
 * app.all('/api/seedance/*', toHonoHandler(createSeedanceHandler(options)));
 */
export function toHonoHandler(handler: SeedanceHandler): HonoHandler {
  return async (context) => {
    const request = context.req.raw;
    if (request.bodyUsed) {
      const error = new SeedanceError(
        'MISCONFIGURED',
        'A middleware read this request body before the Seedance signer could stream it. Do not parse or validate bodies on the signer routes.',
      );
      console.error(`[seedance] ${request.method} ${new URL(request.url).pathname}: ${error.message}`);
      return errorResponse(error);
    }
    try {
      return await handler(request);
    } catch (error) {
      // The handler answers its own failures; this catches a host's wrapper around it, reported like the rest.
      reportError(handler, error, request);
      return errorResponse(new SeedanceError('INTERNAL', 'Something went wrong on the server. Try again.'));
    }
  };
}
