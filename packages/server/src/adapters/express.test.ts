import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedanceHandler } from '../handler';
import { type HandlerHarness, startHandlerHarness } from '../test-harness';
import { itBehavesLikeTheSigner } from './adapter-contract';
import { toExpressMiddleware } from './express';

describe('toExpressMiddleware on a real Express 5 server', () => {
  itBehavesLikeTheSigner(async (upstream) => {
    const harness = await startHandlerHarness({ store: upstream.store }, upstream);
    const app = express();
    app.use('/api/seedance', toExpressMiddleware(harness.handler));
    return { ...(await listen(app, harness)), reported: harness.reported };
  });
});

describe('toExpressMiddleware next to body parsers', () => {
  let harness: HandlerHarness;
  let url: string;
  let closeServer: () => Promise<void>;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    const app = express();
    // The supported order: the signer first, so the parser below never sees its bodies.
    app.use('/api/seedance', toExpressMiddleware(harness.handler));
    app.use(express.json());
    app.post('/echo', (request, response) => {
      response.json(request.body);
    });
    // The wrong order, on a second mount point.
    const wrong = express.Router();
    wrong.use(express.json());
    wrong.use('/api/seedance', toExpressMiddleware(rebased(harness.handler, '/wrong')));
    app.use('/wrong', wrong);
    ({ url, close: closeServer } = await listen(app));
  });

  afterAll(async () => {
    await closeServer();
    await harness.close();
  });

  it('leaves routes mounted after it to their own body parser', async () => {
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('says to mount the signer before express.json() when a parser already read the body', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...parts: unknown[]) => errors.push(parts.join(' '));
    try {
      const response = await fetch(`${url}/wrong/api/seedance/generations`, {
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
      expect(error.code).toBe('MISCONFIGURED');
      expect(error.message).toMatch(/before express\.json\(\)/);
      expect(errors.join('\n')).toMatch(/Mount toExpressMiddleware\(\) before express\.json\(\)/);
    } finally {
      console.error = original;
    }
    // A GET carries no body, so the same mount still serves it.
    const config = await fetch(`${url}/wrong/api/seedance/config`, { headers: { 'x-test-user': 'alice' } });
    expect(config.status).toBe(200);
  });
});

/** Serves `app` on a free loopback port. */
async function listen(
  app: express.Express,
  harness?: HandlerHarness,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness?.close();
    },
  };
}

/** The handler as if configured with `basePath: prefix + '/api/seedance'`, for a second mount point in one app. */
function rebased(handler: SeedanceHandler, prefix: string): SeedanceHandler {
  return (request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(prefix.length);
    return handler(new Request(url, request));
  };
}
