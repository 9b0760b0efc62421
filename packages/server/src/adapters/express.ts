import type { IncomingMessage, ServerResponse } from 'node:http';
import { SeedanceError } from '@seedance-kit/core';
import type { SeedanceHandler } from '../handler';
import { errorResponse } from '../http';
import { isBodyConsumed, serveNodeRequest, writeWebResponse } from './internal/node-bridge';

/**
 * The parts of Express's request the adapter reads. Declared here rather than imported from `express` so that
 * neither `express` nor `@types/express` is needed to type-check a project that uses another adapter.
 */
export interface ExpressLikeRequest extends IncomingMessage {
  /** The URL before Express stripped the mount path from `url`. */
  originalUrl?: string;
  /** `http` or `https`, honouring Express's `trust proxy` setting. */
  protocol?: string;
}

/** An Express (4 or 5) middleware: `app.use('/api/seedance', middleware)`. */
export type ExpressMiddleware = (
  request: ExpressLikeRequest,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Mounts the web-standard handler on Express. Mount it at the handler's `basePath` (default `/api/seedance`); the
 * handler sees the full path (`originalUrl`), so the mount point and `basePath` must agree. Bodies are streamed, never
 * buffered: mount it **before** any body parser (`express.json()`, `express.raw()`…). If a parser already read the
 * body, the call is answered with a `MISCONFIGURED` error that says so, instead of a confusing validation failure.
 *
 * @example
 * const app = express();
 * app.use('/api/seedance', toExpressMiddleware(createSeedanceHandler(options)));
 * app.use(express.json()); // body parsers after the signer
 */
export function toExpressMiddleware(handler: SeedanceHandler): ExpressMiddleware {
  return (request, response, next) => {
    const url = request.originalUrl ?? request.url ?? '/';
    const served = isBodyConsumed(request)
      ? writeWebResponse(bodyParserMounted(request.method ?? 'POST', url), response)
      : serveNodeRequest(handler, request, response, {
          url,
          ...(request.protocol === undefined ? {} : { protocol: request.protocol }),
        });
    served.catch(next);
  };
}

function bodyParserMounted(method: string, url: string): Response {
  const error = new SeedanceError(
    'MISCONFIGURED',
    'A body parser read this request before the Seedance signer could stream it. Mount toExpressMiddleware() before express.json() and other body parsers.',
  );
  console.error(`[seedance] ${method} ${url.split('?')[0]}: ${error.message}`);
  return errorResponse(error);
}
