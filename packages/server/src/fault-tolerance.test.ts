import { readFileSync } from 'node:fs';
import { type GenerationJob, SeedanceError } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessScheduler } from './follower/in-process-scheduler';
import { createMemoryStore } from './store/memory-store';
import type { Store } from './store/store';
import { type SignerHarness, startSignerHarness, TEST_API_KEY } from './test-harness';

/*
 * Store failures at every point of a user's whole flow (submit, polls to the end with the completion hook set, both
 * media routes, an upload, a cancel), one failing call per run, over real HTTP with the emulator: each failure is a
 * retryable 503 for that one call, or reported through onError when nobody is waiting for it, and the process keeps
 * serving. The error is the one Redis gives when it is out of memory.
 */

const jpeg = new Uint8Array(
  readFileSync(new URL('../../emulator/media/seedance-16x9-last-frame.jpg', import.meta.url)),
);

/** A memory store whose `failAt`-th call (counted from `reset`) rejects, or whose calls on matching keys do. */
function failingStore() {
  const inner = createMemoryStore();
  const control = { calls: 0, failAt: undefined as number | undefined, failKeys: undefined as RegExp | undefined };
  const wrap =
    <A extends unknown[], R>(call: (key: string, ...rest: A) => Promise<R>) =>
    (key: string, ...rest: A): Promise<R> => {
      control.calls++;
      if (control.calls === control.failAt || control.failKeys?.test(key)) {
        return Promise.reject(new Error('OOM command not allowed when used memory > maxmemory'));
      }
      return call(key, ...rest);
    };
  const store: Store = {
    get: wrap(inner.get),
    set: wrap(inner.set),
    setIfAbsent: wrap(inner.setIfAbsent),
    delete: wrap(inner.delete),
    increment: wrap(inner.increment),
    acquireSlot: wrap(inner.acquireSlot),
    releaseSlot: wrap(inner.releaseSlot),
    indexSet: wrap(inner.indexSet),
    indexRemove: wrap(inner.indexRemove),
    indexRange: wrap(inner.indexRange),
    publish: wrap(inner.publish),
    subscribe: wrap(inner.subscribe),
  };
  return { store, control };
}

let harness: SignerHarness;
const { store, control } = failingStore();
const completed: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  harness = await startSignerHarness(
    {
      store,
      limits: {
        requestsPerMinute: 10_000,
        concurrentJobs: 10_000,
        videoSecondsPerDay: Number.POSITIVE_INFINITY,
        uploadsPerMinute: 10_000,
        uploadBytesPerDay: Number.POSITIVE_INFINITY,
      },
      onGenerationComplete: ({ job }) => {
        completed.push(job.id);
      },
      // No periodic sweep during the test: a failure must be reported and retried by the step that met it, not
      // picked up again by a sweep that would hide a task whose failure was swallowed.
      follow: { scheduler: createInProcessScheduler({ sweepMs: 10 * 60_000 }) },
    },
    { latency: { queuedMs: 20, processingMs: 40 } },
  );
});

afterEach(() => {
  for (const body of harness.bodies) expect(body).not.toContain(TEST_API_KEY);
  expect(unhandled.splice(0)).toEqual([]);
});

afterAll(async () => {
  await harness?.close();
  process.off('unhandledRejection', onUnhandled);
});

const base = () => `${harness.url}/api/seedance`;
const alice = { 'x-test-user': 'alice' };

/**
 * One call, retried as a client would while it answers 503 UNAVAILABLE, or 504 UPSTREAM_TIMEOUT for a submit whose
 * outcome is not known yet (the same request, with the same idempotency key, then receives the job); any other 5xx
 * fails the test.
 */
async function call(url: string, init: RequestInit = {}, expected = [200]): Promise<Response> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await fetch(url, { ...init, headers: { ...alice, ...init.headers } });
    if (response.status !== 503 && response.status !== 504) {
      const said = expected.includes(response.status) ? '' : await response.clone().text();
      expect(expected, `${init.method ?? 'GET'} ${url} answered ${response.status} ${said}`).toContain(response.status);
      return response;
    }
    const { error } = (await response.json()) as { error: { code: string; retryable: boolean } };
    expect(error).toMatchObject({
      code: response.status === 503 ? 'UNAVAILABLE' : 'UPSTREAM_TIMEOUT',
      retryable: true,
    });
    // A client waits retryAfterMs; a tenth of the poll interval's worth is enough here.
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  throw new Error(`${url} kept answering 503/504`);
}

/** Everything a user does, start to end. Returns the number of store calls it made. */
async function wholeFlow(): Promise<void> {
  const submit = (prompt: string) =>
    call(
      `${base()}/generations`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-seedance-protocol': '1',
          'idempotency-key': createIdempotencyKey(),
        },
        body: JSON.stringify({ input: { prompt, return_last_frame: true } }),
      },
      [202],
    ).then(async (response) => ((await response.json()) as { job: GenerationJob }).job);
  let job = await submit('A paper lantern drifting upward');
  const deadline = Date.now() + 10_000;
  while (!['succeeded', 'failed', 'expired', 'canceled'].includes(job.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    job = ((await (await call(`${base()}/generations/${encodeURIComponent(job.id)}`)).json()) as { job: GenerationJob })
      .job;
  }
  expect(job.status).toBe('succeeded');
  const video = await call(`${harness.url}${job.result!.videoUrl}`, { headers: { range: 'bytes=0-99' } }, [206]);
  expect((await video.arrayBuffer()).byteLength).toBe(100);
  await (await call(`${harness.url}${job.result!.lastFrameUrl!}`)).arrayBuffer();
  await call(
    `${base()}/uploads`,
    {
      method: 'POST',
      headers: { 'x-seedance-protocol': '1', 'x-seedance-upload-kind': 'image', 'content-type': 'image/jpeg' },
      body: jpeg,
    },
    [201],
  );
  const second = await submit('A second job, canceled');
  await call(`${base()}/generations/${encodeURIComponent(second.id)}`, {
    method: 'DELETE',
    headers: { 'x-seedance-protocol': '1' },
  });
}

describe('store failures', () => {
  it('at every store call of a whole flow, in turn: that call answers 503 or is reported, and the process keeps serving', async () => {
    control.calls = 0;
    control.failAt = undefined;
    await wholeFlow();
    const callsInFlow = control.calls;
    expect(callsInFlow).toBeGreaterThan(10);
    for (let failAt = 1; failAt <= callsInFlow; failAt++) {
      control.calls = 0;
      control.failAt = failAt;
      harness.reported.length = 0;
      await wholeFlow();
      // Whatever was reported is the store failure, named as such: never an INTERNAL of unknown cause.
      for (const error of harness.reported) {
        expect(SeedanceError.isInstance(error) && error.code, String(error)).toBe('UNAVAILABLE');
      }
      const config = await fetch(`${base()}/config`, { headers: alice });
      expect(config.status).toBe(200);
    }
    control.failAt = undefined;
  }, 120_000);

  it('inside the completion delivery (the once-per-job claim) is reported, not a crash, and the follower delivers later', async () => {
    control.failAt = undefined;
    control.failKeys = /^delivery:/;
    harness.reported.length = 0;
    completed.length = 0;
    const transport = harness.transportFor('alice');
    let job = await transport.submit({ prompt: 'A clock tower at noon' }, { idempotencyKey: createIdempotencyKey() });
    while (!['succeeded', 'failed'].includes(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      job = await transport.getJob(job.id);
    }
    expect(job.status).toBe('succeeded');
    const unavailable = () =>
      harness.reported.some((error) => SeedanceError.isInstance(error) && error.code === 'UNAVAILABLE');
    await until(unavailable, 'the failed delivery claim to be reported');
    expect(completed).toEqual([]);
    // Redis has memory again: the follower's next attempt runs the hook, once.
    control.failKeys = undefined;
    await until(() => completed.length > 0, 'the hook to run after the store recovered');
    expect(completed).toEqual([job.id]);
  }, 60_000);
});

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
