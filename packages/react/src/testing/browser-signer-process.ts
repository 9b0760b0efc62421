/**
 * The browser tests' signer, in a process of its own (started by `browser-signer.global-setup.ts` with tsx and the
 * source condition, so it runs on the workspace's sources): the Segmind emulator, a real signer in front of it
 * (memory store, in-process follower), and a small proxy in front of the signer on another loopback port. The proxy
 * answers CORS for the test page (so the page talks to the signer cross-origin, as a host with a separate backend
 * does), records every request per user, and cuts the event stream of a request that carries `x-test-cut-events`
 * right after its first event, as a dropped connection would. Answers `{ url }` over IPC once listening.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSegmindEmulator } from '@seedance-kit/emulator';
import { createSeedanceHandler } from '@seedance-kit/server';
import { toNodeListener } from '@seedance-kit/server/node';

/** One request the page sent through the test proxy, as the browser tests read it back from `/__requests`. */
export interface ProxiedRequest {
  user: string;
  method: string;
  path: string;
  /** Whether the proxy cut this response (an event stream asked to be cut). */
  cut: boolean;
}

const API_KEY = 'SG_0123456789abcdef';
const SECRET = 'browser-tests-secret-at-least-32-characters';
/** A test sets this header (through the transport's `headers`) to have its event streams cut after the first event. */
const CUT_EVENTS_HEADER = 'x-test-cut-events';

async function start(): Promise<void> {
  const emulator = await startSegmindEmulator({ apiKey: API_KEY, latency: { queuedMs: 400, processingMs: 2500 } });
  const handler = createSeedanceHandler({
    apiKey: API_KEY,
    secret: SECRET,
    authorize: (request) => {
      const id = request.headers.get('x-test-user');
      return id ? { id } : null;
    },
    upstream: { baseUrl: emulator.url, timeoutMs: 10_000 },
    pollIntervalMs: 250,
    limits: { concurrentJobs: 20, requestsPerMinute: 100 },
    follow: { expectedRunMs: { shortestMs: 1_000, longestMs: 4_000 } },
    onError: () => {},
  });
  const signer = createServer(toNodeListener(handler));
  const signerPort = await listen(signer);
  const requests: ProxiedRequest[] = [];
  const proxy = createServer((incoming, outgoing) => {
    const origin = incoming.headers.origin;
    if (origin) {
      outgoing.setHeader('access-control-allow-origin', origin);
      outgoing.setHeader('vary', 'origin');
    }
    if (incoming.method === 'OPTIONS') {
      outgoing.writeHead(204, {
        'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
        'access-control-allow-headers': incoming.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': '600',
      });
      outgoing.end();
      return;
    }
    const url = new URL(incoming.url ?? '/', 'http://proxy.test');
    if (url.pathname === '/__requests') {
      const user = url.searchParams.get('user');
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(requests.filter((entry) => entry.user === user)));
      return;
    }
    pass(incoming, outgoing, signerPort, requests);
  });
  const proxyPort = await listen(proxy);
  process.on('disconnect', () => {
    for (const server of [proxy, signer]) server.closeAllConnections();
    void Promise.allSettled([handler.close(), emulator.stop()]).then(() => process.exit(0));
  });
  process.send?.({ url: `http://127.0.0.1:${proxyPort}/api/seedance` });
}

/** Forwards one request to the signer, cutting an event stream after its first event when the request asks. */
function pass(incoming: IncomingMessage, outgoing: ServerResponse, port: number, log: ProxiedRequest[]): void {
  const path = incoming.url ?? '/';
  const user = String(incoming.headers['x-test-user'] ?? '');
  const cuts = incoming.headers[CUT_EVENTS_HEADER] === '1' && /\/events(\?|$)/.test(path);
  const entry: ProxiedRequest = { user, method: incoming.method ?? 'GET', path, cut: false };
  log.push(entry);
  const upstream = forward(
    { host: '127.0.0.1', port, method: incoming.method, path, headers: incoming.headers },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => {
        outgoing.write(chunk);
        if (cuts && chunk.toString().includes('event: job')) {
          // Mid-run: the job's first state went through, then the connection drops without a clean end.
          entry.cut = true;
          answer.destroy();
          outgoing.destroy();
        }
      });
      answer.on('end', () => outgoing.end());
      answer.on('error', () => outgoing.destroy());
    },
  );
  upstream.on('error', () => outgoing.destroy());
  outgoing.on('close', () => upstream.destroy());
  incoming.pipe(upstream);
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

void start();
