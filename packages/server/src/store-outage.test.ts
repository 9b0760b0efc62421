import { createIdempotencyKey, SeedanceError } from '@seedance-kit/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './store/redis-server.test-helper';
import { createRedisStore } from './store/redis-store';
import { type SignerHarness, signExpiredTestToken, startSignerHarness } from './test-harness';

/*
 * A real redis-server, stopped and started again by the test, behind a signer whose Redis client keeps ioredis's
 * defaults (an offline queue and 20 retries per command: the setting under which every call used to stall 10.5 s
 * and then answer 500 INTERNAL, not retryable).
 */

const STORE_TIMEOUT_MS = 500;
let redis: RedisServer;
let client: Redis;
let harness: SignerHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  redis = await startRedisServer();
  client = new Redis(redis.url);
  // ioredis logs connection errors unless someone listens; the outage is the point of this test.
  client.on('error', () => {});
  harness = await startSignerHarness(
    { store: createRedisStore({ client, prefix: 'outage:' }), storeTimeoutMs: STORE_TIMEOUT_MS },
    { latency: { queuedMs: 50, processingMs: 120_000 } },
  );
});

afterAll(async () => {
  await harness?.close();
  client?.disconnect();
  await redis?.stop();
  process.off('unhandledRejection', onUnhandled);
});

const asAlice = { 'x-test-user': 'alice' };

async function timed(url: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = (await response.json()) as { error?: { code: string; retryable: boolean; retryAfterMs?: number } };
  return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
}

describe('a Redis outage', () => {
  it('answers 503 UNAVAILABLE, retryable, within a bounded time; config and token-only reads keep working; recovery is automatic', async () => {
    const base = `${harness.url}/api/seedance`;
    const alice = harness.transportFor('alice');
    const job = await alice.submit({ prompt: 'A slow sunrise over dunes' }, { idempotencyKey: createIdempotencyKey() });
    expect((await alice.getJob(job.id)).status).toMatch(/queued|running/);
    const jobUrl = `${base}/generations/${encodeURIComponent(job.id)}`;

    await redis.halt();

    // Every call that needs the store: a retryable 503 with a wait, in a bounded time (a few store timeouts at most).
    const poll = await timed(jobUrl, { headers: asAlice });
    expect(poll.status).toBe(503);
    expect(poll.body.error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(poll.body.error?.retryAfterMs).toBeGreaterThan(0);
    expect(poll.headers.get('retry-after')).not.toBeNull();
    expect(poll.ms).toBeLessThan(STORE_TIMEOUT_MS * 4);

    const submit = await timed(`${base}/generations`, {
      method: 'POST',
      headers: {
        ...asAlice,
        'content-type': 'application/json',
        'x-seedance-protocol': '1',
        'idempotency-key': createIdempotencyKey(),
      },
      body: JSON.stringify({ input: { prompt: 'A second job during the outage' } }),
    });
    expect(submit.status).toBe(503);
    expect(submit.body.error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(submit.ms).toBeLessThan(STORE_TIMEOUT_MS * 4);
    expect(harness.emulator.requests().filter((request) => request.route === 'submit')).toHaveLength(1);

    // The client sees an error it keeps polling through (retryable), not one that ends the generation.
    const seen = await alice.getJob(job.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(SeedanceError.isInstance(seen) && seen.code === 'UNAVAILABLE' && seen.retryable).toBe(true);

    // What needs no store still answers: the config, and reads the token alone decides.
    expect((await timed(`${base}/config`, { headers: asAlice })).status).toBe(200);
    expect((await timed(jobUrl, { headers: { 'x-test-user': 'mallory' } })).status).toBe(403);
    const expiredToken = await signExpiredTestToken('an-old-request', 'alice');
    const expired = await timed(`${base}/generations/${encodeURIComponent(expiredToken)}`, { headers: asAlice });
    expect(expired.status).toBe(200);
    expect(expired.body).toMatchObject({ job: { status: 'expired' } });

    await redis.resume();

    // ioredis reconnects on its own; the same poll works again without a restart of the signer.
    const deadline = Date.now() + 20_000;
    let recovered = await timed(jobUrl, { headers: asAlice });
    while (recovered.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = await timed(jobUrl, { headers: asAlice });
    }
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ job: { status: expect.stringMatching(/queued|running/) } });
    const after = await alice.submit({ prompt: 'A job after the outage' }, { idempotencyKey: createIdempotencyKey() });
    expect(after.status).toMatch(/queued|running/);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
