import type { GenerationJob, SeedanceTransport } from '@seedance-kit/core';
import { createMockTransport, mockError } from '@seedance-kit/core/testing';
import { useIsMutating } from '@tanstack/react-query';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedanceKeys } from './seedance-keys';
import { renderWithProviders } from './testing/render-with-providers';
import { useSeedanceGeneration } from './use-seedance-generation';

function Page() {
  const generation = useSeedanceGeneration();
  const submitting = useIsMutating({ mutationKey: seedanceKeys.submit() });
  return (
    <main>
      <button
        type="button"
        disabled={generation.isPending}
        onClick={() => void generation.generate({ prompt: 'A fox' }).catch(() => {})}
      >
        Generate
      </button>
      <output aria-label="Status">{generation.status}</output>
      <output aria-label="Submits under way">{submitting}</output>
    </main>
  );
}

const click = (name: string) =>
  act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
const advance = (milliseconds: number) => act(() => vi.advanceTimersByTimeAsync(milliseconds));
const text = (label: string) => screen.getByLabelText(label).textContent;

/** A transport whose signer pushes each job state: running after 1 s, succeeded after 2 s. */
function pushingTransport(options: { fail?: boolean } = {}) {
  const transport = createMockTransport({ queuedMs: 1000, runningMs: 1000, pollAfterMs: 500 });
  const subscriptions: string[] = [];
  const pushing: SeedanceTransport = {
    ...transport,
    async subscribe(jobId, listener, signal) {
      subscriptions.push(jobId);
      if (options.fail) throw mockError('UPSTREAM_UNAVAILABLE');
      const submitted = (await transport.getJob(jobId)) as GenerationJob;
      transport.calls.pop();
      await new Promise<void>((resolve) => {
        const running = setTimeout(() => listener({ ...submitted, status: 'running' }), 1000);
        const done = setTimeout(() => {
          listener({
            ...submitted,
            status: 'succeeded',
            result: { videoUrl: '/v.mp4', downloadUrl: '/v.mp4?download=1', contentType: 'video/mp4' },
          });
          resolve();
        }, 2000);
        signal.addEventListener('abort', () => {
          clearTimeout(running);
          clearTimeout(done);
          resolve();
        });
      });
    },
  };
  return { transport, pushing, subscriptions };
}

describe('useSeedanceGeneration with react-query and a push stream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('disables Generate from the first click, and useIsMutating counts the submit under way', async () => {
    renderWithProviders(<Page />, { transport: { latencyMs: 300 } });
    expect(text('Submits under way')).toBe('0');
    await click('Generate');
    expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();
    expect(text('Status')).toBe('submitting');
    expect(text('Submits under way')).toBe('1');
    await advance(300);
    expect(text('Status')).toBe('queued');
    expect(text('Submits under way')).toBe('0');
    expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();
  });

  it("follows the transport's push stream and reads nothing meanwhile", async () => {
    const { transport, pushing, subscriptions } = pushingTransport();
    renderWithProviders(<Page />, { transport: pushing as never });
    await click('Generate');
    await advance(0);
    expect(text('Status')).toBe('queued');
    expect(subscriptions).toEqual(['mock-job-1']);
    await advance(1000);
    expect(text('Status')).toBe('running');
    await advance(1000);
    expect(text('Status')).toBe('succeeded');
    expect(transport.calls.filter((call) => call.method === 'getJob')).toEqual([]);
  });

  it('polls instead when the push stream is unavailable', async () => {
    const { transport, pushing, subscriptions } = pushingTransport({ fail: true });
    renderWithProviders(<Page />, { transport: pushing as never });
    await click('Generate');
    await advance(2500);
    expect(subscriptions).toEqual(['mock-job-1']);
    expect(text('Status')).toBe('succeeded');
    expect(transport.calls.filter((call) => call.method === 'getJob').length).toBeGreaterThan(0);
  });
});
