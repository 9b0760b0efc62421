import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationJob } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { createParser } from 'eventsource-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStorage } from '../storage/file-storage';
import { type RedisServer, startRedisServer } from '../store/redis-server.test-helper';
import { createRedisStore } from '../store/redis-store';
import { type SignerHarness, startSignerHarness, TEST_API_KEY } from '../test-harness';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const expectedRunMs = { shortestMs: 300, longestMs: 600 };
const latency = { queuedMs: 100, processingMs: 150 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signer(options: Parameters<typeof startSignerHarness>[0] = {}, emulator?: SegmindEmulator) {
  const harness = await startSignerHarness(
    { follow: { expectedRunMs }, limits: { concurrentJobs: 20, requestsPerMinute: 100 }, ...options },
    emulator ? { emulator } : { latency },
  );
  cleanups.push(() => harness.close());
  return harness;
}

function call(harness: SignerHarness, path: string, user: string, init: RequestInit = {}) {
  return fetch(`${harness.url}/api/seedance${path}`, {
    ...init,
    headers: { 'x-test-user': user, 'x-seedance-protocol': '2', ...init.headers },
  });
}

/** Reads a job's event stream until it ends, as a browser's EventSource would. */
async function readEvents(harness: SignerHarness, jobId: string, user: string, lastEventId?: string) {
  const response = await call(harness, `/generations/${encodeURIComponent(jobId)}/events`, user, {
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { id: string | undefined; job: GenerationJob }[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ id: event.id, job: JSON.parse(event.data) as GenerationJob }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return events;
}

describe('history across devices', () => {
  it("lists the caller's jobs newest first, page by page, and nobody else's", async () => {
    const harness = await signer();
    const alice = harness.transportFor('alice');
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      ids.push((await alice.submit({ prompt: `clip ${n}` }, { idempotencyKey: createIdempotencyKey() })).id);
    }
    await harness.transportFor('bob').submit({ prompt: 'bob' }, { idempotencyKey: createIdempotencyKey() });
    const first = await (await call(harness, '/generations?limit=2', 'alice')).json();
    expect(first.jobs.map((job: GenerationJob) => job.id)).toEqual([ids[4], ids[3]]);
    expect(first.jobs[0].input.prompt).toBe('clip 4');
    const second = await (await call(harness, `/generations?limit=2&cursor=${first.nextCursor}`, 'alice')).json();
    expect(second.jobs.map((job: GenerationJob) => job.id)).toEqual([ids[2], ids[1]]);
    const last = await (await call(harness, `/generations?limit=2&cursor=${second.nextCursor}`, 'alice')).json();
    expect(last.jobs.map((job: GenerationJob) => job.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeNull();
    const bobs = await (await call(harness, '/generations', 'bob')).json();
    expect(bobs.jobs.map((job: GenerationJob) => job.input.prompt)).toEqual(['bob']);
    const bad = await call(harness, '/generations?limit=1000', 'alice');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/limit must be a whole number from 1 to 100/);
  });

  it('forgets a finished job (history and stored files), cancels an unfinished one, and never forgets on a late cancel', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'seedance-history-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const harness = await signer({ storage: createFileStorage(directory) });
    const alice = harness.transportFor('alice');
    const done = await alice.submit({ prompt: 'keep then forget' }, { idempotencyKey: createIdempotencyKey() });
    const deadline = Date.now() + 10_000;
    while (
      (await readdir(directory, { recursive: true })).filter((file) => String(file).endsWith('.mp4')).length === 0
    ) {
      if (Date.now() > deadline) throw new Error('never stored');
      await sleep(50);
    }
    const running = await alice.submit({ prompt: 'still running' }, { idempotencyKey: createIdempotencyKey() });
    const canceled = await call(harness, `/generations/${encodeURIComponent(running.id)}`, 'alice', {
      method: 'DELETE',
    });
    expect((await canceled.json()).job).toMatchObject({ status: 'canceled' });
    expect(
      (await call(harness, `/generations/${encodeURIComponent(done.id)}`, 'bob', { method: 'DELETE' })).status,
    ).toBe(403);
    // A cancel that arrives after the job finished (the user clicked as it completed) keeps the paid video.
    const late = await call(harness, `/generations/${encodeURIComponent(done.id)}?intent=cancel`, 'alice', {
      method: 'DELETE',
    });
    expect((await late.json()).job).toMatchObject({ id: done.id, status: 'succeeded' });
    expect(
      (await readdir(directory, { recursive: true })).filter((file) => String(file).endsWith('.mp4')),
    ).toHaveLength(1);
    expect((await call(harness, `/generations/${encodeURIComponent(done.id)}/video`, 'alice')).status).toBe(200);
    const alicesJobs = await (await call(harness, '/generations', 'alice')).json();
    expect(alicesJobs.jobs.map((job: GenerationJob) => job.id)).toContain(done.id);
    const forgotten = await call(harness, `/generations/${encodeURIComponent(done.id)}`, 'alice', { method: 'DELETE' });
    expect(await forgotten.json()).toEqual({ deleted: true });
    expect((await readdir(directory, { recursive: true })).filter((file) => String(file).endsWith('.mp4'))).toEqual([]);
    const listed = await (await call(harness, '/generations', 'alice')).json();
    expect(listed.jobs.map((job: GenerationJob) => job.id)).toEqual([running.id]);
    expect((await call(harness, `/generations/${encodeURIComponent(done.id)}`, 'alice')).status).toBe(404);
    expect((await call(harness, `/generations/${encodeURIComponent(done.id)}/video`, 'alice')).status).toBe(404);
  });
});

describe('status pushed as Server-Sent Events', () => {
  it('streams every change to succeeded with no polling, resumes with Last-Event-ID, and says what it offers', async () => {
    const harness = await signer();
    const config = await (await call(harness, '/config', 'alice')).json();
    expect(config).toMatchObject({ protocolVersion: 2, features: { events: true, history: true } });
    const legacy = await (
      await fetch(`${harness.url}/api/seedance/config`, { headers: { 'x-test-user': 'alice' } })
    ).json();
    expect(legacy.protocolVersion).toBe(1);
    const job = await harness
      .transportFor('alice')
      .submit({ prompt: 'pushed' }, { idempotencyKey: createIdempotencyKey() });
    const events = await readEvents(harness, job.id, 'alice');
    expect(events.at(-1)?.job.status).toBe('succeeded');
    expect(events.at(-1)?.job.result?.videoUrl).toMatch(/\/video$/);
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Reconnecting with the last id gets nothing more, and the stream of a finished job ends at once.
    expect(await readEvents(harness, job.id, 'alice', events.at(-1)?.id)).toEqual([]);
    expect((await call(harness, `/generations/${encodeURIComponent(job.id)}/events`, 'bob')).status).toBe(403);
  });

  it('reaches a connection held by one instance from the instance that read Segmind (Redis pub/sub)', async () => {
    const redis: RedisServer = await startRedisServer();
    cleanups.push(() => redis.stop());
    const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency });
    cleanups.push(() => emulator.stop());
    const store = () => createRedisStore({ client: redis.client(), prefix: 'sse-fleet:' });
    // The instance holding the stream follows nothing; the other one does all the reading.
    const holder = await signer({ store: store(), follow: { scheduler: false, expectedRunMs } }, emulator);
    const reader = await signer({ store: store() }, emulator);
    const job = await reader
      .transportFor('alice')
      .submit({ prompt: 'fleet' }, { idempotencyKey: createIdempotencyKey() });
    const events = await readEvents(holder, job.id, 'alice');
    expect(events.at(-1)?.job.status).toBe('succeeded');
  });
});

describe('the signer transport of protocol version 2, over real HTTP', () => {
  it('subscribes to a job until it succeeds with no polling, and lists the history page by page', async () => {
    const harness = await signer();
    const alice = harness.transportFor('alice');
    expect(await alice.getConfig()).toMatchObject({ protocolVersion: 2, features: { events: true, history: true } });
    const job = await alice.submit({ prompt: 'subscribed' }, { idempotencyKey: createIdempotencyKey() });
    const seen: GenerationJob[] = [];
    const statusReadsBefore = harness.emulator.requests().length;
    await alice.subscribe!(job.id, (update) => seen.push(update), new AbortController().signal);
    expect(seen.at(-1)?.status).toBe('succeeded');
    expect(seen.at(-1)?.result?.videoUrl).toBe(
      `${harness.url}/api/seedance/generations/${encodeURIComponent(job.id)}/video`,
    );
    // Only the follower read Segmind: a status and a result read for one job, whatever the stream did.
    expect(harness.emulator.requests().length - statusReadsBefore).toBeLessThanOrEqual(3);
    await alice.submit({ prompt: 'second' }, { idempotencyKey: createIdempotencyKey() });
    const page = await alice.listGenerations!({ limit: 1 });
    expect(page.jobs.map((listed) => listed.input.prompt)).toEqual(['second']);
    const next = await alice.listGenerations!({ limit: 1, cursor: page.nextCursor! });
    expect(next.jobs.map((listed) => listed.id)).toEqual([job.id]);
  });

  it("ends a subscription quietly when its signal aborts, and rejects when the job is not the caller's", async () => {
    const harness = await signer();
    const job = await harness
      .transportFor('alice')
      .submit({ prompt: 'mine' }, { idempotencyKey: createIdempotencyKey() });
    const controller = new AbortController();
    const seen: GenerationJob[] = [];
    const subscription = harness.transportFor('alice').subscribe!(
      job.id,
      (update) => {
        seen.push(update);
        controller.abort();
      },
      controller.signal,
    );
    await subscription;
    expect(seen).toHaveLength(1);
    await expect(
      harness.transportFor('bob').subscribe!(job.id, () => {}, new AbortController().signal),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
