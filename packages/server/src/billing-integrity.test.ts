import { type GenerationJob, SeedanceError, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey, submitGeneration } from '@seedance-kit/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { type SignerHarness, startSignerHarness } from './test-harness';

// Billing follows the server, not the client: each drill plays a hostile or flaky client against the emulator over
// real HTTP and counts what Segmind was asked to run (and so would bill).

let harness: SignerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const submitsUpstream = () => harness!.emulator.requests().filter((request) => request.route === 'submit');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rawSubmit(idempotencyKey: string, prompt: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${harness!.url}/api/seedance/generations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-seedance-protocol': '1',
      'idempotency-key': idempotencyKey,
      'x-test-user': 'mallory',
    },
    body: JSON.stringify({ input: { prompt, duration: 10 } }),
    ...(signal ? { signal } : {}),
  });
}

async function watch(transport: SeedanceTransport, job: GenerationJob): Promise<GenerationJob> {
  const deadline = Date.now() + 10_000;
  let current = job;
  while (current.status === 'queued' || current.status === 'running') {
    if (Date.now() > deadline) throw new Error(`job stuck in ${current.status}`);
    await sleep(50);
    current = await transport.getJob(job.id);
  }
  return current;
}

/** The most jobs running upstream at once, from the submits Segmind answered and each job's known run time. */
function mostRunningUpstream(runMs: number): number {
  const starts = submitsUpstream()
    .filter((request) => request.status === 200)
    .map((request) => Date.parse(request.time));
  return Math.max(
    0,
    ...starts.map((start) => starts.filter((other) => other <= start && start < other + runMs).length),
  );
}

describe('billing integrity', () => {
  it('5 abandoned submits and one more under a one-job, 10 s/day limit start 1 upstream job', async () => {
    harness = await startSignerHarness(
      { limits: { concurrentJobs: 1, videoSecondsPerDay: 10 } },
      { latency: { queuedMs: 100, processingMs: 200, submitResponseMs: 300 } },
    );
    const keys = Array.from({ length: 5 }, () => createIdempotencyKey());
    for (const key of keys) {
      // The client hangs up while the signer waits on Segmind.
      const controller = new AbortController();
      const answer = rawSubmit(key, 'abandoned', controller.signal).catch((error: unknown) => error);
      await sleep(60);
      controller.abort();
      await answer;
    }
    const sixth = await rawSubmit(createIdempotencyKey(), 'one more');
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).error.code).toBe('QUOTA_EXCEEDED');
    await sleep(400);
    expect(submitsUpstream()).toHaveLength(1);
    // The abandoned submit that reached Segmind is recorded under its key: asking again returns that job.
    const replays = await Promise.all(keys.map((key) => rawSubmit(key, 'abandoned')));
    const accepted = replays.filter((response) => response.status === 202);
    expect(accepted).toHaveLength(1);
    expect(submitsUpstream()).toHaveLength(1);
  });

  it('20 concurrent duplicates of one key against a slow upstream give exactly 1 upstream job', async () => {
    harness = await startSignerHarness(
      {},
      { latency: { queuedMs: 100, processingMs: 200, submitResponseMs: 1_200 }, upstreamTimeoutMs: 400 },
    );
    const transport = harness.transportFor('alice');
    const idempotencyKey = createIdempotencyKey();
    const jobs = await Promise.all(
      Array.from({ length: 20 }, () =>
        submitGeneration(transport, { prompt: 'one click' }, { idempotencyKey, retries: 5 }),
      ),
    );
    expect(new Set(jobs.map((job) => job.id)).size).toBe(1);
    expect(submitsUpstream()).toHaveLength(1);
  });

  it('a submit answered after the signer timeout gives 1 upstream job, which the client then watches to the end', async () => {
    harness = await startSignerHarness(
      {},
      { latency: { queuedMs: 100, processingMs: 200, submitResponseMs: 900 }, upstreamTimeoutMs: 300 },
    );
    const transport = harness.transportFor('alice');
    const idempotencyKey = createIdempotencyKey();
    const firstAnswer = await transport.submit({ prompt: 'slow' }, { idempotencyKey }).catch((error) => error);
    expect(firstAnswer).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
    const job = await submitGeneration(transport, { prompt: 'slow' }, { idempotencyKey, retries: 5 });
    expect((await watch(transport, job)).status).toBe('succeeded');
    expect(submitsUpstream()).toHaveLength(1);
  });

  it('4 rounds of (submit 2, cancel 2) under a limit of 2 never run more than 2 jobs upstream', async () => {
    const latency = { queuedMs: 150, processingMs: 250 };
    harness = await startSignerHarness({ limits: { concurrentJobs: 2, requestsPerMinute: Infinity } }, { latency });
    const transport = harness.transportFor('alice');
    const canceled: GenerationJob[] = [];
    for (let round = 0; round < 4; round++) {
      const roundJobs: GenerationJob[] = [];
      const deadline = Date.now() + 10_000;
      while (roundJobs.length < 2) {
        const job = await transport
          .submit({ prompt: `round ${round}` }, { idempotencyKey: createIdempotencyKey() })
          .catch((error: unknown) => error);
        if (SeedanceError.isInstance(job)) {
          expect(job.code).toBe('QUOTA_EXCEEDED');
          if (Date.now() > deadline) throw new Error('canceled jobs never freed their slots');
          // Reading a canceled job stays canceled; it is how a browser (or the follower) notices the upstream end.
          for (const old of canceled) expect((await transport.getJob(old.id)).status).toBe('canceled');
          await sleep(30);
          continue;
        }
        roundJobs.push(job as GenerationJob);
      }
      for (const job of roundJobs) {
        expect((await transport.cancel(job.id)).status).toBe('canceled');
        canceled.push(job);
      }
    }
    expect(submitsUpstream().filter((request) => request.status === 200)).toHaveLength(8);
    expect(mostRunningUpstream(latency.queuedMs + latency.processingMs)).toBeLessThanOrEqual(2);
    // A canceled job's video is not handed out, even once Segmind finished it.
    await sleep(450);
    const video = await fetch(`${harness.url}/api/seedance/generations/${encodeURIComponent(canceled[0]!.id)}/video`, {
      headers: { 'x-test-user': 'alice' },
    });
    expect(video.status).toBe(404);
  });
});
