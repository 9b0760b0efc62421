import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe } from 'vitest';
import { startHandlerHarness } from '../test-harness';
import { itBehavesLikeTheSigner } from './adapter-contract';
import { toNodeListener } from './node';

describe('toNodeListener on a real node:http server', () => {
  itBehavesLikeTheSigner(async (upstream) => {
    const harness = await startHandlerHarness({ store: upstream.store }, upstream);
    const server = createServer(toNodeListener(harness.handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      reported: harness.reported,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  });
});
