import { toNextRouteHandlers } from '@seedance-kit/server/next';
import { seedance } from '../../../../server/seedance';

// No `export const runtime`: with `cacheComponents` on, Next refuses route segment settings, and route handlers run
// on Node by default. No caching either: the signer reads the request on every call, so each answer is dynamic.
export const { GET, HEAD, POST, DELETE, OPTIONS, PUT, PATCH } = toNextRouteHandlers(seedance);
