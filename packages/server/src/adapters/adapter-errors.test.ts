import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachErrorReporter } from '../error-reporter';
import type { SeedanceHandler } from '../handler';
import { toHonoHandler } from './hono';
import { toNextRouteHandlers } from './next';
import { toNodeListener } from './node';

/* A host's own wrapper around the handler may throw; every adapter answers 500 and reports it, never crashes. */

const reported: unknown[] = [];
const throwing: SeedanceHandler = attachErrorReporter(
  async () => {
    throw new Error('the host wrapper broke');
  },
  (error) => reported.push(error),
);

afterEach(() => {
  reported.length = 0;
});

describe('a handler that throws', () => {
  it('is answered 500 and reported by the Node adapter, over real HTTP', async () => {
    const server = createServer(toNodeListener(throwing));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/seedance/config`);
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: { code: 'INTERNAL' } });
      expect(String(reported[0])).toMatch(/the host wrapper broke/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['Hono', (request: Request) => toHonoHandler(throwing)({ req: { raw: request } })],
    ['Next.js', (request: Request) => toNextRouteHandlers(throwing).GET(request)],
  ])('is answered 500 and reported by the %s adapter', async (_name, serve) => {
    const response = await serve(new Request('http://signer.test/api/seedance/config'));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(String(reported[0])).toMatch(/the host wrapper broke/);
  });
});
