import { describe, expect, it, vi } from 'vitest';
import { SeedanceError } from '../errors';
import { createMockTransport, mockError } from './mock-transport';

describe('createMockTransport', () => {
  it('walks a job through queued → running → succeeded on its clock', async () => {
    let now = 0;
    const transport = createMockTransport({ queuedMs: 100, runningMs: 200, now: () => now, lastFrameUrl: '/last.jpg' });
    const job = await transport.submit({ prompt: 'a', return_last_frame: true }, { idempotencyKey: 'k1' });
    expect(job.status).toBe('queued');
    now = 150;
    expect((await transport.getJob(job.id)).status).toBe('running');
    now = 300;
    const done = await transport.getJob(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { lastFrameUrl: '/last.jpg', contentType: 'video/mp4' },
    });
    expect(done.pollAfterMs).toBeUndefined();
  });

  it('validates with the real schema and honours idempotency keys', async () => {
    const transport = createMockTransport();
    await expect(transport.submit({ prompt: '' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const first = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'same' });
    const second = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'same' });
    expect(second.id).toBe(first.id);
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(3);
  });

  it('ends in the scripted failure', async () => {
    const transport = createMockTransport({
      queuedMs: 0,
      runningMs: 0,
      outcome: { status: 'failed', error: { code: 'GENERATION_FAILED', message: 'No.', retryable: true } },
    });
    const job = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'GENERATION_FAILED' } });
  });
});

describe('createMockTransport upload', () => {
  it('reports scripted progress on the timers and returns a fake asset URL', async () => {
    vi.useFakeTimers();
    try {
      const transport = createMockTransport({ uploadMs: 400, uploadSteps: 2 });
      const progress: [number, number][] = [];
      const pending = transport.upload!(new File([new Uint8Array(10)], 'clip.mp4', { type: 'video/mp4' }), {
        kind: 'video',
        onProgress: (loaded, total) => progress.push([loaded, total]),
      });
      await vi.advanceTimersByTimeAsync(400);
      expect(await pending).toEqual({
        url: 'https://mock.seedance.test/assets/mock-asset-1.mp4',
        kind: 'video',
        contentType: 'video/mp4',
        bytes: 10,
      });
      expect(progress).toEqual([
        [0, 10],
        [5, 10],
        [10, 10],
      ]);
      expect(transport.calls.at(-1)).toEqual({
        method: 'upload',
        upload: { kind: 'video', fileName: 'clip.mp4', bytes: 10, contentType: 'video/mp4' },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails as scripted, and cancels on abort', async () => {
    const failing = createMockTransport({
      uploadMs: 0,
      uploadError: new SeedanceError('UNSUPPORTED_MEDIA_TYPE', 'Not a PNG.'),
    });
    await expect(failing.upload!(new Blob(['x'], { type: 'image/png' }), { kind: 'image' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const controller = new AbortController();
    const pending = createMockTransport({ uploadMs: 10_000 }).upload!(new Blob(['x']), {
      kind: 'image',
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELED' });
  });
});

describe('createMockTransport scenarios', () => {
  it('cancels a running job and says honestly that the upstream kept going; a finished job keeps its outcome', async () => {
    let now = 0;
    const transport = createMockTransport({ queuedMs: 100, runningMs: 200, now: () => now });
    const job = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k1' });
    now = 150;
    expect(await transport.cancel(job.id)).toMatchObject({ status: 'canceled', remoteCancel: false });
    now = 1000;
    expect((await transport.getJob(job.id)).status).toBe('canceled');

    const other = await transport.submit({ prompt: 'b' }, { idempotencyKey: 'k2' });
    now = 2000;
    expect(await transport.cancel(other.id)).toMatchObject({ status: 'succeeded' });
    expect(transport.calls.filter((call) => call.method === 'cancel')).toHaveLength(2);
  });

  it('rate-limited: refuses the first submit with a retry hint, then accepts', async () => {
    const transport = createMockTransport({ scenario: 'rate-limited' });
    await expect(transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterMs: 1000,
      status: 429,
    });
    expect((await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' })).status).toBe('queued');
  });

  it('flaky-polls: every second read fails with a retryable network error', async () => {
    const transport = createMockTransport({ scenario: 'flaky-polls' });
    const job = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' });
    await expect(transport.getJob(job.id)).resolves.toMatchObject({ id: job.id });
    await expect(transport.getJob(job.id)).rejects.toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    await expect(transport.getJob(job.id)).resolves.toMatchObject({ id: job.id });
  });

  it('slow-queue, failure, expired and never-finishes follow their scripts; explicit options win', async () => {
    let now = 0;
    const at = async (scenario: Parameters<typeof createMockTransport>[0], time: number) => {
      now = 0;
      const transport = createMockTransport({ ...scenario, now: () => now });
      const job = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' });
      now = time;
      return transport.getJob(job.id);
    };
    expect((await at({ scenario: 'slow-queue' }, 59_000)).status).toBe('queued');
    expect((await at({ scenario: 'slow-queue', queuedMs: 10 }, 59_000)).status).toBe('succeeded');
    expect(await at({ scenario: 'failure' }, 5000)).toMatchObject({
      status: 'failed',
      error: { code: 'GENERATION_FAILED' },
    });
    expect(await at({ scenario: 'expired' }, 5000)).toMatchObject({ status: 'expired', error: { code: 'EXPIRED' } });
    expect((await at({ scenario: 'never-finishes' }, 3_600_000)).status).toBe('running');
  });

  it('answers after latencyMs on the timers', async () => {
    vi.useFakeTimers();
    try {
      const transport = createMockTransport({ latencyMs: 300 });
      let answered = false;
      void transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' }).then(() => {
        answered = true;
      });
      await vi.advanceTimersByTimeAsync(299);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('mockError builds any code with its usual status and retryability', () => {
    expect(mockError('UPSTREAM_TIMEOUT')).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504, retryable: true });
    expect(mockError('FORBIDDEN', { message: 'Not yours.' })).toMatchObject({
      message: 'Not yours.',
      status: 403,
      retryable: false,
    });
  });
});
