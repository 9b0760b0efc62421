import { SeedanceError } from '@seedance-kit/core';
import { reportError } from '../error-reporter';
import type { SeedanceHandler } from '../handler';
import { errorResponse } from '../http';

/** A Next.js App Router route handler; Next passes a `NextRequest`, which is a web `Request`. */
export type NextRouteHandler = (request: Request) => Promise<Response>;

/** The route handlers to export from `app/api/seedance/[...path]/route.ts`, one per method the signer answers. */
export interface NextRouteHandlers {
  /** `GET /config`, `GET /generations/:id`, the video and last-frame routes. */
  GET: NextRouteHandler;
  /** Same as `GET`, without a body (players probe videos with it). */
  HEAD: NextRouteHandler;
  /** `POST /generations` (and uploads). */
  POST: NextRouteHandler;
  /** `DELETE /generations/:id`. */
  DELETE: NextRouteHandler;
  /** CORS preflight, answered by the handler for its `allowedOrigins` rather than by Next's default. */
  OPTIONS: NextRouteHandler;
  /** Not a signer method: exported so the handler, not Next, answers it (401 to a stranger, else 405). */
  PUT: NextRouteHandler;
  /** Not a signer method: exported so the handler, not Next, answers it (401 to a stranger, else 405). */
  PATCH: NextRouteHandler;
}

/**
 * Mounts the web-standard handler as Next.js App Router route handlers. Put them in a catch-all route at the
 * handler's `basePath` (the handler routes on the full path of `request.url`). The request body and the video stream
 * through unbuffered, and `request.signal` aborts when the client leaves.
 *
 * @example
 * // app/api/seedance/[...path]/route.ts
 * import { toNextRouteHandlers } from '@seedance-kit/server/next';
 * import { seedance } from '@/server/seedance'; // createSeedanceHandler({ … })
 *
 * export const runtime = 'nodejs';
 * export const { GET, HEAD, POST, DELETE, OPTIONS, PUT, PATCH } = toNextRouteHandlers(seedance);
 */
export function toNextRouteHandlers(handler: SeedanceHandler): NextRouteHandlers {
  // Next calls a route handler with a second argument (the route params); the signer routes on the URL itself, so
  // each export takes the request only.
  const route: NextRouteHandler = async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      // The handler answers its own failures; this catches a host's wrapper around it, reported like the rest.
      reportError(handler, error, request);
      return errorResponse(new SeedanceError('INTERNAL', 'Something went wrong on the server. Try again.'));
    }
  };
  return { GET: route, HEAD: route, POST: route, DELETE: route, OPTIONS: route, PUT: route, PATCH: route };
}
