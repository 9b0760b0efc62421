import { describe, expect, it, vi } from 'vitest';
import { SeedanceError } from './errors';
import { submitGeneration } from './generation-submit';
import { createMockTransport, mockError } from './testing/mock-transport';

describe('submitGeneration', () => {
  it('retries a rate-limited submit with the same idempotency key after the hinted delay', async () => {
    vi.useFakeTimers();
    try {
      const transport = createMockTransport({ scenario: 'rate-limited' });
      const submitted = submitGeneration(transport, { prompt: 'a' }, { idempotencyKey: 'key-1' });
      await vi.advanceTimersByTimeAsync(1000);
      expect((await submitted).status).toBe('queued');
      expect(transport.calls.map((call) => call.idempotencyKey)).toEqual(['key-1', 'key-1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not retry a refusal, and turns an abort into a cancellation', async () => {
    const refused = createMockTransport({ submitError: mockError('QUOTA_EXCEEDED') });
    await expect(submitGeneration(refused, { prompt: 'a' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    expect(refused.calls).toHaveLength(1);
    const controller = new AbortController();
    controller.abort();
    const aborted = submitGeneration(
      createMockTransport(),
      { prompt: 'a' },
      { idempotencyKey: 'k', signal: controller.signal },
    );
    await expect(aborted).rejects.toMatchObject({ code: 'CANCELED' });
    await expect(
      submitGeneration(
        { ...createMockTransport(), submit: () => Promise.reject(new TypeError('boom')) },
        { prompt: 'a' },
        { idempotencyKey: 'k' },
      ),
    ).rejects.toSatisfy((error) => SeedanceError.isInstance(error) && error.code === 'INTERNAL');
  });

  it('reports each wait with its time and cause, and a retry signal stops the wait with no further attempt', async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(10_000);
      const transport = createMockTransport({ submitError: mockError('RATE_LIMITED', { retryAfterMs: 30_000 }) });
      const controller = new AbortController();
      const reports: unknown[] = [];
      const submitted = submitGeneration(
        transport,
        { prompt: 'a' },
        { idempotencyKey: 'k', retrySignal: controller.signal, onRetry: (scheduled) => reports.push(scheduled) },
      );
      const outcome = expect(submitted).rejects.toMatchObject({ code: 'CANCELED' });
      await vi.advanceTimersByTimeAsync(0);
      expect(reports).toEqual([{ at: 40_000, error: expect.objectContaining({ code: 'RATE_LIMITED' }) }]);
      controller.abort();
      await outcome;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(reports).toHaveLength(1);
      expect(transport.calls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
