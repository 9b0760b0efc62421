import { type GenerationJob, SeedanceError, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowAnonymous } from './authorize';
import { createSeedanceHandler } from './handler';
import { signJobToken } from './job-token';
import { type SignerHarness, startSignerHarness, TEST_API_KEY, TEST_SECRET } from './test-harness';

let harness: SignerHarness;
let alice: SeedanceTransport;

beforeEach(async () => {
  harness = await startSignerHarness();
  alice = harness.transportFor('alice');
});

afterEach(async () => {
  // Whatever a test did, the key never reached anything a browser could read.
  for (const body of harness.bodies) expect(body).not.toContain(TEST_API_KEY);
  await harness.close();
});

async function waitForTerminal(transport: SeedanceTransport, job: GenerationJob): Promise<GenerationJob[]> {
  const seen = [job];
  const deadline = Date.now() + 5_000;
  let current = job;
  while (!['succeeded', 'failed', 'expired', 'canceled'].includes(current.status)) {
    if (Date.now() > deadline) throw new Error(`job stuck in ${current.status}`);
    await new Promise((resolve) => setTimeout(resolve, current.pollAfterMs ?? 50));
    current = await transport.getJob(job.id);
    seen.push(current);
  }
  return seen;
}

async function submitError(transport: SeedanceTransport, input: object): Promise<SeedanceError> {
  const error = await transport.submit(input as never, { idempotencyKey: createIdempotencyKey() }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SeedanceError.isInstance(error)) throw new Error(`expected a SeedanceError, got ${String(error)}`);
  return error;
}

const submits = () => harness.emulator.requests().filter((request) => request.route === 'submit');

describe('a generation through the signer and the emulator', () => {
  it('goes queued → running → succeeded and streams a playable MP4 with Range', async () => {
    const job = await alice.submit(
      { prompt: 'A paper boat on a rain puddle', aspect_ratio: '9:16', return_last_frame: true, seed: 7 },
      { idempotencyKey: createIdempotencyKey() },
    );
    expect(job.status).toBe('queued');
    expect(job.input).toEqual({ aspectRatio: '9:16', duration: 5, resolution: '720p', generateAudio: false });

    const seen = await waitForTerminal(alice, job);
    const statuses = [...new Set(seen.map((snapshot) => snapshot.status))];
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    const done = seen.at(-1)!;
    expect(done.result).toMatchObject({ contentType: 'video/mp4', seed: 7 });
    expect(done.result?.videoUrl).toMatch(new RegExp(`^${harness.url}/api/seedance/generations/.+/video$`));
    expect(done.pollAfterMs).toBeUndefined();

    const full = await fetch(done.result!.videoUrl, { headers: { 'x-test-user': 'alice' } });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await full.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp');
    expect(done.result?.bytes).toBe(bytes.byteLength);

    const partial = await fetch(done.result!.videoUrl, { headers: { 'x-test-user': 'alice', range: 'bytes=0-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 0-99/${bytes.byteLength}`);
    expect((await partial.arrayBuffer()).byteLength).toBe(100);

    const download = await fetch(done.result!.downloadUrl, { headers: { 'x-test-user': 'alice' } });
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="seedance-\d+\.mp4"$/);
    await download.body?.cancel();

    const lastFrame = await fetch(done.result!.lastFrameUrl!, { headers: { 'x-test-user': 'alice' } });
    expect(lastFrame.headers.get('content-type')).toBe('image/jpeg');
    await lastFrame.body?.cancel();

    // The CDN was never sent the key; the API host always was.
    for (const request of harness.emulator.requests()) {
      expect(request.headers['x-api-key'] !== undefined).toBe(request.route !== 'cdn');
    }
  });

  it('reports a FAILED upstream job as failed with the reason', async () => {
    harness.emulator.faults.inject({
      route: 'submit',
      kind: { type: 'fail-job', message: 'The renderer ran out of memory.' },
    });
    const job = await alice.submit({ prompt: 'A portrait' }, { idempotencyKey: createIdempotencyKey() });
    const done = (await waitForTerminal(alice, job)).at(-1)!;
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'GENERATION_FAILED', retryable: true });
    expect(done.error?.message).toContain('The renderer ran out of memory');
  });

  it('reports an expired upstream record as expired when the generation history does not know it either', async () => {
    harness.emulator.faults.inject({ route: 'submit', kind: { type: 'expire-job' } });
    harness.emulator.faults.inject({ route: 'generation', kind: { status: 404 } });
    const job = await alice.submit({ prompt: 'A lighthouse' }, { idempotencyKey: createIdempotencyKey() });
    const done = await alice.getJob(job.id);
    expect(done.status).toBe('expired');
    expect(done.error?.code).toBe('EXPIRED');
  });
});

describe('upstream failures become protocol errors', () => {
  it.each([
    [401, 'MISCONFIGURED', 500, /site owner must check the Segmind API key/],
    [403, 'MISCONFIGURED', 500, /may not use seedance-2.0-fast/],
    [406, 'INSUFFICIENT_CREDITS', 402, /run out of video generation credits/],
    [422, 'UPSTREAM_REJECTED', 422, /refused these parameters/],
    [429, 'RATE_LIMITED', 429, /too many requests/],
  ] as const)('upstream %i at submit → %s (HTTP %i)', async (status, code, httpStatus, message) => {
    harness.emulator.faults.inject({ route: 'submit', kind: { status } });
    const error = await submitError(alice, { prompt: 'A kite' });
    expect(error).toMatchObject({ code, status: httpStatus });
    expect(error.message).toMatch(message);
    if (code === 'RATE_LIMITED') expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(submits()).toHaveLength(1);
  });

  it('never re-sends a submit that reached Segmind: a gateway error binds the key, a plain 500 frees it', async () => {
    harness.emulator.faults.inject({ route: 'submit', kind: { status: 502 } });
    const idempotencyKey = createIdempotencyKey();
    const first = await alice.submit({ prompt: 'A tram' }, { idempotencyKey }).catch((caught: SeedanceError) => caught);
    expect(first).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502 });
    expect(submits()).toHaveLength(1);
    // Segmind may have taken the job behind the gateway: the same key gets the same answer, never a second submit.
    const again = await alice.submit({ prompt: 'A tram' }, { idempotencyKey }).catch((caught: SeedanceError) => caught);
    expect(again).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(submits()).toHaveLength(1);

    harness.emulator.faults.inject({ route: 'submit', kind: { status: 500 } });
    const refusedKey = createIdempotencyKey();
    const refused = await alice.submit({ prompt: 'A bus' }, { idempotencyKey: refusedKey }).catch((caught) => caught);
    expect(refused).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502 });
    expect(submits()).toHaveLength(2);
    // Segmind answered that it took nothing: the key is free for the retry.
    expect((await alice.submit({ prompt: 'A bus' }, { idempotencyKey: refusedKey })).status).toBe('queued');
    expect(submits()).toHaveLength(3);
  });

  it('re-sends a submit only when the connection was refused, so nothing reached Segmind', async () => {
    const closed = await startSignerHarness();
    const port = new URL(closed.emulator.url).port;
    await closed.close();
    const attempts: string[] = [];
    const refusing = await startSignerHarness({
      upstream: {
        baseUrl: `http://127.0.0.1:${port}`,
        fetch: (input, init) => {
          attempts.push(String(input));
          return fetch(input, init);
        },
      },
    });
    try {
      const error = await submitError(refusing.transportFor('alice'), { prompt: 'x' });
      expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(attempts).toHaveLength(3);
    } finally {
      await refusing.close();
    }
  });

  it('answers UPSTREAM_TIMEOUT when the upstream hangs', async () => {
    await harness.close();
    harness = await startSignerHarness({}, { upstreamTimeoutMs: 300 });
    harness.emulator.faults.inject({ route: 'status', kind: { type: 'hang' }, times: 3 });
    const transport = harness.transportFor('alice');
    const job = await transport.submit({ prompt: 'A clock' }, { idempotencyKey: createIdempotencyKey() });
    const error = await transport.getJob(job.id).catch((caught: SeedanceError) => caught);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504, retryable: true });
    expect(harness.emulator.requests().filter((request) => request.route === 'status')).toHaveLength(3);
  });
});

describe('every upstream fault ends in its documented code, with no unhandled rejection', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  type Fault = Parameters<SignerHarness['emulator']['faults']['inject']>[0]['kind'];
  it.each<[string, Fault, string]>([
    ['a 504 gateway page', { status: 504 }, 'UPSTREAM_UNAVAILABLE'],
    ['a reset connection', { type: 'reset' }, 'UPSTREAM_UNAVAILABLE'],
    ['a malformed JSON body', { type: 'malformed-json' }, 'UPSTREAM_UNAVAILABLE'],
    ['a 2xx without a request id', { type: 'missing-request-id' }, 'UPSTREAM_UNAVAILABLE'],
  ])('at submit: %s ends in its code, sent once (it may have started a job)', async (_name, kind, code) => {
    harness.emulator.faults.inject({ route: 'submit', kind, times: 3 });
    const error = await submitError(alice, { prompt: 'x' });
    expect(error.code).toBe(code);
    expect(submits()).toHaveLength(1);
  });

  it.each<[string, Fault, string, number]>([
    ['a 401', { status: 401 }, 'MISCONFIGURED', 500],
    ['a 500', { status: 500 }, 'UPSTREAM_UNAVAILABLE', 502],
    ['a 502 gateway page', { status: 502 }, 'UPSTREAM_UNAVAILABLE', 502],
    ['a 504 gateway page', { status: 504 }, 'UPSTREAM_UNAVAILABLE', 502],
    ['a reset connection', { type: 'reset' }, 'UPSTREAM_UNAVAILABLE', 502],
    ['a malformed JSON body', { type: 'malformed-json' }, 'UPSTREAM_UNAVAILABLE', 502],
  ])('while polling: %s ends in its code, and a later poll recovers', async (_name, kind, code, status) => {
    const job = await alice.submit({ prompt: 'x' }, { idempotencyKey: createIdempotencyKey() });
    harness.emulator.faults.inject({ route: 'status', kind, times: 3 });
    const error = await alice.getJob(job.id).catch((caught: SeedanceError) => caught);
    expect(error).toMatchObject({ code, status });
    // The error is cached for one poll interval like any answer, then Segmind is asked again.
    harness.emulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(['queued', 'running', 'succeeded']).toContain((await alice.getJob(job.id)).status);
  });
});

describe("Segmind's rate limit", () => {
  it('is honoured: after a 429, calls are refused locally until x-rate-limit-reset-at-utc', async () => {
    const job = await alice.submit({ prompt: 'before the limit' }, { idempotencyKey: createIdempotencyKey() });
    harness.emulator.faults.inject({ route: 'status', kind: { status: 429 } });
    const first = await alice.getJob(job.id).catch((caught: SeedanceError) => caught);
    expect(first).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const statusCalls = harness.emulator.requests().filter((request) => request.route === 'status').length;
    const submitCalls = submits().length;

    // The emulator says the limit resets in a minute: nothing goes upstream before then, on any route.
    await new Promise((resolve) => setTimeout(resolve, 80));
    const again = await alice.getJob(job.id).catch((caught: SeedanceError) => caught);
    expect(again).toMatchObject({ code: 'RATE_LIMITED' });
    expect((again as SeedanceError).retryAfterMs).toBeGreaterThan(55_000);
    const submit = await submitError(alice, { prompt: 'during the limit' });
    expect(submit.code).toBe('RATE_LIMITED');
    expect(harness.emulator.requests().filter((request) => request.route === 'status')).toHaveLength(statusCalls);
    expect(submits()).toHaveLength(submitCalls);
  });
});

describe('the signer refuses what it must', () => {
  it('refuses invalid input with field issues, and nothing reaches the upstream', async () => {
    const error = await submitError(alice, { prompt: '', duration: 7, resolution: '1080p' });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect(error.issues?.map((issue) => issue.path.join('.')).sort()).toEqual([
      'input.duration',
      'input.prompt',
      'input.resolution',
    ]);
    expect(submits()).toHaveLength(0);
  });

  it('refuses callers that authorize() does not know', async () => {
    const anonymous = await fetch(`${harness.url}/api/seedance/config`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a POST without the protocol header, without JSON, or without an idempotency key', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${harness.url}/api/seedance/generations`, {
        method: 'POST',
        headers: { 'x-test-user': 'alice', ...headers },
        body: JSON.stringify({ input: { prompt: 'x' } }),
      });
    const json = { 'content-type': 'application/json' };
    const key = { 'idempotency-key': createIdempotencyKey() };
    const protocol = { 'x-seedance-protocol': '1' };
    expect((await post({ ...json, ...key })).status).toBe(400);
    expect((await post({ ...protocol, ...key, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ ...protocol, ...json })).status).toBe(400);
    const notJson = await fetch(`${harness.url}/api/seedance/generations`, {
      method: 'POST',
      headers: { 'x-test-user': 'alice', ...json, ...key, ...protocol },
      body: '{"input":',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
    const huge = await post({ ...protocol, ...json, 'idempotency-key': createIdempotencyKey(), 'x-pad': 'x' }).then(
      () =>
        fetch(`${harness.url}/api/seedance/generations`, {
          method: 'POST',
          headers: { 'x-test-user': 'alice', ...json, ...key, ...protocol },
          body: JSON.stringify({ input: { prompt: 'x'.repeat(70 * 1024) } }),
        }),
    );
    expect(huge.status).toBe(413);
  });

  it('refuses a tampered token, a token of another user, and keeps working across secret rotation', async () => {
    const job = await alice.submit({ prompt: 'A fox' }, { idempotencyKey: createIdempotencyKey() });
    const [version, payload, signature] = job.id.split('.');
    const tampered = `${version}.${payload}x.${signature}`;
    await expect(alice.getJob(tampered)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(alice.getJob('not-a-token')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(harness.transportFor('mallory').getJob(job.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });

    const rotated = createSeedanceHandler({
      apiKey: TEST_API_KEY,
      secret: ['a-brand-new-secret-of-at-least-32-characters', TEST_SECRET],
      authorize: () => ({ id: 'alice' }),
      upstream: { baseUrl: harness.emulator.url },
    });
    const response = await rotated(new Request(`http://signer/api/seedance/generations/${encodeURIComponent(job.id)}`));
    expect(response.status).toBe(200);
    const foreign = await signJobToken(
      {
        requestId: 'r',
        userId: 'alice',
        createdAt: Date.now(),
        expiresAt: Date.now() + 1000,
        input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
        slotId: 'slot',
      },
      ['some-other-deployment-secret-of-32-characters'],
    );
    await expect(alice.getJob(foreign)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers an expired token as an expired job without asking the upstream', async () => {
    const token = await signJobToken(
      {
        requestId: 'old',
        userId: 'alice',
        createdAt: Date.now() - 7_200_000,
        expiresAt: Date.now() - 3_600_000,
        input: { aspectRatio: '1:1', duration: 4, resolution: '480p', generateAudio: true },
        slotId: 'slot',
      },
      [TEST_SECRET],
    );
    const job = await alice.getJob(token);
    expect(job).toMatchObject({ status: 'expired', input: { aspectRatio: '1:1' } });
    expect(harness.emulator.requests().filter((request) => request.route === 'status')).toHaveLength(0);
  });

  it('makes one upstream submit for concurrent duplicates with one Idempotency-Key', async () => {
    const idempotencyKey = createIdempotencyKey();
    const jobs = await Promise.all(
      Array.from({ length: 5 }, () => alice.submit({ prompt: 'A comet' }, { idempotencyKey })),
    );
    expect(new Set(jobs.map((job) => job.id)).size).toBe(1);
    expect(submits()).toHaveLength(1);
    const reused = await submitError(alice, { prompt: 'Another comet', idempotencyKey });
    expect(reused.code).toBe('VALIDATION_FAILED');
    // Another user with the same key gets a job of their own.
    await harness.transportFor('bob').submit({ prompt: 'A comet' }, { idempotencyKey });
    expect(submits()).toHaveLength(2);
  });

  it('answers unknown routes and wrong methods with protocol errors', async () => {
    const unknown = await fetch(`${harness.url}/api/seedance/nope`, { headers: { 'x-test-user': 'alice' } });
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${harness.url}/api/seedance/generations`, {
      method: 'PUT',
      headers: { 'x-test-user': 'alice' },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('names the base path it serves when a call misses it (a mount at another path)', async () => {
    const missed = await fetch(`${harness.url}/api/video/config`, { headers: { 'x-test-user': 'alice' } });
    expect(missed.status).toBe(404);
    const { error } = (await missed.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('/api/video/config');
    expect(error.message).toContain('its basePath, /api/seedance');
    expect(error.message).toContain('createSeedanceHandler({ basePath })');
  });
});

describe('createSeedanceHandler', () => {
  it('refuses to start without a key, a long enough secret and authorize, naming each', () => {
    expect(() => createSeedanceHandler({} as never)).toThrow(
      /apiKey is missing.*secret is missing.*authorize is missing/,
    );
    expect(() => createSeedanceHandler({ apiKey: TEST_API_KEY, secret: 'short', authorize: allowAnonymous() })).toThrow(
      /at least 32 characters/,
    );
    expect(() =>
      createSeedanceHandler({
        apiKey: TEST_API_KEY,
        secret: TEST_SECRET,
        authorize: allowAnonymous(),
        upstream: { baseUrl: 'ftp://x' },
      }),
    ).toThrow(/upstream.baseUrl must be an absolute http\(s\) URL/);
  });

  it('serves the deployment config', async () => {
    const config = await alice.getConfig();
    expect(config).toMatchObject({
      protocolVersion: 2,
      features: { events: true, history: true },
      resolutions: ['480p', '720p'],
    });
  });
});

describe('the key and redirects', () => {
  it('never follows an upstream redirect, so the key cannot be carried to another host', async () => {
    const { createServer } = await import('node:http');
    const listen = async (server: ReturnType<typeof createServer>) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    };
    const thiefSaw: string[] = [];
    const thief = createServer((request, response) => {
      thiefSaw.push(String(request.headers['x-api-key'] ?? 'no key'));
      response.writeHead(500).end();
    });
    const thiefUrl = await listen(thief);
    const redirector = createServer((_request, response) => {
      response.writeHead(307, { location: `${thiefUrl}/steal` }).end();
    });
    const redirectorUrl = await listen(redirector);
    const handler = createSeedanceHandler({
      apiKey: TEST_API_KEY,
      secret: TEST_SECRET,
      authorize: allowAnonymous(),
      upstream: { baseUrl: redirectorUrl, maxAttempts: 1 },
      onError: () => {},
    });
    const response = await handler(
      new Request('http://signer/api/seedance/generations', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-seedance-protocol': '1',
          'idempotency-key': 'redirect-key-1',
        },
        body: JSON.stringify({ input: { prompt: 'follow me' } }),
      }),
    );
    expect(response.status).toBe(502);
    expect(thiefSaw).toEqual([]);
    redirector.close();
    thief.close();
  });
});
