import { describe, expect, it } from 'vitest';
import { SeedanceError } from './errors';
import { generationStateOf, isSameJobState, jobOutcomeError } from './generation-state';
import type { GenerationJob } from './protocol';

const job = (overrides: Partial<GenerationJob> = {}): GenerationJob => ({
  id: 'job',
  status: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  pollAfterMs: 1000,
  input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
  ...overrides,
});
const result = { videoUrl: '/v.mp4', downloadUrl: '/v.mp4?download=1', contentType: 'video/mp4' };

describe('generationStateOf', () => {
  it('maps every job status to its state', () => {
    expect(generationStateOf(undefined).status).toBe('submitting');
    expect(generationStateOf(job({ status: 'queued' }))).toMatchObject({ status: 'queued', error: null });
    expect(generationStateOf(job({ status: 'succeeded', result }))).toMatchObject({
      status: 'succeeded',
      video: result,
    });
    expect(generationStateOf(job({ status: 'succeeded' }))).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL' },
    });
    expect(
      generationStateOf(
        job({ status: 'failed', error: { code: 'GENERATION_FAILED', message: 'No.', retryable: false } }),
      ),
    ).toMatchObject({ status: 'failed', error: { code: 'GENERATION_FAILED', message: 'No.' } });
    expect(generationStateOf(job({ status: 'expired' }))).toMatchObject({
      status: 'expired',
      error: { code: 'EXPIRED' },
    });
    expect(generationStateOf(job({ status: 'canceled', remoteCancel: false }))).toMatchObject({
      status: 'canceled',
      error: null,
      remoteCancel: false,
    });
  });

  it('keeps the state through retryable read errors and ends on the others', () => {
    const running = job();
    expect(generationStateOf(running, new SeedanceError('NETWORK_ERROR', 'blip')).status).toBe('running');
    expect(generationStateOf(running, new SeedanceError('FORBIDDEN', 'not yours'))).toMatchObject({
      status: 'failed',
      job: running,
    });
    expect(generationStateOf(running, new SeedanceError('EXPIRED', 'gone')).status).toBe('expired');
  });

  it('reads a canceled job as a cancellation, never as a failure', () => {
    expect(jobOutcomeError(job({ status: 'canceled' }))?.code).toBe('CANCELED');
    expect(jobOutcomeError(job())).toBeUndefined();
  });
});

describe('isSameJobState', () => {
  it('ignores the read time, and nothing else', () => {
    expect(isSameJobState(job(), job({ updatedAt: '2026-01-01T00:00:09.000Z' }))).toBe(true);
    expect(isSameJobState(job(), job({ status: 'queued' }))).toBe(false);
    expect(isSameJobState(job(), job({ pollAfterMs: 2000 }))).toBe(false);
    expect(isSameJobState(undefined, job())).toBe(false);
  });
});
