import type { GenerationJob, SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GenerationCompleteEvent, SeedanceHandlerOptions } from './options';
import { type RedisServer, startRedisServer } from './store/redis-server.test-helper';
import { createRedisStore } from './store/redis-store';
import { type SignerHarness, startSignerHarness, TEST_API_KEY } from './test-harness';

// Two signer instances behind one load balancer: separate processes in production, separate servers here,
// sharing only Redis and the Segmind account (one emulator).
let redis: RedisServer;
let emulator: SegmindEmulator;
let instances: SignerHarness[];
let prefix = 0;

async function startFleet(options: Partial<SeedanceHandlerOptions> = {}): Promise<[SignerHarness, SignerHarness]> {
  const shared = `fleet-${++prefix}:`;
  const start = () =>
    startSignerHarness(
      { ...options, store: createRedisStore({ client: redis.client(), prefix: shared }) },
      { emulator },
    );
  instances = await Promise.all([start(), start()]);
  return instances as [SignerHarness, SignerHarness];
}

beforeEach(async () => {
  redis = await startRedisServer();
  emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency: { queuedMs: 80, processingMs: 120 } });
  instances = [];
});

afterEach(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await emulator.stop();
  await redis.stop();
});

const submits = () => emulator.requests().filter((request) => request.route === 'submit').length;
const statuses = () => emulator.requests().filter((request) => request.route === 'status').length;

async function finished(transport: SeedanceTransport, job: GenerationJob): Promise<GenerationJob> {
  const deadline = Date.now() + 5_000;
  let current = job;
  while (current.status === 'queued' || current.status === 'running') {
    if (Date.now() > deadline) throw new Error(`job stuck in ${current.status}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
    current = await transport.getJob(job.id);
  }
  return current;
}

describe('a fleet of signers sharing Redis', () => {
  it('agrees on idempotency: concurrent duplicates on both instances make one upstream submit', async () => {
    const [a, b] = await startFleet();
    const idempotencyKey = createIdempotencyKey();
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        (n % 2 ? a : b).transportFor('alice').submit({ prompt: 'one comet' }, { idempotencyKey }),
      ),
    );
    expect(new Set(jobs.map((job) => job.id)).size).toBe(1);
    expect(submits()).toBe(1);
  });

  it('agrees on per-user quotas across instances', async () => {
    const [a, b] = await startFleet({ limits: { requestsPerMinute: 3, concurrentJobs: 10 } });
    await a.transportFor('alice').submit({ prompt: '1' }, { idempotencyKey: createIdempotencyKey() });
    await b.transportFor('alice').submit({ prompt: '2' }, { idempotencyKey: createIdempotencyKey() });
    await a.transportFor('alice').submit({ prompt: '3' }, { idempotencyKey: createIdempotencyKey() });
    await expect(
      b.transportFor('alice').submit({ prompt: '4' }, { idempotencyKey: createIdempotencyKey() }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(submits()).toBe(3);
  });

  it('agrees on cancellations and frees the concurrency slot for every instance', async () => {
    const [a, b] = await startFleet({ limits: { concurrentJobs: 1 } });
    const job = await a.transportFor('alice').submit({ prompt: 'stop' }, { idempotencyKey: createIdempotencyKey() });
    await expect(
      b.transportFor('alice').submit({ prompt: 'blocked' }, { idempotencyKey: createIdempotencyKey() }),
    ).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    const response = await fetch(`${a.url}/api/seedance/generations/${encodeURIComponent(job.id)}`, {
      method: 'DELETE',
      headers: { 'x-test-user': 'alice', 'x-seedance-protocol': '1' },
    });
    expect(response.status).toBe(200);
    expect((await b.transportFor('alice').getJob(job.id)).status).toBe('canceled');
    // The slot is held until the job ends upstream (Segmind cannot stop it), then freed for every instance.
    const deadline = Date.now() + 5_000;
    for (;;) {
      const next = await b
        .transportFor('alice')
        .submit({ prompt: 'now free' }, { idempotencyKey: createIdempotencyKey() })
        .catch((error: { code?: string }) => error);
      if (!('code' in next)) break;
      expect(next.code).toBe('QUOTA_EXCEEDED');
      if (Date.now() > deadline) throw new Error('the canceled job never freed its slot');
      await a.transportFor('alice').getJob(job.id);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  });

  it('runs the completion hook once across instances, and coalesces polls across instances', async () => {
    const events: GenerationCompleteEvent[] = [];
    const [a, b] = await startFleet({
      onGenerationComplete: (event) => void events.push(event),
      pollIntervalMs: 1_000,
    });
    const job = await a.transportFor('alice').submit({ prompt: 'shared' }, { idempotencyKey: createIdempotencyKey() });
    const before = statuses();
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? a : b).transportFor('alice').getJob(job.id)));
    expect(statuses() - before).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const done = await finished(a.transportFor('alice'), await b.transportFor('alice').getJob(job.id));
    expect(done.status).toBe('succeeded');
    await Promise.all([a, b, a, b].map((instance) => instance.transportFor('alice').getJob(job.id)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
  });
});
