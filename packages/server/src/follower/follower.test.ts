import type { GenerationJob, SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createSeedanceHandler } from '../handler';
import type { GenerationCompleteEvent, SeedanceHandlerOptions } from '../options';
import { type RedisServer, startRedisServer } from '../store/redis-server.test-helper';
import { createRedisStore } from '../store/redis-store';
import { type SignerHarness, startSignerHarness, TEST_API_KEY, TEST_SECRET } from '../test-harness';
import { createBullMqScheduler } from './bullmq-scheduler';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, type WebhookReceiver } from './webhook-receiver.test-helper';

// Nobody polls in these tests: each job must reach its end, its announcement and its history entry on the
// follower alone.

const latency = { queuedMs: 150, processingMs: 350 };
const expectedRunMs = { shortestMs: 500, longestMs: 900 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

async function harnessWith(
  options: Partial<SeedanceHandlerOptions>,
  emulator?: SegmindEmulator,
): Promise<{ signer: SignerHarness; receiver: WebhookReceiver; completed: GenerationCompleteEvent[] }> {
  const receiver = await startWebhookReceiver();
  cleanups.push(() => receiver.stop());
  const completed: GenerationCompleteEvent[] = [];
  const signer = await startSignerHarness(
    {
      webhook: { url: receiver.url, secret: TEST_WEBHOOK_SECRET },
      onGenerationComplete: (event) => void completed.push(event),
      follow: { expectedRunMs },
      limits: { concurrentJobs: 20, requestsPerMinute: 100 },
      ...options,
    },
    { latency, ...(emulator ? { emulator } : {}) },
  );
  cleanups.push(() => signer.close());
  return { signer, receiver, completed };
}

const submitMany = (transport: SeedanceTransport, count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, n) =>
      transport.submit({ prompt: `walk away ${n}` }, { idempotencyKey: createIdempotencyKey() }),
    ),
  );

const apiCalls = (emulator: SegmindEmulator) =>
  emulator.requests().filter((request) => request.route === 'status' || request.route === 'result');

describe('the follower, with no browser watching', () => {
  it('takes every job to succeeded in process, announces each once, signed, and serves the record', async () => {
    const { signer, receiver, completed } = await harnessWith({});
    const jobs = await submitMany(signer.transportFor('alice'), 5);
    await eventually(() => receiver.received.length === 5 && completed.length === 5);
    await sleep(300);
    expect(receiver.received).toHaveLength(5);
    expect(receiver.received.every((delivery) => delivery.valid)).toBe(true);
    expect(new Set(receiver.received.map((delivery) => delivery.id)).size).toBe(5);
    expect(receiver.received.map((delivery) => delivery.payload?.type)).toEqual(Array(5).fill('generation.succeeded'));
    expect(new Set(receiver.received.map((delivery) => delivery.payload?.data.job.id))).toEqual(
      new Set(jobs.map((job) => job.id)),
    );
    expect(completed.map((event) => event.user.id)).toEqual(Array(5).fill('alice'));
    // The record answers now: a finished job costs no upstream call to read.
    const before = apiCalls(signer.emulator).length;
    const read = await signer.transportFor('alice').getJob(jobs[0]!.id);
    expect(read).toMatchObject({ status: 'succeeded', input: { prompt: 'walk away 0' } });
    expect(apiCalls(signer.emulator).length).toBe(before);
  });

  it('retries a failing webhook with backoff and delivers it once it answers', async () => {
    const { signer, receiver } = await harnessWith({});
    receiver.failNext(1);
    await submitMany(signer.transportFor('alice'), 1);
    await eventually(() => receiver.received.length === 1);
    expect(receiver.received[0]?.valid).toBe(true);
    expect(signer.reported.map(String).join('\n')).toMatch(/answered HTTP 503/);
  });

  it('keeps one webhook id per job across retries, follows no redirect, and takes only a whsec_ secret', async () => {
    const { signer, receiver } = await harnessWith({});
    receiver.redirectNext(1);
    receiver.failNext(1);
    await submitMany(signer.transportFor('alice'), 1);
    await eventually(() => receiver.received.length === 1);
    // A redirect, a 503, then the delivery: three attempts under one id, so a receiver can drop repeats.
    expect(receiver.attempts).toHaveLength(3);
    expect(new Set(receiver.attempts)).toEqual(new Set([receiver.received[0]?.id]));
    expect(receiver.received[0]?.valid).toBe(true);
    expect(receiver.redirected).toBe(0);
    expect(() =>
      createSeedanceHandler({
        apiKey: TEST_API_KEY,
        secret: TEST_SECRET,
        authorize: () => null,
        webhook: { url: receiver.url, secret: 'a-plain-password-is-not-a-key' },
      }),
    ).toThrow(/webhook\.secret must be a Standard Webhooks secret/);
  }, 30_000);

  it('finishes jobs from the cron entry alone, with no scheduler', async () => {
    const { signer, receiver } = await harnessWith({ follow: { scheduler: false, expectedRunMs } });
    const [job] = await submitMany(signer.transportFor('alice'), 1);
    await sleep(latency.queuedMs + latency.processingMs + 100);
    expect(receiver.received).toHaveLength(0);
    expect(await signer.handler.followDue()).toMatchObject({ advanced: 1 });
    await eventually(async () => {
      await signer.handler.followDue();
      return receiver.received.length === 1;
    });
    const apiBefore = apiCalls(signer.emulator).length;
    expect((await signer.transportFor('alice').getJob((job as GenerationJob).id)).status).toBe('succeeded');
    expect(apiCalls(signer.emulator).length).toBe(apiBefore);
    expect(await signer.handler.followDue()).toEqual({ advanced: 0, remaining: 0 });
  });

  it('keeps the fleet within upstream.requestsPerMinute, submits first, and never causes a 429', async () => {
    const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency, rateLimitPerMinute: 12 });
    cleanups.push(() => emulator.stop());
    // Learned run times say jobs end by 600 ms: the first read finds each done (a status and a result read).
    const { signer, receiver } = await harnessWith(
      {
        upstream: { baseUrl: emulator.url, timeoutMs: 2_000, requestsPerMinute: 12 },
        follow: { expectedRunMs: { shortestMs: 650, longestMs: 900 } },
      },
      emulator,
    );
    await submitMany(signer.transportFor('alice'), 3);
    await eventually(() => receiver.received.length === 3);
    const calls = emulator.requests().filter((request) => request.route !== 'cdn');
    expect(calls.length).toBeLessThanOrEqual(12);
    expect(calls.filter((request) => request.status === 429)).toHaveLength(0);
  }, 20_000);

  it('spends a tight budget on the job past its expected run time before fresh ones', async () => {
    // A clock the test moves, so ages are exact whatever the machine's load; the emulator's jobs end in 0.5 s.
    let offset = 0;
    const { signer, receiver } = await harnessWith({
      now: () => Date.now() + offset,
      upstream: { requestsPerMinute: 10 },
      follow: { scheduler: false, expectedRunMs: { shortestMs: 30_000, longestMs: 600_000 } },
    });
    const [overdue] = await submitMany(signer.transportFor('alice'), 1);
    offset += 700_000;
    // Five fresh jobs: their submits leave 3 of the minute's 8 follow-up reads, room for one job (status and result),
    // and are more than the fifth of them a job that has barely started may use.
    await submitMany(signer.transportFor('bob'), 5);
    await sleep(latency.queuedMs + latency.processingMs + 100);
    offset += 30_000;
    // All six are due and all six are done upstream; the budget goes to the one most likely to be.
    expect(await signer.handler.followDue()).toMatchObject({ advanced: 6 });
    const reads = apiCalls(signer.emulator);
    expect(reads.map((request) => request.route)).toEqual(['status', 'result']);
    expect(reads.every((request) => request.status === 200)).toBe(true);
    await eventually(() => receiver.received.length === 1);
    expect(receiver.received[0]?.payload?.data.job.id).toBe(overdue?.id);
    expect((await signer.transportFor('alice').getJob((overdue as GenerationJob).id)).status).toBe('succeeded');
  });
});

describe('the follower on BullMQ, shared by two instances', () => {
  let redis: RedisServer;

  it('advances each job on exactly one instance, announces each once, and survives an instance leaving', async () => {
    redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency });
    cleanups.push(() => emulator.stop());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.stop());
    const instance = () =>
      startSignerHarness(
        {
          store: createRedisStore({ client: redis.client(), prefix: 'bull-fleet:' }),
          webhook: { url: receiver.url, secret: TEST_WEBHOOK_SECRET },
          follow: { scheduler: createBullMqScheduler({ connection: redis.client() }), expectedRunMs },
          limits: { concurrentJobs: 20, requestsPerMinute: 100 },
        },
        { emulator },
      );
    const first = await instance();
    const second = await instance();
    cleanups.push(() => second.close());
    const jobs = await submitMany(first.transportFor('alice'), 6);
    // One instance goes away while the jobs run; the other finishes them.
    await first.close();
    await eventually(() => receiver.received.length === 6, 20_000);
    await sleep(500);
    expect(receiver.received).toHaveLength(6);
    expect(receiver.received.every((delivery) => delivery.valid)).toBe(true);
    const finished = await Promise.all(jobs.map((job) => second.transportFor('alice').getJob(job.id)));
    expect(finished.map((job) => job.status)).toEqual(Array(6).fill('succeeded'));
    // Each job read to its end: at most a few status reads and one result read apiece, never a storm.
    expect(apiCalls(emulator).length).toBeLessThanOrEqual(6 * 4);
  });

  it('finishes a job whose BullMQ entry was lost, from the store schedule, without a restart', async () => {
    redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency });
    cleanups.push(() => emulator.stop());
    const { signer, receiver } = await harnessWith(
      {
        store: createRedisStore({ client: redis.client(), prefix: 'bull-lost:' }),
        follow: {
          scheduler: createBullMqScheduler({ connection: redis.client(), sweepMs: 500, sweepGraceMs: 500 }),
          // The first read waits a few seconds: time to lose its wake-up before it fires.
          expectedRunMs: { shortestMs: 4_000, longestMs: 5_000 },
        },
      },
      emulator,
    );
    const [job] = await submitMany(signer.transportFor('alice'), 1);
    // What a failed re-schedule or a Redis restart without its data leaves: the job's BullMQ entry is gone (here
    // removed by hand), its record and its place in the store's schedule are not.
    const queue = new Queue('seedance-follow', { connection: redis.client(), prefix: 'seedance-bull' });
    cleanups.push(() => queue.close());
    await eventually(async () => (await queue.getJobCounts('delayed')).delayed === 1);
    await queue.drain(true);
    expect(await queue.getJobCounts('delayed', 'wait', 'active')).toEqual({ delayed: 0, wait: 0, active: 0 });

    await eventually(() => receiver.received.length === 1, 30_000);
    expect(receiver.received[0]?.payload?.data.job.id).toBe(job?.id);
    expect((await signer.transportFor('alice').getJob((job as GenerationJob).id)).status).toBe('succeeded');
  }, 60_000);
});
