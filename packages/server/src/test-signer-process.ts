/**
 * A signer in a process of its own, for measurements that must not count the test's client or upstream stub:
 * started by `forkTestSigner` with the upstream URLs, it answers `{ url }` once listening and, when asked, the
 * peak resident set size it has sampled since the last reset.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from './adapters/node';
import { createSeedanceHandler } from './handler';
import { authorizeTestUser, TEST_API_KEY, TEST_SECRET } from './test-harness';

const [baseUrl = '', uploadBaseUrl = ''] = process.argv.slice(2);
const handler = createSeedanceHandler({
  apiKey: TEST_API_KEY,
  secret: TEST_SECRET,
  authorize: authorizeTestUser,
  upstream: { baseUrl, uploadBaseUrl, timeoutMs: 30_000 },
  onError: () => {},
});
const server = createServer(toNodeListener(handler));
let baseline = process.memoryUsage().rss;
let peak = baseline;
// Sampled right after a full collection (the process runs with --expose-gc): otherwise RSS also counts dead socket
// and base64 buffers that V8 frees lazily, once ~64 MB of external memory has piled up, whatever the file's size.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
setInterval(() => {
  collectGarbage();
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20).unref();
process.on('message', (message: { type: 'reset' | 'report' }) => {
  if (message.type === 'reset') {
    collectGarbage();
    baseline = process.memoryUsage().rss;
    peak = baseline;
    process.send?.({ type: 'reset' });
  } else {
    process.send?.({ type: 'report', baseline, peak });
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
