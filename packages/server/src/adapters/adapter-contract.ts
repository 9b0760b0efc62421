import { createSignerTransport, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { PROTOCOL_VERSION } from '@seedance-kit/core/protocol';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it as vitestIt } from 'vitest';
import { type FlakyUpstream, startFlakyUpstream } from '../flaky-upstream.test-helper';
import { type RedisServer, startRedisServer } from '../store/redis-server.test-helper';
import { createRedisStore } from '../store/redis-store';
import type { Store } from '../store/store';
import { TEST_API_KEY, waitForTerminal } from '../test-harness';

/** A signer served by some framework on loopback, in front of the emulator. */
export interface MountedSigner {
  /** The server's origin; the signer answers under `${url}/api/seedance`. */
  url: string;
  /** Errors the handler reported through `onError`, when it runs in this process. */
  reported?: unknown[];
  /** Stops the server (the contract stops the emulator and the proxy). */
  close(): Promise<void>;
}

/**
 * What the contract hands `start`: the emulator, the flaky proxy in front of it the signer must call, and a real
 * `redis-server` the signer must keep its state in (the contract stops and restarts it).
 */
export interface ContractUpstream {
  emulator: SegmindEmulator;
  /** The signer's `upstream.baseUrl`. */
  upstreamUrl: string;
  /** The signer's `store`, for a signer in this process: a Redis store on the contract's `redis-server`. */
  store: Store;
  /** That `redis-server`'s URL, for a signer in another process (which makes its own Redis store on it). */
  redisUrl: string;
}

/** How long a store call may take before the signer answers 503: `storeTimeoutMs`'s default for a store passed in. */
const STORE_TIMEOUT_MS = 1_000;

/**
 * Each contract test may take a while on the slowest server of the lot (`next dev` compiles on first use, and answers
 * a request in tens of ms on a loaded 2-core machine).
 */
const CONTRACT_TEST_TIMEOUT_MS = 90_000;
const it = (name: string, test: () => Promise<void>) => vitestIt(name, test, CONTRACT_TEST_TIMEOUT_MS);

/**
 * The behaviour every adapter must keep, run against a real server of the adapter's kind: the handler sees the
 * full path, authorizes before anything else, streams request bodies (so the handler's size cap applies to the
 * stream) and streams the video with `Range`; hostile requests get 4xx, never 5xx; a CDN that resets mid-body, on
 * any media route and size, cuts that one response and the process keeps serving. `start` runs once for the file;
 * the caller wraps this in a `describe`.
 */
export function itBehavesLikeTheSigner(start: (upstream: ContractUpstream) => Promise<MountedSigner>): void {
  let signer: MountedSigner;
  let base: string;
  let emulator: SegmindEmulator;
  let flaky: FlakyUpstream;
  let redis: RedisServer;
  let redisClient: Redis;
  const escaped: unknown[] = [];
  const onEscaped = (error: unknown) => escaped.push(error);
  const as = (userId: string): SeedanceTransport =>
    createSignerTransport({ baseUrl: base, headers: { 'x-test-user': userId } });
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${base}/generations`, {
      method: 'POST',
      headers: {
        'x-test-user': 'alice',
        'content-type': 'application/json',
        'x-seedance-protocol': String(PROTOCOL_VERSION),
        'idempotency-key': createIdempotencyKey(),
        ...headers,
      },
      body,
      duplex: 'half',
    } as RequestInit);

  beforeAll(async () => {
    process.on('unhandledRejection', onEscaped);
    process.on('uncaughtException', onEscaped);
    emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency: { queuedMs: 60, processingMs: 120 } });
    flaky = await startFlakyUpstream(emulator.url);
    redis = await startRedisServer();
    redisClient = new Redis(redis.url);
    // ioredis logs connection errors unless someone listens; the outage test causes them on purpose.
    redisClient.on('error', () => {});
    const store = createRedisStore({ client: redisClient, prefix: 'contract:' });
    signer = await start({ emulator, upstreamUrl: flaky.url, store, redisUrl: redis.url });
    base = `${signer.url}/api/seedance`;
  }, 60_000);

  afterEach(() => {
    // Whatever a test did, nothing escaped: an unhandled rejection or exception would end a real server's process.
    expect(escaped.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await signer?.close();
    redisClient?.disconnect();
    await redis?.stop();
    await flaky?.stop();
    await emulator?.stop();
    process.off('unhandledRejection', onEscaped);
    process.off('uncaughtException', onEscaped);
  });

  it('answers 401 before 404 or 405 to a caller that is not signed in, whatever the route', async () => {
    for (const [method, path] of [
      ['GET', '/nothing-here'],
      ['PUT', '/config'],
      ['PATCH', '/generations/anything'],
      ['GET', '/generations/not-a-token/video'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('answers random hostile requests 4xx, never 5xx, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.array(
          fc.constantFrom('generations', 'config', 'uploads', 'video', 'last-frame', '%2e%2e', '..', 'x', '%00'),
          {
            maxLength: 4,
          },
        ),
        fc.boolean(),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('application/json', 'text/plain', 'image/png', ''),
        async (method, segments, signedIn, body, contentType) => {
          const headers: Record<string, string> = { 'x-seedance-protocol': '1', 'idempotency-key': 'hostile-12345' };
          if (signedIn) headers['x-test-user'] = 'mallory';
          if (contentType) headers['content-type'] = contentType;
          const path = `${base}/${segments.join('/')}`;
          const readable = method === 'GET' || method === 'HEAD';
          const response = await fetch(path, { method, headers, ...(readable ? {} : { body }) });
          await response.arrayBuffer();
          // Two readable routes rightly answer a signed-in user 200: the config and the user's own history
          // (`GET /generations`). `config/x/%2e%2e` is `config/` once the URL parser resolves the dot segment, and
          // frameworks (Next) then redirect the trailing slash away, so the path is compared without it.
          const servedRoute =
            readable &&
            signedIn &&
            ['/api/seedance/config', '/api/seedance/generations'].includes(new URL(path).pathname.replace(/\/+$/, ''));
          if (!servedRoute) {
            expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
            expect(response.status, `${method} ${path}`).toBeLessThan(500);
          }
          // Paths the URL parser moves out of the mount point (`..`), and the bare mount point that a catch-all route
          // (`[...path]`) does not match, are the framework's to answer, not the signer's.
          if (!signedIn && /^\/api\/seedance\/[^/]/.test(new URL(path).pathname)) expect(response.status).toBe(401);
        },
      ),
      {
        numRuns: 40,
        // Always tried, whatever the seed: a signed-in read of the history route, and the same path signed out.
        examples: [
          ['GET', ['generations'], true, '', 'application/json'],
          ['GET', ['generations'], false, '', 'application/json'],
          ['HEAD', ['config', 'x', '%2e%2e'], true, '', ''],
        ],
      },
    );
    const after = await fetch(`${base}/config`, { headers: { 'x-test-user': 'alice' } });
    expect(after.status).toBe(200);
  });

  it('cuts only the one response when the CDN resets mid-body, on every media route and size, and keeps serving', async () => {
    const alice = as('alice');
    let job = await alice.submit(
      { prompt: 'A lighthouse at dusk, waves below', return_last_frame: true },
      { idempotencyKey: createIdempotencyKey() },
    );
    job = await waitForTerminal(alice, job);
    expect(job.status).toBe('succeeded');
    const cases = [
      { route: 'video, whole (over 64 KiB)', url: job.result!.videoUrl, range: undefined, cutAfterBytes: 30_000 },
      { route: 'video, a small Range', url: job.result!.videoUrl, range: 'bytes=0-9999', cutAfterBytes: 5_000 },
      { route: 'last frame, whole', url: job.result!.lastFrameUrl!, range: undefined, cutAfterBytes: 4_000 },
    ];
    const reportedBefore = signer.reported?.length ?? 0;
    try {
      for (const { route, url, range, cutAfterBytes } of cases) {
        flaky.cdn.cutAfterBytes = cutAfterBytes;
        let status = 0;
        let outcome: { status: number; bytes: number } | { error: unknown };
        try {
          const response = await fetch(url, {
            headers: { 'x-test-user': 'alice', ...(range ? { range } : {}) },
            signal: AbortSignal.timeout(20_000),
          });
          status = response.status;
          outcome = { status, bytes: (await response.arrayBuffer()).byteLength };
        } catch (error) {
          // A transfer that neither ends nor fails is a hang, not a cut: that fails the test too.
          outcome = error instanceof Error && error.name === 'TimeoutError' ? { status: 0, bytes: -1 } : { error };
        }
        // The media answer was streamed: its status and first bytes left before the CDN cut (a body read whole
        // first would have failed before any status was sent).
        expect(status, `${route}: the answer was streamed`).toBe(range ? 206 : 200);
        // The client must see the transfer fail (an error, or fewer bytes than announced, which fetch reports as an
        // error): never a short body passed off as the whole file.
        expect('error' in outcome, `${route}: ${JSON.stringify(outcome)}`).toBe(true);
        const config = await fetch(`${base}/config`, { headers: { 'x-test-user': 'alice' } });
        expect(config.status, `${route}: the server still serves`).toBe(200);
      }
    } finally {
      flaky.cdn.cutAfterBytes = undefined;
    }
    if (signer.reported) {
      const cuts = signer.reported.slice(reportedBefore).map(String);
      expect(cuts.filter((text) => /mid-body/.test(text))).toHaveLength(cases.length);
    }
    const whole = await fetch(job.result!.videoUrl, { headers: { 'x-test-user': 'alice' } });
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBeGreaterThan(64 * 1024);
  });

  it("answers JSON and media with nosniff, and media with the route's own type whatever the CDN says", async () => {
    const alice = as('alice');
    let job = await alice.submit(
      { prompt: 'A tea kettle steaming on a stove', return_last_frame: true },
      { idempotencyKey: createIdempotencyKey() },
    );
    job = await waitForTerminal(alice, job);
    const poll = await fetch(`${base}/generations/${encodeURIComponent(job.id)}`, {
      headers: { 'x-test-user': 'alice' },
    });
    expect(poll.headers.get('x-content-type-options')).toBe('nosniff');
    flaky.cdn.contentType = 'text/html; charset=utf-8';
    try {
      for (const [url, type] of [
        [job.result!.videoUrl, 'video/mp4'],
        [job.result!.lastFrameUrl!, 'image/jpeg'],
      ] as const) {
        const media = await fetch(url, { headers: { 'x-test-user': 'alice', range: 'bytes=0-99' } });
        expect(media.status).toBe(206);
        expect(media.headers.get('content-type')).toBe(type);
        expect(media.headers.get('x-content-type-options')).toBe('nosniff');
        await media.arrayBuffer();
      }
    } finally {
      flaky.cdn.contentType = undefined;
    }
  });

  it('serves GET /config at the full mount path', async () => {
    const response = await fetch(`${base}/config`, {
      headers: { 'x-test-user': 'alice', 'x-seedance-protocol': String(PROTOCOL_VERSION) },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ protocolVersion: PROTOCOL_VERSION });
  });

  it('answers 401 to a caller that is not signed in', async () => {
    const response = await fetch(`${base}/config`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('runs a generation to succeeded and streams the video with Range', async () => {
    const alice = as('alice');
    let job = await alice.submit(
      { prompt: 'A paper boat on a rain puddle' },
      { idempotencyKey: createIdempotencyKey() },
    );
    job = await waitForTerminal(alice, job);
    expect(job.status).toBe('succeeded');
    const videoUrl = job.result!.videoUrl;
    expect(videoUrl).toBe(`${base}/generations/${encodeURIComponent(job.id)}/video`);

    const partial = await fetch(videoUrl, { headers: { 'x-test-user': 'alice', range: 'bytes=0-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-type')).toBe('video/mp4');
    expect(partial.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    const bytes = new Uint8Array(await partial.arrayBuffer());
    expect(bytes.byteLength).toBe(100);
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp');
  });

  // Restarts the contract's Redis, empty.
  it('answers a Redis outage with a retryable 503 in bounded time, serves /config through it, and recovers', async () => {
    const alice = as('alice');
    const job = await alice.submit({ prompt: 'A harbour in fog' }, { idempotencyKey: createIdempotencyKey() });
    const jobUrl = `${base}/generations/${encodeURIComponent(job.id)}`;
    const timed = async (url: string, init: RequestInit = {}) => {
      const started = performance.now();
      const response = await fetch(url, { ...init, headers: { 'x-test-user': 'alice', ...init.headers } });
      const body = (await response.json()) as { error?: { code: string; retryable: boolean; retryAfterMs?: number } };
      return { status: response.status, body, ms: performance.now() - started };
    };
    await redis.halt();
    try {
      for (const [what, answer] of [
        ['a poll', await timed(jobUrl)],
        [
          'a submit',
          await timed(`${base}/generations`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-seedance-protocol': String(PROTOCOL_VERSION),
              'idempotency-key': createIdempotencyKey(),
            },
            body: JSON.stringify({ input: { prompt: 'A second job during the outage' } }),
          }),
        ],
      ] as const) {
        expect(answer.status, what).toBe(503);
        expect(answer.body.error, what).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
        expect(answer.body.error?.retryAfterMs, what).toBeGreaterThan(0);
        // A few store calls' timeouts at most, never ioredis's own 10 s of retries.
        expect(answer.ms, what).toBeLessThan(STORE_TIMEOUT_MS * 4);
      }
      expect((await timed(`${base}/config`)).status).toBe(200);
    } finally {
      await redis.resume();
    }
    // The signer reconnects on its own: the same poll answers again, with no restart.
    const deadline = Date.now() + 20_000;
    let recovered = await timed(jobUrl);
    while (recovered.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = await timed(jobUrl);
    }
    expect(recovered.status).toBe(200);
  });

  it('streams a JSON body sent in chunks without Content-Length to the handler', async () => {
    const body = JSON.stringify({ input: { prompt: 'A heron standing in fog, slow dolly in' } });
    const response = await post(chunked(body, 8));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ job: { status: 'queued' } });
  });

  it('refuses a body over the 64 KiB cap with 413, whether declared or streamed', async () => {
    const huge = JSON.stringify({ input: { prompt: 'x'.repeat(80 * 1024) } });
    const declared = await post(huge);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    // No Content-Length: only the handler's count of streamed bytes can catch it, so the adapter must pass the
    // stream through rather than a body something else buffered.
    const streamed = await post(chunked(`${huge}${' '.repeat(256 * 1024)}`, 16 * 1024));
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    // The connections stay usable: a body a little over the cap is read to its end and dropped, and one far over it
    // is cut and its connection closed. Left kept alive with an unread rest, a connection hung the client's next
    // request until the server reset it.
    const endless = await post(chunked(' '.repeat(4 * 1024 * 1024), 64 * 1024)).catch(() => undefined);
    if (endless) expect(endless.status).toBe(413);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await fetch(`${base}/config`, { headers: { 'x-test-user': 'alice' } })).status).toBe(200);
    }
  });
}

/** A request body that `fetch` sends with `Transfer-Encoding: chunked`, in pieces of `size` bytes. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}
