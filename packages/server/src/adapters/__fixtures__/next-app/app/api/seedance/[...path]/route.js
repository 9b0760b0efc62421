// JavaScript on purpose: a TypeScript route would make Next write tsconfig.json and next-env.d.ts (which pulls Next's
// global types into the package's type-check) into this folder. The adapter it imports is TypeScript all the same.
import { Redis } from 'ioredis';
import { createSeedanceHandler } from '../../../../../../../handler';
import { createRedisStore } from '../../../../../../../store/redis-store';
import { toNextRouteHandlers } from '../../../../../../next';

// next.test.ts passes the emulator's and Redis's URLs and the test credentials through the environment.
const redis = new Redis(process.env.SEEDANCE_TEST_REDIS_URL ?? '');
// The contract stops Redis on purpose; ioredis would log every failed reconnect otherwise.
redis.on('error', () => {});
const seedance = createSeedanceHandler({
  apiKey: process.env.SEEDANCE_TEST_API_KEY ?? '',
  secret: process.env.SEEDANCE_TEST_SECRET ?? '',
  authorize: (request) => {
    const id = request.headers.get('x-test-user');
    return id ? { id } : null;
  },
  upstream: { baseUrl: process.env.SEEDANCE_TEST_UPSTREAM_URL ?? '', timeoutMs: 2_000 },
  pollIntervalMs: 50,
  store: createRedisStore({ client: redis, prefix: 'contract:' }),
});

export const runtime = 'nodejs';
export const { GET, HEAD, POST, DELETE, OPTIONS, PUT, PATCH } = toNextRouteHandlers(seedance);
