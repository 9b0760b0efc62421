import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe } from 'vitest';
import { startHandlerHarness } from '../test-harness';
import { itBehavesLikeTheSigner } from './adapter-contract';

// The plain fetch entry, as Bun.serve({ fetch }), Deno.serve and Workers take it: the handler itself, with no adapter
// of ours, here on @hono/node-server's web-standard server.
describe('the plain fetch handler on a web-standard server (@hono/node-server serve({ fetch }))', () => {
  itBehavesLikeTheSigner(async (upstream) => {
    const harness = await startHandlerHarness({ store: upstream.store }, upstream);
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const started = serve({ fetch: harness.handler, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server: started, port: info.port }),
      );
    });
    return {
      url: `http://127.0.0.1:${port}`,
      reported: harness.reported,
      async close() {
        if ('closeAllConnections' in server) server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  });
});
