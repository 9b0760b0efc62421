import {
  createTimeEstimator,
  type GenerationInput,
  type GenerationJob,
  type SeedanceError,
  type SeedanceErrorCode,
} from '@seedance-kit/core';
import { SEEDANCE_ERROR_CODES } from '@seedance-kit/core/protocol';
import { createMockTransport, type MockTransport, mockError } from '@seedance-kit/core/testing';
import { act, fireEvent, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPersistence } from './persistence';
import { seedanceKeys } from './seedance-keys';
import { renderWithProviders } from './testing/render-with-providers';
import {
  type UseSeedanceGenerationOptions,
  type UseSeedanceGenerationResult,
  useSeedanceGeneration,
} from './use-seedance-generation';
import { useSeedanceHistory } from './use-seedance-history';

interface Settled {
  job?: GenerationJob;
  error?: SeedanceError;
}

interface Latest {
  current?: UseSeedanceGenerationResult;
}

/** A minimal page: the buttons a host would render and the hook's state, without our components. */
function GenerationPage({
  input = { prompt: 'A red fox in the snow' },
  settled = [],
  latest,
  options,
  label = 'Generation',
}: {
  input?: GenerationInput;
  settled?: Settled[];
  latest?: Latest;
  options?: UseSeedanceGenerationOptions;
  label?: string;
}) {
  const generation = useSeedanceGeneration(options);
  if (latest) latest.current = generation;
  const track = (promise: Promise<GenerationJob>) =>
    promise.then(
      (job) => settled.push({ job }),
      (error: SeedanceError) => settled.push({ error }),
    );
  return (
    <main>
      <button type="button" disabled={generation.isPending} onClick={() => track(generation.generate(input))}>
        Generate
      </button>
      <button type="button" onClick={() => void generation.cancel()}>
        Cancel
      </button>
      <button type="button" onClick={() => track(generation.retry())}>
        Retry
      </button>
      <button type="button" onClick={generation.reset}>
        Start over
      </button>
      <section aria-label={label} data-state={generation.status}>
        <p>Status: {generation.status}</p>
        {generation.error ? <p role="alert">{generation.error.message}</p> : null}
        {generation.status === 'succeeded' ? <a href={generation.video.videoUrl}>Watch</a> : null}
      </section>
    </main>
  );
}

/** A second watcher of the first page's job, once there is one. */
function Watcher({ latest }: { latest: Latest }) {
  const jobId = latest.current?.job?.id;
  return jobId ? <GenerationPage label="Watcher" options={{ jobId }} /> : null;
}

const session = createPersistence('session');

/** The finished videos, as a host's gallery would list them. */
function HistoryList() {
  const history = useSeedanceHistory({ persist: session });
  return (
    <ul aria-label="History">
      {history.entries.map((entry) => (
        <li key={entry.job.id}>{entry.job.id}</li>
      ))}
    </ul>
  );
}

// Clicks through fireEvent: user-event's own timers do not mix with vitest's fake timers.
const click = (name: string) =>
  act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
const advance = (milliseconds: number) => act(() => vi.advanceTimersByTimeAsync(milliseconds));
const state = (label = 'Generation') => screen.getByRole('region', { name: label }).getAttribute('data-state');
const callsOf = (transport: MockTransport, method: MockTransport['calls'][number]['method']) =>
  transport.calls.filter((call) => call.method === method).length;

describe('useSeedanceGeneration', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    sessionStorage.clear();
    localStorage.clear();
  });

  describe('transitions', () => {
    it('walks idle → submitting → queued → running → succeeded, with callbacks in order, and resolves', async () => {
      const transport = createMockTransport({
        queuedMs: 1000,
        runningMs: 2000,
        pollAfterMs: 500,
        latencyMs: 200,
        videoUrl: '/media/clip.mp4',
      });
      const events: string[] = [];
      const settled: Settled[] = [];
      renderWithProviders(
        <GenerationPage
          settled={settled}
          options={{
            onSubmitted: (job) => events.push(`submitted ${job.id}`),
            onStatusChange: (next, previous) => events.push(`${previous} → ${next.status}`),
            onSuccess: (job) => events.push(`success ${job.result.videoUrl}`),
            onError: () => events.push('error'),
          }}
        />,
        { transport },
      );
      expect(state()).toBe('idle');

      await click('Generate');
      expect(state()).toBe('submitting');
      expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();

      await advance(200);
      expect(state()).toBe('queued');
      // The submitted job seeds the cache: nothing is read again until the server's poll time.
      expect(callsOf(transport, 'getJob')).toBe(0);
      expect(transport.calls[0]).toMatchObject({ method: 'submit', idempotencyKey: expect.any(String) });

      // Each read takes 200 ms and the next is due 500 ms after the last answer.
      await advance(1400);
      expect(state()).toBe('running');
      await advance(2100);
      expect(state()).toBe('succeeded');
      expect(screen.getByRole('link', { name: 'Watch' })).toHaveAttribute('href', '/media/clip.mp4');
      expect(screen.getByRole('button', { name: 'Generate' })).toBeEnabled();
      expect(settled).toEqual([{ job: expect.objectContaining({ status: 'succeeded' }) }]);
      expect(events).toEqual([
        'idle → submitting',
        'submitted mock-job-1',
        'submitting → queued',
        'queued → running',
        'running → succeeded',
        'success /media/clip.mp4',
      ]);
    });

    it('renders nothing for polls that return the same job', async () => {
      let commits = 0;
      const { transport } = renderWithProviders(
        <Profiler id="page" onRender={() => (commits += 1)}>
          <GenerationPage />
        </Profiler>,
        { transport: { queuedMs: 20_000, runningMs: 20_000, pollAfterMs: 1000 } },
      );
      await click('Generate');
      const afterSubmit = commits;
      const polls = callsOf(transport, 'getJob');
      await advance(9000);
      expect(callsOf(transport, 'getJob') - polls).toBe(9);
      expect(commits).toBe(afterSubmit);
    });

    it('stops polling once the job is terminal', async () => {
      const { transport } = renderWithProviders(<GenerationPage />, {
        transport: { queuedMs: 1000, runningMs: 1000, pollAfterMs: 250 },
      });
      await click('Generate');
      await advance(2000);
      expect(state()).toBe('succeeded');
      const polls = callsOf(transport, 'getJob');
      expect(polls).toBe(8);
      await advance(30_000);
      expect(callsOf(transport, 'getJob')).toBe(polls);
    });

    it('backs off while the job stays queued, and returns to the server pace once it runs', async () => {
      const { transport } = renderWithProviders(<GenerationPage />, {
        transport: { scenario: 'slow-queue', runningMs: 30_000, pollAfterMs: 1000 },
      });
      await click('Generate');
      await advance(68_000);
      expect(state()).toBe('running');
      // Queued: 1 s for the first 10 s, then 1.5, 2.25, 3.4, 5.1, 7.6 s; then 1 s again once running. About 29
      // reads in 68 s instead of 68.
      const queuedPolls = callsOf(transport, 'getJob');
      expect(queuedPolls).toBeLessThanOrEqual(30);
      await advance(2000);
      expect(callsOf(transport, 'getJob') - queuedPolls).toBe(2);
    });

    it('shows a failed job with its message, calls onError and rejects with its error', async () => {
      const onError = vi.fn();
      const settled: Settled[] = [];
      const { transport } = renderWithProviders(<GenerationPage settled={settled} options={{ onError }} />, {
        transport: { scenario: 'failure', pollAfterMs: 500 },
      });
      await click('Generate');
      await advance(4000);
      expect(state()).toBe('failed');
      expect(screen.getByRole('alert')).toHaveTextContent('refused by the content filter');
      expect(settled[0]?.error).toMatchObject({ code: 'GENERATION_FAILED', retryable: false });
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'GENERATION_FAILED' }));
      const polls = callsOf(transport, 'getJob');
      await advance(10_000);
      expect(callsOf(transport, 'getJob')).toBe(polls);
    });

    it('shows an expired job as expired', async () => {
      const settled: Settled[] = [];
      const latest: Latest = {};
      renderWithProviders(<GenerationPage settled={settled} latest={latest} />, {
        transport: { scenario: 'expired', queuedMs: 0, runningMs: 500, pollAfterMs: 500 },
      });
      await click('Generate');
      await advance(500);
      expect(state()).toBe('expired');
      expect(latest.current?.isError).toBe(true);
      expect(settled[0]?.error?.code).toBe('EXPIRED');
    });

    it('refuses invalid input with field issues, stays idle and makes no request', async () => {
      const settled: Settled[] = [];
      const onError = vi.fn();
      const { transport } = renderWithProviders(
        <GenerationPage input={{ prompt: '   ', duration: 7 as never }} settled={settled} options={{ onError }} />,
      );
      await click('Generate');
      expect(transport.calls).toEqual([]);
      expect(state()).toBe('idle');
      expect(screen.getByRole('alert')).toHaveTextContent('prompt is required');
      expect(settled[0]?.error?.issues?.map((issue) => issue.path)).toEqual([['prompt'], ['duration']]);
      expect(onError).toHaveBeenCalledTimes(1);
    });

    it('retries a rate-limited submit with the same idempotency key, then goes on', async () => {
      const { transport } = renderWithProviders(<GenerationPage />, { transport: { scenario: 'rate-limited' } });
      await click('Generate');
      expect(state()).toBe('submitting');
      await advance(1000);
      expect(state()).toBe('queued');
      const keys = transport.calls.filter((call) => call.method === 'submit').map((call) => call.idempotencyKey);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
    });

    it('retries transient poll errors without leaving running', async () => {
      const seen = new Set<string>();
      const { transport } = renderWithProviders(
        <GenerationPage options={{ onStatusChange: (next) => seen.add(next.status) }} />,
        { transport: { scenario: 'flaky-polls', pollAfterMs: 500 } },
      );
      await click('Generate');
      await advance(10_000);
      expect(state()).toBe('succeeded');
      expect([...seen]).toEqual(['submitting', 'queued', 'running', 'succeeded']);
      expect(callsOf(transport, 'getJob')).toBeGreaterThan(4);
    });

    it('ends at the deadline in a clear UPSTREAM_TIMEOUT failure and stops polling', async () => {
      const settled: Settled[] = [];
      const { transport } = renderWithProviders(
        <GenerationPage settled={settled} options={{ polling: { deadlineMs: 30_000 } }} />,
        { transport: { scenario: 'never-finishes', pollAfterMs: 1000 } },
      );
      await click('Generate');
      await advance(29_000);
      expect(state()).toBe('running');
      await advance(1000);
      expect(state()).toBe('failed');
      expect(screen.getByRole('alert')).toHaveTextContent('not ready after 1 minute');
      expect(settled[0]?.error?.code).toBe('UPSTREAM_TIMEOUT');
      const polls = callsOf(transport, 'getJob');
      await advance(60_000);
      expect(callsOf(transport, 'getJob')).toBe(polls);
    });
  });

  describe('every error code', () => {
    const codes = SEEDANCE_ERROR_CODES.filter((code) => code !== 'CANCELED');

    it.each(codes)(
      'a submit refused with %s ends failed with that code, retrying only retryable ones',
      async (code) => {
        const settled: Settled[] = [];
        const error = mockError(code);
        const { transport } = renderWithProviders(<GenerationPage settled={settled} />, {
          transport: { submitError: error },
        });
        await click('Generate');
        await advance(10_000);
        expect(state()).toBe(code === 'EXPIRED' ? 'expired' : 'failed');
        expect(settled[0]?.error?.code).toBe(code);
        expect(callsOf(transport, 'submit')).toBe(error.retryable ? 3 : 1);
      },
    );

    it.each(codes)(
      'a status read refused with %s is retried when retryable, and otherwise ends the generation',
      async (code) => {
        const settled: Settled[] = [];
        const error = mockError(code);
        renderWithProviders(<GenerationPage settled={settled} />, {
          transport: { getJobError: error, pollAfterMs: 1000, queuedMs: 60_000 },
        });
        await click('Generate');
        await advance(20_000);
        if (error.retryable) {
          expect(state()).toBe('queued');
          expect(settled).toEqual([]);
        } else {
          expect(state()).toBe(code === 'EXPIRED' ? 'expired' : 'failed');
          expect(settled[0]?.error?.code).toBe(code);
        }
      },
    );

    it.each(['GENERATION_FAILED', 'UPSTREAM_REJECTED', 'INSUFFICIENT_CREDITS'] satisfies SeedanceErrorCode[])(
      'a job that failed with %s shows that code',
      async (code) => {
        const settled: Settled[] = [];
        renderWithProviders(<GenerationPage settled={settled} />, {
          transport: {
            queuedMs: 0,
            runningMs: 1000,
            pollAfterMs: 1000,
            outcome: { status: 'failed', error: { code, message: `Job ${code}`, retryable: false } },
          },
        });
        await click('Generate');
        await advance(1000);
        expect(state()).toBe('failed');
        expect(screen.getByRole('alert')).toHaveTextContent(`Job ${code}`);
        expect(settled[0]?.error?.code).toBe(code);
      },
    );
  });

  describe('cancel', () => {
    it('does nothing while idle', async () => {
      const { transport } = renderWithProviders(<GenerationPage />);
      await click('Cancel');
      expect(state()).toBe('idle');
      expect(transport.calls).toEqual([]);
    });

    it('while submitting: ends canceled at once, then cancels the job the server returns', async () => {
      const settled: Settled[] = [];
      const latest: Latest = {};
      const onCancel = vi.fn();
      const { transport, queryClient } = renderWithProviders(
        <GenerationPage settled={settled} latest={latest} options={{ onCancel }} />,
        { transport: { latencyMs: 300 } },
      );
      await click('Generate');
      await click('Cancel');
      expect(state()).toBe('canceled');
      expect(settled[0]?.error?.code).toBe('CANCELED');
      expect(onCancel).toHaveBeenCalledWith({ job: undefined, remoteCancel: false });

      await advance(600);
      expect(transport.calls.map((call) => call.method)).toEqual(['submit', 'cancel']);
      expect(latest.current).toMatchObject({ status: 'canceled', remoteCancel: false, error: null });
      expect(queryClient.getQueryData(seedanceKeys.job('mock-job-1'))).toMatchObject({ status: 'canceled' });
      await advance(10_000);
      expect(callsOf(transport, 'getJob')).toBe(0);
    });

    it.each([
      ['queued', 500],
      ['running', 1500],
    ])(
      'while %s: stops polling, calls the transport, ends canceled (not an error) and says the upstream went on',
      async (status, after) => {
        const settled: Settled[] = [];
        const latest: Latest = {};
        const onError = vi.fn();
        const { transport } = renderWithProviders(
          <GenerationPage settled={settled} latest={latest} options={{ onError }} />,
          { transport: { queuedMs: 1000, runningMs: 3000, pollAfterMs: 250 } },
        );
        await click('Generate');
        await advance(after);
        expect(state()).toBe(status);
        await click('Cancel');
        expect(state()).toBe('canceled');
        expect(screen.queryByRole('alert')).not.toBeInTheDocument();
        await advance(0);
        expect(callsOf(transport, 'cancel')).toBe(1);
        expect(latest.current).toMatchObject({ status: 'canceled', isCanceled: true, remoteCancel: false });
        expect(latest.current?.job?.status).toBe('canceled');
        expect(settled[0]?.error?.code).toBe('CANCELED');
        expect(onError).not.toHaveBeenCalled();
        const polls = callsOf(transport, 'getJob');
        await advance(10_000);
        expect(callsOf(transport, 'getJob')).toBe(polls);
      },
    );

    it('does nothing the second time', async () => {
      const onCancel = vi.fn();
      const { transport } = renderWithProviders(<GenerationPage options={{ onCancel }} />);
      await click('Generate');
      await click('Cancel');
      await click('Cancel');
      expect(state()).toBe('canceled');
      expect(callsOf(transport, 'cancel')).toBe(1);
      expect(onCancel).toHaveBeenCalledTimes(1);
    });

    it('still ends canceled when the cancel request fails, and says the upstream was not stopped', async () => {
      const latest: Latest = {};
      renderWithProviders(<GenerationPage latest={latest} />, {
        transport: { cancelError: mockError('NETWORK_ERROR') },
      });
      await click('Generate');
      let cancellation: unknown;
      await act(async () => {
        cancellation = await latest.current?.cancel();
      });
      expect(cancellation).toMatchObject({ remoteCancel: false, job: { status: 'queued' } });
      expect(state()).toBe('canceled');
    });

    it.each([
      ['succeeded', {}],
      ['failed', { scenario: 'failure' as const }],
      ['expired', { scenario: 'expired' as const }],
    ])('does nothing once %s', async (status, transportOptions) => {
      const { transport } = renderWithProviders(<GenerationPage />, { transport: transportOptions });
      await click('Generate');
      await advance(5000);
      expect(state()).toBe(status);
      await click('Cancel');
      expect(state()).toBe(status);
      expect(callsOf(transport, 'cancel')).toBe(0);
    });
  });

  describe('retry and reset', () => {
    it('retry() runs the last input again with a new idempotency key', async () => {
      const settled: Settled[] = [];
      const { transport } = renderWithProviders(<GenerationPage settled={settled} />, {
        transport: { scenario: 'failure', queuedMs: 0, runningMs: 500, pollAfterMs: 500 },
      });
      await click('Retry');
      expect(settled[0]?.error?.code).toBe('MISCONFIGURED');
      await click('Generate');
      await advance(500);
      expect(state()).toBe('failed');
      await click('Retry');
      expect(state()).not.toBe('failed');
      const submits = transport.calls.filter((call) => call.method === 'submit');
      expect(submits).toHaveLength(2);
      expect(submits[1]?.input).toEqual(submits[0]?.input);
      expect(submits[1]?.idempotencyKey).not.toBe(submits[0]?.idempotencyKey);
    });

    it('retry(overrides) runs the last input again with the overrides on top', async () => {
      const latest: Latest = {};
      const { transport } = renderWithProviders(
        <GenerationPage latest={latest} input={{ prompt: 'A red fox', seed: -1, duration: 4 }} />,
        { transport: { queuedMs: 0, runningMs: 500, pollAfterMs: 500 } },
      );
      await click('Generate');
      await advance(500);
      expect(state()).toBe('succeeded');
      await act(async () => {
        void latest.current?.retry({ seed: 42 }).catch(() => {});
      });
      const submits = transport.calls.filter((call) => call.method === 'submit');
      expect(submits[1]?.input).toEqual({ prompt: 'A red fox', seed: 42, duration: 4 });
    });

    it('reset() returns to idle and cancels the pending promise', async () => {
      const settled: Settled[] = [];
      const { queryClient } = renderWithProviders(<GenerationPage settled={settled} />);
      await click('Generate');
      expect(queryClient.getQueryData(seedanceKeys.job('mock-job-1'))).toMatchObject({ status: 'queued' });
      await click('Start over');
      expect(state()).toBe('idle');
      expect(settled[0]?.error?.code).toBe('CANCELED');
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('a newer generate() replaces a pending one', async () => {
      const settled: Settled[] = [];
      renderWithProviders(<GenerationPage settled={settled} />);
      await click('Generate');
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      });
      expect(settled[0]?.error?.message).toContain('newer generate()');
    });
  });

  describe('sharing and attaching', () => {
    it('attaches to an existing job by id', async () => {
      const transport = createMockTransport({ queuedMs: 1000, runningMs: 1000, pollAfterMs: 500 });
      const job = await transport.submit({ prompt: 'Existing' }, { idempotencyKey: 'existing-key' });
      const onSuccess = vi.fn();
      renderWithProviders(<GenerationPage options={{ jobId: job.id, onSuccess }} />, { transport });
      expect(state()).toBe('submitting');
      await advance(0);
      expect(state()).toBe('queued');
      await advance(2000);
      expect(state()).toBe('succeeded');
      expect(onSuccess).toHaveBeenCalledTimes(1);
      expect(callsOf(transport, 'submit')).toBe(1);
    });

    it('two hooks on one job share one query: one request per interval', async () => {
      const latest: Latest = {};
      const { transport, rerender } = renderWithProviders(
        <>
          <GenerationPage latest={latest} />
          <Watcher latest={latest} />
        </>,
        { transport: { queuedMs: 2000, runningMs: 8000, pollAfterMs: 1000 } },
      );
      await click('Generate');
      rerender(
        <>
          <GenerationPage latest={latest} />
          <Watcher latest={latest} />
        </>,
      );
      await advance(0);
      expect(state('Watcher')).toBe('queued');
      const before = callsOf(transport, 'getJob');
      await advance(5000);
      expect(callsOf(transport, 'getJob') - before).toBe(5);
      expect(state('Watcher')).toBe('running');
      await advance(5000);
      expect(state()).toBe('succeeded');
      expect(state('Watcher')).toBe('succeeded');
    });

    it('a cancel in one hook shows as canceled in every hook on the job', async () => {
      const transport = createMockTransport({ queuedMs: 1000, runningMs: 5000, pollAfterMs: 500 });
      const job = await transport.submit({ prompt: 'Shared' }, { idempotencyKey: 'shared-key' });
      const onCancel = vi.fn();
      renderWithProviders(
        <>
          <GenerationPage options={{ jobId: job.id }} />
          <GenerationPage label="Other" options={{ jobId: job.id, onCancel }} />
        </>,
        { transport },
      );
      await advance(1500);
      await act(async () => {
        fireEvent.click(screen.getAllByRole('button', { name: 'Cancel' })[0]!);
      });
      await advance(0);
      expect(state()).toBe('canceled');
      expect(state('Other')).toBe('canceled');
      expect(onCancel).toHaveBeenCalledWith({
        job: expect.objectContaining({ status: 'canceled' }),
        remoteCancel: false,
      });
    });
  });

  describe('persistence and history', () => {
    it('resumes the same job after an unmount and remount, then keeps the result in the history', async () => {
      const transport = createMockTransport({ queuedMs: 1000, runningMs: 4000, pollAfterMs: 500 });
      const first = renderWithProviders(<GenerationPage options={{ persist: session }} />, { transport });
      await click('Generate');
      await advance(1500);
      expect(state()).toBe('running');
      first.unmount();

      // A reload: a new QueryClient, the same backend.
      const settled: Settled[] = [];
      const onSuccess = vi.fn();
      renderWithProviders(
        <>
          <GenerationPage settled={settled} options={{ persist: session, onSuccess }} />
          <HistoryList />
        </>,
        { transport },
      );
      // The saved snapshot shows at once; then it is read again.
      expect(state()).toBe('running');
      await advance(4000);
      expect(state()).toBe('succeeded');
      expect(callsOf(transport, 'submit')).toBe(1);
      expect(onSuccess).toHaveBeenCalledWith(expect.objectContaining({ id: 'mock-job-1' }));
      expect(screen.getByRole('list', { name: 'History' })).toHaveTextContent('mock-job-1');
      expect(sessionStorage.getItem('seedance-kit:default:active')).toBeNull();
    });

    it('lets retry() work after a reload, from the saved input', async () => {
      const transport = createMockTransport({ scenario: 'never-finishes' });
      const first = renderWithProviders(<GenerationPage input={{ prompt: 'Saved' }} options={{ persist: session }} />, {
        transport,
      });
      await click('Generate');
      first.unmount();
      const latest: Latest = {};
      renderWithProviders(<GenerationPage latest={latest} options={{ persist: session }} />, { transport });
      await click('Start over');
      await click('Retry');
      expect(transport.calls.filter((call) => call.method === 'submit').map((call) => call.input?.prompt)).toEqual([
        'Saved',
        'Saved',
      ]);
    });

    it('saves nothing without persist, and refuses the strings persist took before', async () => {
      const transport = createMockTransport({ queuedMs: 0, runningMs: 500, pollAfterMs: 500 });
      renderWithProviders(<GenerationPage />, { transport });
      await click('Generate');
      await advance(500);
      expect(state()).toBe('succeeded');
      expect(sessionStorage.length).toBe(0);
      const options = { persist: 'session' } as unknown as UseSeedanceGenerationOptions;
      vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(() => renderWithProviders(<GenerationPage options={options} />, { transport })).toThrow(
        "persist takes createPersistence('session') (from @seedance-kit/react), not the string 'session'.",
      );
    });

    it('drops history entries once their links expire', async () => {
      const transport = createMockTransport({ queuedMs: 0, runningMs: 500, pollAfterMs: 500 });
      renderWithProviders(
        <>
          <GenerationPage options={{ persist: session }} />
          <HistoryList />
        </>,
        { transport },
      );
      await click('Generate');
      await advance(500);
      expect(screen.getAllByRole('listitem')).toHaveLength(1);
      await advance(60 * 60_000);
      expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    });
  });

  describe('polling options', () => {
    it('pauses while the tab is hidden when asked, and catches up when shown', async () => {
      const { transport } = renderWithProviders(<GenerationPage options={{ pauseWhenHidden: true }} />, {
        transport: { queuedMs: 1000, runningMs: 60_000, pollAfterMs: 1000 },
      });
      await click('Generate');
      await advance(2000);
      const visiblePolls = callsOf(transport, 'getJob');
      const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
      await act(async () => {
        window.dispatchEvent(new Event('visibilitychange'));
      });
      await advance(10_000);
      expect(callsOf(transport, 'getJob')).toBe(visiblePolls);
      visibility.mockReturnValue('visible');
      await act(async () => {
        window.dispatchEvent(new Event('visibilitychange'));
      });
      await advance(0);
      expect(callsOf(transport, 'getJob')).toBe(visiblePolls + 1);
      visibility.mockRestore();
    });
  });

  describe('progress, chaining and callbacks', () => {
    it('reports elapsed time and an estimate labelled as one, counting down while running', async () => {
      const latest: Latest = {};
      renderWithProviders(
        <GenerationPage latest={latest} options={{ progressIntervalMs: 1000, estimator: createTimeEstimator() }} />,
        {
          transport: { queuedMs: 1000, runningMs: 60_000, pollAfterMs: 1000 },
        },
      );
      expect(latest.current?.estimate).toBeUndefined();
      await click('Generate');
      expect(latest.current?.estimate).toMatchObject({ isEstimate: true, basis: 'model' });
      await advance(11_000);
      expect(latest.current?.status).toBe('running');
      expect(latest.current?.elapsedMs).toBe(11_000);
      const remaining = latest.current?.estimate?.remainingMs.high ?? 0;
      await advance(5000);
      expect(latest.current?.estimate?.remainingMs.high).toBe(remaining - 5000);
    });

    it('leaves the estimate out without an estimator', async () => {
      const latest: Latest = {};
      renderWithProviders(<GenerationPage latest={latest} />, { transport: { queuedMs: 0, runningMs: 60_000 } });
      await click('Generate');
      await advance(1000);
      expect(latest.current?.status).toBe('running');
      expect(latest.current?.estimate).toBeUndefined();
    });

    it('learns from finished generations: the next estimate is refined by this browser', async () => {
      const latest: Latest = {};
      renderWithProviders(<GenerationPage latest={latest} options={{ estimator: createTimeEstimator() }} />, {
        transport: { queuedMs: 0, runningMs: 200_000, pollAfterMs: 10_000 },
      });
      await click('Generate');
      await advance(200_000);
      expect(latest.current?.status).toBe('succeeded');
      await click('Generate');
      expect(latest.current?.estimate).toMatchObject({ basis: 'history', samples: 1 });
      expect(JSON.parse(localStorage.getItem('seedance-kit:timings') ?? '[]')).toHaveLength(1);
      expect(latest.current?.estimate?.totalMs.high).toBeGreaterThan(200_000);
    });

    it('continueFromLastFrame() chains from the last frame with an absolute URL', async () => {
      const latest: Latest = {};
      renderWithProviders(
        <GenerationPage
          latest={latest}
          input={{ prompt: 'Shot one', return_last_frame: true, reference_images: ['https://a.test/1.png'], seed: 3 }}
        />,
        { transport: { queuedMs: 0, runningMs: 500, pollAfterMs: 500, lastFrameUrl: '/api/seedance/last.jpg' } },
      );
      await click('Generate');
      expect(latest.current?.continueFromLastFrame()).toBeNull();
      await advance(500);
      expect(latest.current?.continueFromLastFrame({ prompt: 'Shot two' })).toEqual({
        prompt: 'Shot two',
        return_last_frame: true,
        first_frame_url: `${location.origin}/api/seedance/last.jpg`,
      });
    });

    it('calls the latest callbacks, never stale ones', async () => {
      const first = vi.fn();
      const second = vi.fn();
      const { rerender } = renderWithProviders(<GenerationPage options={{ onSuccess: first }} />, {
        transport: { queuedMs: 0, runningMs: 1000, pollAfterMs: 500 },
      });
      await click('Generate');
      rerender(<GenerationPage options={{ onSuccess: second }} />);
      await advance(1000);
      expect(first).not.toHaveBeenCalled();
      expect(second).toHaveBeenCalledTimes(1);
    });
  });
});
