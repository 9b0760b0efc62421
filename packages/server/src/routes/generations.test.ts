import { type GenerationJob, SeedanceError, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationCompleteEvent } from '../options';
import { type SignerHarness, startSignerHarness } from '../test-harness';

let harness: SignerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const key = () => ({ idempotencyKey: createIdempotencyKey() });
const routeCount = (route: string) => harness!.emulator.requests().filter((request) => request.route === route).length;

async function rejection(promise: Promise<unknown>): Promise<SeedanceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SeedanceError.isInstance(error)) throw new Error(`expected a SeedanceError, got ${String(error)}`);
  return error;
}

async function until(transport: SeedanceTransport, job: GenerationJob, status: GenerationJob['status']) {
  const deadline = Date.now() + 5_000;
  let current = job;
  while (current.status !== status) {
    if (Date.now() > deadline) throw new Error(`job stayed ${current.status}, wanted ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = await transport.getJob(job.id);
  }
  return current;
}

describe('deployment policy', () => {
  it('is served by /config and enforced with field issues before anything reaches Segmind', async () => {
    harness = await startSignerHarness({
      policy: { durations: [4, 5], resolutions: ['480p'], generateAudio: false, maxReferences: { images: 2 } },
    });
    const alice = harness.transportFor('alice');
    expect(await alice.getConfig()).toMatchObject({
      durations: [4, 5],
      resolutions: ['480p'],
      generateAudio: false,
      maxReferences: { images: 2, videos: 3, audios: 3 },
    });
    const error = await rejection(
      alice.submit(
        {
          prompt: 'x',
          duration: 10,
          generate_audio: true,
          reference_images: ['https://a.test/1.png', 'https://a.test/2.png', 'https://a.test/3.png'],
        },
        key(),
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues?.map((issue) => issue.path.join('.'))).toEqual([
      'input.duration',
      'input.resolution',
      'input.generate_audio',
      'input.reference_images',
    ]);
    expect(error.issues?.[0]?.message).toBe('this site allows the durations 4 s, 5 s');
    expect(routeCount('submit')).toBe(0);
  });

  it('refuses to start on a policy outside what the model accepts', async () => {
    await expect(startSignerHarness({ policy: { durations: [7 as never] } })).rejects.toThrow(
      /policy.durations must be a non-empty subset/,
    );
  });
});

describe('per-user limits', () => {
  it('limits generations per minute per user, with the wait in retryAfterMs', async () => {
    harness = await startSignerHarness({ limits: { requestsPerMinute: 2, concurrentJobs: 10 } });
    const alice = harness.transportFor('alice');
    await alice.submit({ prompt: 'one' }, key());
    await alice.submit({ prompt: 'two' }, key());
    const error = await rejection(alice.submit({ prompt: 'three' }, key()));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    await harness.transportFor('bob').submit({ prompt: 'bob is separate' }, key());
    expect(routeCount('submit')).toBe(3);
  });

  it("caps concurrent jobs, frees the slot when a job ends, and holds a canceled job's slot until it ends upstream", async () => {
    harness = await startSignerHarness(
      { limits: { concurrentJobs: 1 } },
      { latency: { queuedMs: 50, processingMs: 100 } },
    );
    const alice = harness.transportFor('alice');
    const first = await alice.submit({ prompt: 'first' }, key());
    const busy = await rejection(alice.submit({ prompt: 'second' }, key()));
    expect(busy).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: true });
    expect(busy.message).toMatch(/already have 1 generations in progress/);
    await until(alice, first, 'succeeded');
    const second = await alice.submit({ prompt: 'second' }, key());
    const canceled = await fetch(`${harness.url}/api/seedance/generations/${encodeURIComponent(second.id)}`, {
      method: 'DELETE',
      headers: { 'x-test-user': 'alice', 'x-seedance-protocol': '1' },
    });
    expect(canceled.status).toBe(200);
    // Segmind cannot stop the canceled job: it still runs (and bills), so it still counts against the limit.
    expect(await rejection(alice.submit({ prompt: 'third' }, key()))).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    const deadline = Date.now() + 5_000;
    for (;;) {
      const third = await alice.submit({ prompt: 'third' }, key()).catch((error: unknown) => error);
      if (!SeedanceError.isInstance(third)) break;
      expect(third.code).toBe('QUOTA_EXCEEDED');
      if (Date.now() > deadline) throw new Error('the canceled job never freed its slot');
      expect((await alice.getJob(second.id)).status).toBe('canceled');
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const ended = routeCount('submit');
    expect(ended).toBe(3);
  });

  it('counts video seconds per day, refunds a submit that failed upstream, and says how much is left', async () => {
    harness = await startSignerHarness({ limits: { videoSecondsPerDay: 12, concurrentJobs: 10 } });
    const alice = harness.transportFor('alice');
    harness.emulator.faults.inject({ route: 'submit', kind: { status: 500 } });
    await rejection(alice.submit({ prompt: 'fails upstream', duration: 10 }, key()));
    await alice.submit({ prompt: 'ten seconds', duration: 10 }, key());
    const error = await rejection(alice.submit({ prompt: 'four more', duration: 4 }, key()));
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    expect(error.message).toMatch(/needs 4 s of video, and 2 s of your 12 s for today are left/);
    expect(routeCount('submit')).toBe(2);
  });
});

describe('cancel', () => {
  it('ends in canceled with an honest remoteCancel: false, and stays canceled', async () => {
    harness = await startSignerHarness({}, { latency: { queuedMs: 200, processingMs: 200 } });
    const alice = harness.transportFor('alice');
    const job = await alice.submit({ prompt: 'stop me' }, key());
    const response = await fetch(`${harness.url}/api/seedance/generations/${encodeURIComponent(job.id)}`, {
      method: 'DELETE',
      headers: { 'x-test-user': 'alice', 'x-seedance-protocol': '1' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).job).toMatchObject({ status: 'canceled', remoteCancel: false });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await alice.getJob(job.id)).status).toBe('canceled');
  });

  it('needs the protocol header and the owner', async () => {
    harness = await startSignerHarness();
    const job = await harness.transportFor('alice').submit({ prompt: 'mine' }, key());
    const url = `${harness.url}/api/seedance/generations/${encodeURIComponent(job.id)}`;
    const forged = await fetch(url, { method: 'DELETE', headers: { 'x-test-user': 'alice' } });
    expect(forged.status).toBe(400);
    const other = await fetch(url, {
      method: 'DELETE',
      headers: { 'x-test-user': 'mallory', 'x-seedance-protocol': '1' },
    });
    expect(other.status).toBe(403);
  });
});

describe('polling', () => {
  it('coalesces many pollers of one job into one upstream status call per interval', async () => {
    // A window far longer than 100 local requests take, even on a loaded CI machine, so the count is exact.
    harness = await startSignerHarness(
      { pollIntervalMs: 2_000 },
      { latency: { queuedMs: 10_000, processingMs: 10_000 } },
    );
    const alice = harness.transportFor('alice');
    const job = await alice.submit({ prompt: 'popular' }, key());
    const before = routeCount('status');
    await Promise.all(Array.from({ length: 50 }, () => alice.getJob(job.id)));
    expect(routeCount('status') - before).toBe(1);
    await Promise.all(Array.from({ length: 50 }, () => alice.getJob(job.id)));
    expect(routeCount('status') - before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_050));
    await Promise.all(Array.from({ length: 10 }, () => alice.getJob(job.id)));
    expect(routeCount('status') - before).toBe(2);
  });
});

describe('onGenerationComplete', () => {
  it('runs once per succeeded job however many times it is read, with the upstream URL to persist', async () => {
    const events: GenerationCompleteEvent[] = [];
    harness = await startSignerHarness({ onGenerationComplete: (event) => void events.push(event) });
    const alice = harness.transportFor('alice');
    const job = await until(alice, await alice.submit({ prompt: 'keep me' }, key()), 'succeeded');
    await Promise.all(Array.from({ length: 5 }, () => alice.getJob(job.id)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user: { id: 'alice' }, job: { id: job.id, status: 'succeeded' } });
    expect(events[0]?.upstreamVideoUrl).toMatch(new RegExp(`^${harness.emulator.url}/`));
  });

  it('runs again with backoff when it threw, with no browser reading, and reports the error', async () => {
    let calls = 0;
    harness = await startSignerHarness({
      onGenerationComplete: () => {
        calls += 1;
        if (calls === 1) throw new Error('storage was down');
      },
    });
    const alice = harness.transportFor('alice');
    await until(alice, await alice.submit({ prompt: 'retry me' }, key()), 'succeeded');
    const deadline = Date.now() + 6_000;
    while (calls < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(2);
    expect(harness.reported.map(String)).toContain('Error: storage was down');
  });
});

describe('CORS', () => {
  it('is off by default and answers only configured origins', async () => {
    harness = await startSignerHarness({ allowedOrigins: ['https://app.example.com'] });
    const preflight = (origin: string) =>
      fetch(`${harness!.url}/api/seedance/generations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-seedance-protocol');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const config = await fetch(`${harness.url}/api/seedance/config`, {
      headers: { origin: 'https://app.example.com', 'x-test-user': 'alice' },
    });
    expect(config.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});

describe('continue from the last frame', () => {
  it("swaps the signer's own last-frame URL for the CDN URL Segmind can fetch, only for the owner", async () => {
    harness = await startSignerHarness();
    const alice = harness.transportFor('alice');
    const first = await until(
      alice,
      await alice.submit({ prompt: 'part one', return_last_frame: true }, key()),
      'succeeded',
    );
    expect(first.result?.lastFrameUrl).toMatch(new RegExp(`^${harness.url}/api/seedance/generations/.+/last-frame$`));
    await alice.submit({ prompt: 'part two', first_frame_url: first.result!.lastFrameUrl! }, key());
    const sent = harness.emulator
      .requests()
      .filter((request) => request.route === 'submit')
      .at(-1);
    expect((sent!.body as { first_frame_url: string }).first_frame_url).toMatch(
      new RegExp(`^${harness.emulator.url}/cdn/generations/.+-last-frame\\.jpg$`),
    );

    const stolen = await rejection(
      harness
        .transportFor('mallory')
        .submit({ prompt: 'not mine', first_frame_url: first.result!.lastFrameUrl! }, key()),
    );
    expect(stolen.code).toBe('FORBIDDEN');

    const noFrame = await until(alice, await alice.submit({ prompt: 'no frame kept' }, key()), 'succeeded');
    const framelessUrl = `${harness.url}/api/seedance/generations/${encodeURIComponent(noFrame.id)}/last-frame`;
    const error = await rejection(alice.submit({ prompt: 'part two', first_frame_url: framelessUrl }, key()));
    expect(error.issues).toEqual([
      { path: ['input', 'first_frame_url'], message: 'that generation has no last frame available' },
    ]);
  });
});
