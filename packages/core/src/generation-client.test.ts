import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGenerationClient } from './generation-client';
import { createGenerationStore, type GenerationStorage } from './generation-storage';
import { createMockTransport } from './testing/mock-transport';

function memoryStorage(): GenerationStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe('createGenerationClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('submits, polls at the server pace and settles, calling back on each transition', async () => {
    const transport = createMockTransport({ queuedMs: 1000, runningMs: 1000, pollAfterMs: 500 });
    const events: string[] = [];
    const client = createGenerationClient({
      transport,
      onSubmitted: (job) => events.push(`submitted ${job.id}`),
      onStatusChange: (state, previous) => events.push(`${previous} → ${state.status}`),
      onSuccess: () => events.push('success'),
    });
    const stop = client.mount();
    const result = client.generate({ prompt: 'A fox' });
    expect(client.getSnapshot().state.status).toBe('submitting');
    await vi.advanceTimersByTimeAsync(2500);
    await expect(result).resolves.toMatchObject({ status: 'succeeded' });
    expect(events).toEqual([
      'idle → submitting',
      'submitted mock-job-1',
      'submitting → queued',
      'queued → running',
      'running → succeeded',
      'success',
    ]);
    const reads = transport.calls.filter((call) => call.method === 'getJob').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.calls.filter((call) => call.method === 'getJob')).toHaveLength(reads);
    stop();
  });

  it('keeps one abort listener on the watch, however many reads it schedules', async () => {
    const transport = createMockTransport({ queuedMs: 0, runningMs: 30_000, pollAfterMs: 500 });
    const listenerCounts: number[] = [];
    const getJob = transport.getJob.bind(transport);
    transport.getJob = (jobId, requestOptions) => {
      if (requestOptions?.signal) listenerCounts.push(getEventListeners(requestOptions.signal, 'abort').length);
      return getJob(jobId, requestOptions);
    };
    const client = createGenerationClient({ transport });
    const stop = client.mount();
    const result = client.generate({ prompt: 'A fox' });
    await vi.advanceTimersByTimeAsync(31_000);
    await expect(result).resolves.toMatchObject({ status: 'succeeded' });
    expect(listenerCounts.length).toBeGreaterThan(50);
    expect(Math.max(...listenerCounts)).toBeLessThanOrEqual(2);
    stop();
  });

  it('refuses invalid input without a request and stays idle', async () => {
    const transport = createMockTransport();
    const client = createGenerationClient({ transport });
    client.mount();
    await expect(client.generate({ prompt: ' ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(client.getSnapshot().state).toMatchObject({ status: 'idle', error: { code: 'VALIDATION_FAILED' } });
    expect(transport.calls).toEqual([]);
  });

  it('cancels: canceled at once, never an error, and the server told', async () => {
    const transport = createMockTransport({ queuedMs: 5000 });
    const onError = vi.fn();
    const client = createGenerationClient({ transport, onError });
    client.mount();
    const result = client.generate({ prompt: 'A fox' });
    await vi.advanceTimersByTimeAsync(0);
    const cancellation = client.cancel();
    expect(client.getSnapshot().state.status).toBe('canceled');
    await expect(cancellation).resolves.toMatchObject({ remoteCancel: false, job: { status: 'canceled' } });
    await expect(result).rejects.toMatchObject({ code: 'CANCELED' });
    expect(onError).not.toHaveBeenCalled();
  });

  it('resumes the saved job on mount, not before (nothing read while rendering on a server)', async () => {
    const transport = createMockTransport({ queuedMs: 1000, runningMs: 1000, pollAfterMs: 500 });
    const store = createGenerationStore(memoryStorage());
    const first = createGenerationClient({ transport, store, resumes: true });
    first.mount();
    void first.generate({ prompt: 'Saved' }).catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(store.readActive()).toMatchObject({ jobId: 'mock-job-1', input: { prompt: 'Saved' } });

    const second = createGenerationClient({ transport, store, resumes: true });
    expect(second.getSnapshot().state.status).toBe('idle');
    expect(second.getServerSnapshot().state.status).toBe('idle');
    second.mount();
    expect(second.getSnapshot()).toMatchObject({ jobId: 'mock-job-1', state: { status: 'queued' } });
    await vi.advanceTimersByTimeAsync(2500);
    expect(second.getSnapshot().state.status).toBe('succeeded');
    expect(store.readActive()).toBeUndefined();
    expect(store.readHistory().map((entry) => entry.job.id)).toEqual(['mock-job-1']);
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(1);
  });

  it('follows a push stream when the transport has one, without polling', async () => {
    const transport = createMockTransport({ queuedMs: 60_000 });
    const client = createGenerationClient({
      transport: {
        ...transport,
        async subscribe(jobId, listener) {
          const job = await transport.cancel(jobId);
          listener({
            ...job,
            status: 'failed',
            error: { code: 'GENERATION_FAILED', message: 'No.', retryable: false },
          });
        },
      },
    });
    client.mount();
    await expect(client.generate({ prompt: 'A fox' })).rejects.toMatchObject({ code: 'GENERATION_FAILED' });
    expect(transport.calls.filter((call) => call.method === 'getJob')).toEqual([]);
  });
});
