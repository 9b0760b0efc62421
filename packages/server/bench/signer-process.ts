// One signer, as a host would run it: createSeedanceHandler on node:http via toNodeListener, in its own process so
// its memory can be measured alone. Options come in SIGNER_OPTIONS (JSON); it answers IPC questions about memory.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../src/adapters/node';
import { createSeedanceHandler } from '../src/handler';
import { answerCpuQuestions } from './cpu-usage';

interface SignerProcessOptions {
  apiKey: string;
  secret: string;
  upstreamBaseUrl: string;
  mediaHosts?: string[];
  pollIntervalMs: number;
}

const options = JSON.parse(process.env.SIGNER_OPTIONS ?? '{}') as SignerProcessOptions;
let errors = 0;
const handler = createSeedanceHandler({
  apiKey: options.apiKey,
  secret: options.secret,
  authorize: () => ({ id: 'bench-user' }),
  upstream: {
    baseUrl: options.upstreamBaseUrl,
    ...(options.mediaHosts ? { mediaHosts: options.mediaHosts } : {}),
  },
  limits: {
    requestsPerMinute: Number.POSITIVE_INFINITY,
    videoSecondsPerDay: Number.POSITIVE_INFINITY,
    concurrentJobs: Number.POSITIVE_INFINITY,
  },
  pollIntervalMs: options.pollIntervalMs,
  onError: (error) => {
    errors++;
    if (errors <= 3) console.error('[signer]', error);
  },
});

// Memory sampled every 50 ms; the peaks are kept since the last "reset" (which first runs a full GC).
const peaks = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
function sample(): NodeJS.MemoryUsage {
  const usage = process.memoryUsage();
  peaks.rss = Math.max(peaks.rss, usage.rss);
  peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
  peaks.arrayBuffers = Math.max(peaks.arrayBuffers, usage.arrayBuffers);
  return usage;
}
sample();
setInterval(sample, 50).unref();

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset' || message.type === 'memory') {
    if (message.type === 'reset') {
      globalThis.gc?.();
      Object.assign(peaks, { rss: 0, heapUsed: 0, arrayBuffers: 0 });
    }
    const usage = sample();
    process.send?.({
      type: 'memory',
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      arrayBuffers: usage.arrayBuffers,
      peakRss: peaks.rss,
      peakHeapUsed: peaks.heapUsed,
      peakArrayBuffers: peaks.arrayBuffers,
      errors,
    });
  } else if (message.type === 'stop') {
    process.exit(0);
  }
});

answerCpuQuestions();
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
