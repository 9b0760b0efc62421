import { describe, expect, it } from 'vitest';
import {
  deadlineError,
  isPastDeadline,
  nextPollDelay,
  pollDeadline,
  retryDelay,
  shouldRetry,
} from './generation-polling';
import type { GenerationJob } from './protocol';
import { mockError } from './testing/mock-transport';

const created = Date.parse('2026-01-01T00:00:00.000Z');
const job = (overrides: Partial<GenerationJob> = {}): GenerationJob => ({
  id: 'job',
  status: 'queued',
  createdAt: new Date(created).toISOString(),
  updatedAt: new Date(created).toISOString(),
  pollAfterMs: 1000,
  input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
  ...overrides,
});

describe('nextPollDelay', () => {
  it("follows the server's pollAfterMs while running, and the fallback without it", () => {
    expect(nextPollDelay(job({ status: 'running' }), {}, created + 60_000)).toBe(1000);
    expect(
      nextPollDelay(job({ status: 'running', pollAfterMs: undefined }), { fallbackIntervalMs: 2500 }, created),
    ).toBe(2500);
  });

  it('backs off while the job stays queued, up to the cap', () => {
    const queued = job();
    expect(nextPollDelay(queued, {}, created + 5000)).toBe(1000);
    expect(nextPollDelay(queued, {}, created + 15_000)).toBe(1500);
    expect(nextPollDelay(queued, {}, created + 25_000)).toBe(2250);
    expect(nextPollDelay(queued, {}, created + 600_000)).toBe(10_000);
    expect(nextPollDelay(queued, { maxIntervalMs: 4000 }, created + 600_000)).toBe(4000);
  });

  it('stops at a terminal status and past the deadline', () => {
    expect(nextPollDelay(job({ status: 'succeeded' }))).toBe(false);
    expect(nextPollDelay(job({ status: 'running' }), { deadlineMs: 60_000 }, created + 60_000)).toBe(false);
    expect(isPastDeadline(job({ status: 'running' }), { deadlineMs: 60_000 }, created + 59_999)).toBe(false);
    expect(pollDeadline(job(), { deadlineMs: 60_000 })).toBe(created + 60_000);
  });

  it('counts from now when the server clock is ahead', () => {
    expect(pollDeadline(job(), { deadlineMs: 1000 }, created - 5000)).toBe(created - 4000);
  });
});

describe('retries', () => {
  it('retries only retryable errors, with the server hint or exponential backoff', () => {
    expect(shouldRetry(0, mockError('UPSTREAM_UNAVAILABLE'))).toBe(true);
    expect(shouldRetry(3, mockError('UPSTREAM_UNAVAILABLE'))).toBe(false);
    expect(shouldRetry(0, mockError('FORBIDDEN'))).toBe(false);
    expect(shouldRetry(0, new Error('plain'))).toBe(false);
    expect(retryDelay(0, mockError('RATE_LIMITED', { retryAfterMs: 7000 }))).toBe(7000);
    expect([0, 1, 2, 5].map((count) => retryDelay(count, mockError('NETWORK_ERROR')))).toEqual([
      1000, 2000, 4000, 10_000,
    ]);
  });

  it('names the deadline in the timeout message', () => {
    expect(deadlineError({ deadlineMs: 120_000 })).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(deadlineError({ deadlineMs: 120_000 }).message).toContain('2 minutes');
  });
});
