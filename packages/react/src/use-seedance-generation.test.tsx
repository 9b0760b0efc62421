import { type GenerationInput, type GenerationJob, SeedanceError } from '@seedance-kit/core';
import { createMockTransport, type MockTransport } from '@seedance-kit/core/testing';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedanceKeys } from './seedance-keys';
import { renderWithProviders } from './testing/render-with-providers';
import { type UseSeedanceGenerationResult, useSeedanceGeneration } from './use-seedance-generation';

interface Settled {
  job?: GenerationJob;
  error?: SeedanceError;
}

/** A minimal page: a Generate button and the hook's state, as a host would render it without our components. */
function GenerationPage({
  input,
  settled,
  latest,
}: {
  input: GenerationInput;
  settled: Settled[];
  latest?: { current?: UseSeedanceGenerationResult };
}) {
  const generation = useSeedanceGeneration();
  if (latest) latest.current = generation;
  return (
    <main>
      <button
        type="button"
        disabled={generation.isBusy}
        onClick={() => {
          generation.generate(input).then(
            (job) => settled.push({ job }),
            (error: SeedanceError) => settled.push({ error }),
          );
        }}
      >
        Generate
      </button>
      <button type="button" onClick={generation.reset}>
        Start over
      </button>
      <section aria-label="Generation" data-state={generation.status}>
        <p>Status: {generation.status}</p>
        {generation.error ? <p role="alert">{generation.error.message}</p> : null}
        {generation.video ? <a href={generation.video.videoUrl}>Watch</a> : null}
      </section>
    </main>
  );
}

// Clicks through fireEvent: user-event's own timers do not mix with vitest's fake timers.
const click = (name: string) =>
  act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
const advance = (milliseconds: number) => act(() => vi.advanceTimersByTimeAsync(milliseconds));
const state = () => screen.getByRole('region', { name: 'Generation' }).getAttribute('data-state');
const callsOf = (transport: MockTransport, method: 'submit' | 'getJob') =>
  transport.calls.filter((call) => call.method === method).length;

/** The mock answers at once; real networks do not, and the `submitting` state is only visible in between. */
function withSlowSubmit(transport: MockTransport, delayMs: number): MockTransport {
  return {
    ...transport,
    calls: transport.calls,
    submit: (input, options) =>
      new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => transport.submit(input, options)),
  };
}

describe('useSeedanceGeneration', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('walks submitting → queued → running → succeeded and resolves with the video', async () => {
    const transport = withSlowSubmit(
      createMockTransport({ queuedMs: 1000, runningMs: 2000, pollAfterMs: 500, videoUrl: '/media/clip.mp4' }),
      200,
    );
    const settled: Settled[] = [];
    renderWithProviders(<GenerationPage input={{ prompt: 'A red fox in the snow' }} settled={settled} />, {
      transport,
    });
    expect(state()).toBe('idle');

    await click('Generate');
    await advance(0);
    expect(state()).toBe('submitting');
    expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();

    await advance(200);
    expect(state()).toBe('queued');
    // The submitted job seeds the cache: nothing is fetched again until the server's poll time.
    expect(callsOf(transport, 'getJob')).toBe(0);
    expect(transport.calls[0]).toMatchObject({ method: 'submit', input: { prompt: 'A red fox in the snow' } });
    expect(transport.calls[0]?.idempotencyKey).toEqual(expect.any(String));

    await advance(500);
    expect(callsOf(transport, 'getJob')).toBe(1);
    expect(state()).toBe('queued');

    await advance(500);
    expect(state()).toBe('running');

    await advance(2000);
    expect(state()).toBe('succeeded');
    expect(screen.getByRole('link', { name: 'Watch' })).toHaveAttribute('href', '/media/clip.mp4');
    expect(screen.getByRole('button', { name: 'Generate' })).toBeEnabled();
    expect(settled).toEqual([{ job: expect.objectContaining({ status: 'succeeded' }) }]);
  });

  it('stops polling once the job is terminal', async () => {
    const settled: Settled[] = [];
    const { transport } = renderWithProviders(<GenerationPage input={{ prompt: 'Waves' }} settled={settled} />, {
      transport: { queuedMs: 1000, runningMs: 1000, pollAfterMs: 250 },
    });
    await click('Generate');
    await advance(2000);
    expect(state()).toBe('succeeded');
    const pollsAtTheEnd = callsOf(transport, 'getJob');
    expect(pollsAtTheEnd).toBe(8);

    await advance(30_000);
    expect(callsOf(transport, 'getJob')).toBe(pollsAtTheEnd);
  });

  it('shows a failed job with its message and rejects with its error', async () => {
    const settled: Settled[] = [];
    const { transport } = renderWithProviders(<GenerationPage input={{ prompt: 'A storm' }} settled={settled} />, {
      transport: {
        queuedMs: 500,
        runningMs: 500,
        pollAfterMs: 500,
        outcome: {
          status: 'failed',
          error: {
            code: 'GENERATION_FAILED',
            message: 'The prompt was refused by the content filter.',
            retryable: false,
          },
        },
      },
    });
    await click('Generate');
    await advance(1000);
    expect(state()).toBe('failed');
    expect(screen.getByRole('alert')).toHaveTextContent('The prompt was refused by the content filter.');
    expect(settled[0]?.error).toMatchObject({ code: 'GENERATION_FAILED', retryable: false });
    expect(SeedanceError.isInstance(settled[0]?.error)).toBe(true);
    expect(screen.queryByRole('link', { name: 'Watch' })).not.toBeInTheDocument();

    const polls = callsOf(transport, 'getJob');
    await advance(10_000);
    expect(callsOf(transport, 'getJob')).toBe(polls);
  });

  it('shows an expired job as expired', async () => {
    const settled: Settled[] = [];
    renderWithProviders(<GenerationPage input={{ prompt: 'Dunes' }} settled={settled} />, {
      transport: { queuedMs: 0, runningMs: 500, pollAfterMs: 500, outcome: { status: 'expired' } },
    });
    await click('Generate');
    await advance(500);
    expect(state()).toBe('expired');
    expect(settled[0]?.error?.code).toBe('EXPIRED');
  });

  it('refuses invalid input with field issues and makes no request', async () => {
    const settled: Settled[] = [];
    const { transport } = renderWithProviders(
      <GenerationPage input={{ prompt: '   ', duration: 7 as never }} settled={settled} />,
    );
    await click('Generate');
    await advance(0);

    expect(transport.calls).toEqual([]);
    expect(state()).toBe('idle');
    expect(screen.getByRole('alert')).toHaveTextContent('prompt is required');
    const error = settled[0]?.error;
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.issues?.map((issue) => issue.path)).toEqual([['prompt'], ['duration']]);
  });

  it('shows a refused submit as failed, without a job', async () => {
    const settled: Settled[] = [];
    const latest: { current?: UseSeedanceGenerationResult } = {};
    renderWithProviders(<GenerationPage input={{ prompt: 'City lights' }} settled={settled} latest={latest} />, {
      transport: { submitError: new SeedanceError('QUOTA_EXCEEDED', 'You have used your 60 seconds of video today.') },
    });
    await click('Generate');
    await advance(0);
    expect(state()).toBe('failed');
    expect(latest.current?.job).toBeUndefined();
    expect(screen.getByRole('alert')).toHaveTextContent('You have used your 60 seconds of video today.');
    expect(settled[0]?.error?.code).toBe('QUOTA_EXCEEDED');
  });

  it('returns to idle on reset and cancels the pending promise', async () => {
    const settled: Settled[] = [];
    const { queryClient } = renderWithProviders(<GenerationPage input={{ prompt: 'Rain' }} settled={settled} />);
    await click('Generate');
    await advance(0);
    expect(state()).toBe('queued');
    expect(queryClient.getQueryData(seedanceKeys.job('mock-job-1'))).toMatchObject({ status: 'queued' });

    await click('Start over');
    await advance(0);
    expect(state()).toBe('idle');
    expect(settled[0]?.error?.code).toBe('CANCELED');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
