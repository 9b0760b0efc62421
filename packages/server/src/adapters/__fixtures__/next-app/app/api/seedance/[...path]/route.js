// JavaScript on purpose: a TypeScript route would make Next write tsconfig.json and next-env.d.ts (which pulls Next's
// global types into the package's type-check) into this folder. The adapter it imports is TypeScript all the same.
import { createSeedanceHandler } from '../../../../../../../handler';
import { toNextRouteHandlers } from '../../../../../../next';

// next.test.ts passes the emulator's URL and the test credentials through the environment.
const seedance = createSeedanceHandler({
  apiKey: process.env.SEEDANCE_TEST_API_KEY ?? '',
  secret: process.env.SEEDANCE_TEST_SECRET ?? '',
  authorize: (request) => {
    const id = request.headers.get('x-test-user');
    return id ? { id } : null;
  },
  upstream: { baseUrl: process.env.SEEDANCE_TEST_UPSTREAM_URL ?? '', timeoutMs: 2_000 },
  pollIntervalMs: 50,
});

export const runtime = 'nodejs';
export const { GET, HEAD, POST, DELETE, OPTIONS, PUT, PATCH } = toNextRouteHandlers(seedance);
