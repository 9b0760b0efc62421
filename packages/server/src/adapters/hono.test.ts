import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandlerHarness, startHandlerHarness } from '../test-harness';
import { itBehavesLikeTheSigner } from './adapter-contract';
import { toHonoHandler } from './hono';

describe('toHonoHandler on a real Hono server (@hono/node-server)', () => {
  itBehavesLikeTheSigner(async (upstream) => {
    const harness = await startHandlerHarness({ store: upstream.store }, upstream);
    // Nested on purpose: the handler must see the full path through `app.route()`.
    const api = new Hono();
    api.all('/seedance/*', toHonoHandler(harness.handler));
    const app = new Hono();
    app.route('/api', api);
    return { ...(await serveOnLoopback(app, harness)), reported: harness.reported };
  });
});

describe('toHonoHandler behind a middleware that reads the body', () => {
  let harness: HandlerHarness;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    const app = new Hono();
    app.use('/api/seedance/*', async (context, next) => {
      if (context.req.method === 'POST') await context.req.json();
      await next();
    });
    app.all('/api/seedance/*', toHonoHandler(harness.handler));
    ({ url, close } = await serveOnLoopback(app, harness));
  });

  afterAll(() => close());

  it('answers MISCONFIGURED saying the body was already read', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...parts: unknown[]) => errors.push(parts.join(' '));
    try {
      const response = await fetch(`${url}/api/seedance/generations`, {
        method: 'POST',
        headers: {
          'x-test-user': 'alice',
          'content-type': 'application/json',
          'x-seedance-protocol': '1',
          'idempotency-key': 'k-1234567890',
        },
        body: JSON.stringify({ input: { prompt: 'A fox' } }),
      });
      expect(response.status).toBe(500);
      const { error } = await response.json();
      expect(error).toMatchObject({ code: 'MISCONFIGURED' });
      expect(error.message).toMatch(/read this request body before the Seedance signer/);
      expect(errors.join('\n')).toMatch(/MISCONFIGURED|read this request body/);
    } finally {
      console.error = original;
    }
  });
});

/** Serves `app` with `@hono/node-server` on a free loopback port. */
async function serveOnLoopback(app: Hono, harness: HandlerHarness): Promise<{ url: string; close(): Promise<void> }> {
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: started, port: info.port }),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
