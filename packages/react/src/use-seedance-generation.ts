'use client';

import {
  canceledState,
  deadlineError,
  failedState,
  type GenerationInput,
  type GenerationJob,
  type GenerationState,
  type GenerationStatus,
  type GenerationTimeEstimate,
  type GenerationTimeEstimator,
  generationStateOf,
  idleState,
  isTerminalStatus,
  lazyModule,
  type PollingOptions,
  pollDeadline,
  SeedanceCanceledError,
  SeedanceError,
  type SucceededJob,
  submittingState,
  toSeedanceError,
} from '@seedance-kit/core';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { absoluteUrl } from './internal/dom';
import { type GenerationPersistence, storeOf } from './persistence';
import { generationQueryOptions } from './query-options';
import { seedanceKeys } from './seedance-keys';
import { useSeedanceTransport } from './seedance-provider';

export type { GenerationStatus } from '@seedance-kit/core';

/** What `cancel()` found out: the job as the server now reports it, and whether the upstream work was stopped. */
export interface GenerationCancellation {
  /** The job as last known (the server's answer to the cancel, when there was a job to cancel). */
  job: GenerationJob | undefined;
  /**
   * Whether the upstream work was stopped too. Segmind cannot cancel, so with the standard signer this is `false`:
   * the job stops being watched and counted, but may still finish and be billed upstream.
   */
  remoteCancel: boolean;
}

/** Options of {@link useSeedanceGeneration}. */
export interface UseSeedanceGenerationOptions {
  /** Watches an existing job instead of starting one (e.g. from a link or another component). */
  jobId?: string | undefined;
  /**
   * Remembers the job being watched so a reload resumes it instead of starting another, and keeps finished videos
   * for `useSeedanceHistory`: `createPersistence('session')` (this tab), `('local')` (every tab), a storage of your
   * own, or `('memory')` (the history only). Without it nothing is saved, and none of that code is downloaded.
   */
  persist?: GenerationPersistence | undefined;
  /** Separates the saved generations of several generators on one page. Default `default`. */
  persistKey?: string | undefined;
  /** Polling: fallback interval, backoff while queued, the overall deadline (default 15 min), read retries. */
  polling?: PollingOptions | undefined;
  /** Stops polling while the tab is hidden (it catches up when the tab is shown again). Default `false`. */
  pauseWhenHidden?: boolean | undefined;
  /**
   * Re-renders every this many ms while a generation is under way, so `elapsedMs` and `estimate` tick. Default
   * `false`: they are computed at each render, which happens on every status change.
   */
  progressIntervalMs?: number | false | undefined;
  /**
   * Makes `estimate` available: `createTimeEstimator()` from `@seedance-kit/core`, created once (it records how long
   * generations take in `localStorage`, so later estimates in this browser improve). Without it `estimate` is
   * `undefined` and the estimate model is left out of your bundle.
   */
  estimator?: GenerationTimeEstimator | undefined;
  /** Called when the server accepted a `generate` call and the job exists. */
  onSubmitted?: ((job: GenerationJob) => void) | undefined;
  /** Called on every change of `status`, with the new state and the status before it. */
  onStatusChange?: ((state: GenerationState, previousStatus: GenerationStatus) => void) | undefined;
  /** Called when the watched job succeeds. */
  onSuccess?: ((job: SucceededJob) => void) | undefined;
  /** Called when input is refused, a submit fails, or the job fails, expires or passes the deadline. Never on cancel. */
  onError?: ((error: SeedanceError) => void) | undefined;
  /** Called when the generation is canceled (by `cancel()` here, or by another tab or component on the same job). */
  onCancel?: ((cancellation: GenerationCancellation) => void) | undefined;
}

/** The actions of {@link useSeedanceGeneration}; stable across renders. */
export interface UseSeedanceGenerationActions {
  /**
   * Validates the input with the core schema (invalid input rejects with `VALIDATION_FAILED` and field `issues`,
   * `status` stays `idle`, no request is made), submits it with a fresh idempotency key, and watches the job.
   * Resolves with the succeeded job; rejects with the `SeedanceError` shown as `error`, or a
   * `SeedanceCanceledError` on `cancel`, `reset`, a newer `generate` or unmount. Callers that only render state may
   * drain it: `void generate(input).catch(() => {})`.
   */
  generate: (input: GenerationInput) => Promise<SucceededJob>;
  /**
   * Stops watching, asks the server to cancel, and ends in `canceled` at once (never an error). Resolves with what
   * the server said, `remoteCancel` included. During `submitting`, the job is canceled as soon as the server
   * returns it. Does nothing once the generation has finished.
   */
  cancel: () => Promise<GenerationCancellation>;
  /**
   * Runs the last input again with a new idempotency key (a new job), with `overrides` on top (e.g. `{ seed }` to
   * regenerate with the seed of the video shown). Rejects when nothing was generated here.
   */
  retry: (overrides?: Partial<GenerationInput>) => Promise<SucceededJob>;
  /** Forgets the current generation and returns to `idle`; the job itself keeps going on the server. */
  reset: () => void;
  /**
   * The next input of a chain: the last input with `first_frame_url` set to this video's last frame (and its
   * references and `last_frame_url` dropped, which the model does not take with a first frame), plus `overrides`.
   * `null` when there is no last frame (the job did not ask for `return_last_frame: true`).
   */
  continueFromLastFrame: (overrides?: Partial<GenerationInput>) => GenerationInput | null;
}

/** Time spent and left. Recomputed at every render; see `progressIntervalMs` to make it tick. */
export interface UseSeedanceGenerationProgress {
  /** Milliseconds since the generation started (its submit, or the job's creation when attached); 0 when idle. */
  elapsedMs: number;
  /**
   * The expected generation time and what is left of it: an estimate (`estimate.isEstimate` is always `true`).
   * `undefined` without the `estimator` option.
   */
  estimate: GenerationTimeEstimate | undefined;
}

type Pending = 'submitting' | 'queued' | 'running';
type Finished = 'succeeded' | 'failed' | 'canceled' | 'expired';

/** Booleans derived from `status`; as literal types, so checking one narrows the result like `status` does. */
export interface GenerationStatusFlags<Status extends GenerationStatus> {
  /** `status === 'idle'`. */
  isIdle: Status extends 'idle' ? true : false;
  /** A generation is under way (`submitting`, `queued`, `running`): disable the submit button on it. */
  isPending: Status extends Pending ? true : false;
  /** `status === 'succeeded'`: `video` is there. */
  isSuccess: Status extends 'succeeded' ? true : false;
  /** `failed` or `expired`: `error` is there. */
  isError: Status extends 'failed' | 'expired' ? true : false;
  /** `status === 'canceled'`. */
  isCanceled: Status extends 'canceled' ? true : false;
  /** The generation ended one way or another (`succeeded`, `failed`, `canceled`, `expired`). */
  isFinished: Status extends Finished ? true : false;
}

/**
 * What {@link useSeedanceGeneration} returns: a discriminated union on `status` (so `video`, `job` and `error`
 * narrow), its flags, the actions and the progress.
 */
export type UseSeedanceGenerationResult = {
  [Status in GenerationStatus]: Extract<GenerationState, { status: Status }> & GenerationStatusFlags<Status>;
}[GenerationStatus] &
  UseSeedanceGenerationActions &
  UseSeedanceGenerationProgress;

/** What the hook itself knows, beside the shared job query. */
type Session =
  | { phase: 'idle'; run: number; error: SeedanceError | null }
  | { phase: 'submitting'; run: number }
  | { phase: 'submit-failed'; run: number; error: SeedanceError }
  | { phase: 'watching'; run: number; jobId: string }
  | { phase: 'canceled'; run: number; jobId: string | undefined; job: GenerationJob | undefined; remoteCancel: boolean }
  | { phase: 'timed-out'; run: number; jobId: string; error: SeedanceError };

type SubmitPath = typeof import('./internal/submit-path');
/** What `generate` needs beyond watching a job (the input schema, the submit), loaded on its first call. */
const loadSubmitPath = lazyModule((): Promise<SubmitPath> => import('./internal/submit-path'), 'the generation code');

interface PendingPromise {
  run: number;
  resolve: (job: SucceededJob) => void;
  reject: (error: SeedanceError) => void;
}

/**
 * Generates one video at a time, or watches one existing job: validates with the core schema, submits with an
 * idempotency key, polls the job with `useQuery` in your QueryClient (one query per job, shared by every watcher),
 * and returns one state per status, with actions, callbacks, progress and an honest estimate.
 *
 * @example
 * const generation = useSeedanceGeneration({ persist: createPersistence('session') });
 * <button disabled={generation.isPending} onClick={() => void generation.generate({ prompt }).catch(() => {})}>
 *   Generate
 * </button>
 * {generation.status === 'succeeded' ? <video src={generation.video.videoUrl} controls /> : null}
 */
export function useSeedanceGeneration(options: UseSeedanceGenerationOptions = {}): UseSeedanceGenerationResult {
  const transport = useSeedanceTransport();
  const queryClient = useQueryClient();
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });
  const store = storeOf(options.persist, options.persistKey);
  const persisting = options.persist?.resumes === true;

  const [resumed] = useState(() => (options.jobId === undefined && persisting ? store?.readActive() : undefined));
  const lastInput = useRef<GenerationInput | undefined>(resumed?.input);
  const startedAt = useRef<number | undefined>(undefined);
  const pending = useRef<PendingPromise | null>(null);
  const runs = useRef(0);
  /** The run whose input is being checked (before its submit), if any. */
  const validating = useRef<number | undefined>(undefined);

  const [session, setSessionState] = useState<Session>(() => {
    const jobId = options.jobId ?? resumed?.jobId;
    return jobId === undefined ? { phase: 'idle', run: 0, error: null } : { phase: 'watching', run: 0, jobId };
  });
  const sessionRef = useRef(session);
  const setSession = useCallback((next: Session) => {
    sessionRef.current = next;
    setSessionState(next);
  }, []);

  // Attaching to another job by prop replaces whatever was shown, during render so no stale frame is painted.
  const [attachedJobId, setAttachedJobId] = useState(options.jobId);
  if (options.jobId !== attachedJobId) {
    setAttachedJobId(options.jobId);
    if (options.jobId !== undefined) {
      runs.current += 1;
      startedAt.current = undefined;
      const next: Session = { phase: 'watching', run: runs.current, jobId: options.jobId };
      sessionRef.current = next;
      setSessionState(next);
    }
  }

  const jobId = 'jobId' in session ? session.jobId : undefined;
  const query = useQuery({
    ...generationQueryOptions(jobId ?? '', transport, options.polling),
    ...(jobId === undefined ? { queryFn: skipToken } : {}),
    ...(resumed?.job !== undefined && resumed.jobId === jobId
      ? { initialData: resumed.job, initialDataUpdatedAt: 0 }
      : {}),
    enabled: session.phase === 'watching',
    refetchIntervalInBackground: options.pauseWhenHidden !== true,
    // A poll that returns the same job keeps the same `data` (structural sharing); with only these two props
    // watched, such a poll renders nothing.
    notifyOnChangeProps: ['data', 'error'],
  });
  const job = jobId === undefined ? undefined : query.data;

  const state = useMemo((): GenerationState => {
    switch (session.phase) {
      case 'idle':
        return idleState(session.error);
      case 'submitting':
        return submittingState();
      case 'submit-failed':
        return failedState(session.error, undefined);
      case 'watching':
        return generationStateOf(job, query.error);
      case 'canceled':
        return canceledState(session.job ?? job, session.remoteCancel);
      case 'timed-out':
        return failedState(session.error, job);
    }
  }, [session, job, query.error]);

  // The deadline: a job that is still not finished by then ends in a clear UPSTREAM_TIMEOUT.
  const deadline =
    job && session.phase === 'watching' && !isTerminalStatus(job.status)
      ? pollDeadline(job, options.polling)
      : undefined;
  useEffect(() => {
    if (deadline === undefined || session.phase !== 'watching') return;
    const { run, jobId: watched } = session;
    const timer = setTimeout(
      () => {
        if (sessionRef.current.run === run) {
          setSession({ phase: 'timed-out', run, jobId: watched, error: deadlineError(callbacks.current.polling) });
        }
      },
      Math.max(0, deadline - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [deadline, session, setSession]);

  // Transitions: callbacks, the pending promise, persistence, history and timings, once per status change.
  const previous = useRef({ status: state.status, run: session.run });
  const isRunning = state.status === 'running';
  // When this hook first saw the job running, taken once per job: the estimate counts down from it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new job is a new running stretch.
  const runningSinceValue = useMemo(() => (isRunning ? Date.now() : undefined), [isRunning, jobId]);
  const runningSince = useRef(runningSinceValue);
  if (runningSinceValue !== undefined) runningSince.current = runningSinceValue;
  useEffect(() => {
    const before = previous.current;
    previous.current = { status: state.status, run: session.run };
    const settle = pending.current?.run === sessionRef.current.run ? pending.current : null;
    // A generate() can end in the status the one before it ended in (its code failed to load twice, or it was
    // canceled twice): no status changes, but its promise and callbacks are still owed.
    const sameStatus = before.status === state.status;
    if (sameStatus && (before.run === session.run || settle === null)) return;
    const current = callbacks.current;
    if (!sameStatus) current.onStatusChange?.(state, before.status);
    if (state.status === 'succeeded') {
      pending.current = null;
      store?.clearActive();
      store?.addToHistory(state.job, lastInput.current);
      current.estimator?.record(state.job, runningSince.current && Date.now() - runningSince.current);
      current.onSuccess?.(state.job);
      settle?.resolve(state.job);
    } else if (state.status === 'failed' || state.status === 'expired') {
      if (settle) pending.current = null;
      store?.clearActive();
      current.onError?.(state.error);
      settle?.reject(state.error);
    } else if (state.status === 'canceled') {
      if (settle) pending.current = null;
      store?.clearActive();
      current.onCancel?.({ job: state.job, remoteCancel: state.remoteCancel });
      settle?.reject(new SeedanceCanceledError('The generation was canceled.'));
    }
  }, [state, store, session.run]);

  // Saves the job being watched (only when it changed: polls that change nothing keep the same `job`).
  useEffect(() => {
    if (!store || !persisting || session.phase !== 'watching' || (job && isTerminalStatus(job.status))) return;
    store.writeActive({
      jobId: session.jobId,
      ...(lastInput.current === undefined ? {} : { input: lastInput.current }),
      ...(job === undefined ? {} : { job }),
    });
  }, [persisting, session, job, store]);

  useEffect(
    () => () => {
      validating.current = undefined;
      pending.current?.reject(new SeedanceCanceledError('The component using the generation unmounted.'));
      pending.current = null;
    },
    [],
  );

  const replacePending = useCallback((reason: string) => {
    pending.current?.reject(new SeedanceCanceledError(reason));
    pending.current = null;
  }, []);

  const cancelRemote = useCallback(
    async (run: number, jobId: string, known: GenerationJob | undefined): Promise<GenerationCancellation> => {
      let answer: GenerationJob | undefined;
      try {
        answer = await transport.cancel(jobId);
      } catch {
        // The cancel did not reach the server: the job goes on there; say so rather than fail.
      }
      if (answer) {
        await queryClient.cancelQueries({ queryKey: seedanceKeys.job(jobId), exact: true });
        queryClient.setQueryData(seedanceKeys.job(jobId), answer);
      }
      const cancellation = { job: answer ?? known, remoteCancel: answer?.remoteCancel ?? false };
      const current = sessionRef.current;
      if (current.run === run && current.phase === 'canceled') {
        setSession({ ...current, jobId, job: cancellation.job, remoteCancel: cancellation.remoteCancel });
      }
      return cancellation;
    },
    [transport, queryClient, setSession],
  );

  const generate = useCallback(
    (input: GenerationInput): Promise<SucceededJob> => {
      replacePending('A newer generate() call replaced this generation.');
      runs.current += 1;
      const run = runs.current;
      const promise = new Promise<SucceededJob>((resolve, reject) => {
        pending.current = { run, resolve, reject };
      });
      validating.current = run;
      void (async () => {
        let submitted: GenerationJob;
        try {
          // The schema and the submit are loaded on the first call (a part loaded on first use), then cached.
          const { checkInput, submitInput } = await loadSubmitPath();
          if (validating.current !== run) return; // replaced, reset, canceled or unmounted meanwhile
          validating.current = undefined;
          const invalid = checkInput(input);
          if (invalid) {
            pending.current?.reject(invalid);
            pending.current = null;
            setSession({ phase: 'idle', run, error: invalid });
            callbacks.current.onError?.(invalid);
            return;
          }
          lastInput.current = input;
          startedAt.current = Date.now();
          runningSince.current = undefined;
          setSession({ phase: 'submitting', run });
          submitted = await submitInput(transport, input);
        } catch (caught) {
          // The code could not load, or the submit was refused: a failed attempt, retryable when the error says so.
          if (runs.current !== run || (validating.current !== run && sessionRef.current.phase !== 'submitting')) return;
          validating.current = undefined;
          setSession({ phase: 'submit-failed', run, error: toSeedanceError(caught) });
          return;
        }
        if (runs.current !== run) return;
        if (sessionRef.current.phase === 'canceled') {
          // Canceled while the submit was out: cancel the job the server just made, so it is not left running.
          void cancelRemote(run, submitted.id, submitted);
          return;
        }
        queryClient.setQueryData(seedanceKeys.job(submitted.id), submitted);
        setSession({ phase: 'watching', run, jobId: submitted.id });
        callbacks.current.onSubmitted?.(submitted);
      })();
      return promise;
    },
    [transport, queryClient, replacePending, setSession, cancelRemote],
  );

  const cancel = useCallback(async (): Promise<GenerationCancellation> => {
    const current = sessionRef.current;
    const unsubmitted = validating.current ?? (current.phase === 'submitting' ? current.run : undefined);
    if (unsubmitted !== undefined) {
      // No job yet: the input was being checked (nothing sent), or the submit is out (its job is canceled as soon
      // as the server returns it).
      validating.current = undefined;
      setSession({ phase: 'canceled', run: unsubmitted, jobId: undefined, job: undefined, remoteCancel: false });
      return { job: undefined, remoteCancel: false };
    }
    const cached =
      'jobId' in current && current.jobId !== undefined
        ? queryClient.getQueryData<GenerationJob>(seedanceKeys.job(current.jobId))
        : undefined;
    if (current.phase !== 'watching' || (cached !== undefined && isTerminalStatus(cached.status))) {
      return { job: cached, remoteCancel: cached?.remoteCancel ?? false };
    }
    setSession({ phase: 'canceled', run: current.run, jobId: current.jobId, job: cached, remoteCancel: false });
    return cancelRemote(current.run, current.jobId, cached);
  }, [queryClient, setSession, cancelRemote]);

  const retry = useCallback(
    (overrides: Partial<GenerationInput> = {}): Promise<SucceededJob> => {
      if (lastInput.current === undefined) {
        return Promise.reject(
          new SeedanceError('MISCONFIGURED', 'retry() has nothing to run again: call generate(input) first.'),
        );
      }
      return generate({ ...lastInput.current, ...overrides });
    },
    [generate],
  );

  const reset = useCallback(() => {
    replacePending('reset() was called before the generation finished.');
    validating.current = undefined;
    runs.current += 1;
    store?.clearActive();
    startedAt.current = undefined;
    setSession({ phase: 'idle', run: runs.current, error: null });
  }, [replacePending, setSession, store]);

  const lastFrameUrl = state.status === 'succeeded' ? state.video.lastFrameUrl : undefined;
  const continueFromLastFrame = useCallback(
    (overrides: Partial<GenerationInput> = {}): GenerationInput | null => {
      if (lastFrameUrl === undefined) return null;
      const {
        reference_images: _images,
        reference_videos: _videos,
        reference_audios: _audios,
        last_frame_url: _lastFrame,
        seed: _seed,
        ...rest
      } = lastInput.current ?? { prompt: '' };
      // The model fetches the frame itself, so it needs an absolute URL even when the signer answers with a path.
      return { ...rest, first_frame_url: absoluteUrl(lastFrameUrl), ...overrides };
    },
    [lastFrameUrl],
  );

  const [, setTick] = useState(0);
  const isPending = state.status === 'submitting' || state.status === 'queued' || state.status === 'running';
  useEffect(() => {
    const interval = options.progressIntervalMs;
    if (!isPending || !interval) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), interval);
    return () => clearInterval(timer);
  }, [isPending, options.progressIntervalMs]);

  const isFinished = !isPending && state.status !== 'idle';
  const progress = useProgress(
    state,
    isFinished,
    startedAt.current,
    runningSinceValue,
    lastInput.current,
    options.estimator,
  );
  return {
    ...state,
    isIdle: state.status === 'idle',
    isPending,
    isSuccess: state.status === 'succeeded',
    isError: state.status === 'failed' || state.status === 'expired',
    isCanceled: state.status === 'canceled',
    isFinished,
    generate,
    cancel,
    retry,
    reset,
    continueFromLastFrame,
    ...progress,
  } as UseSeedanceGenerationResult;
}

function useProgress(
  state: GenerationState,
  finished: boolean,
  submittedAt: number | undefined,
  runningSince: number | undefined,
  input: GenerationInput | undefined,
  estimator: GenerationTimeEstimator | undefined,
): UseSeedanceGenerationProgress {
  const created = state.job ? Date.parse(state.job.createdAt) : Number.NaN;
  const start = submittedAt ?? (Number.isNaN(created) ? undefined : created);
  // The moment a generation ended, taken once, so elapsed time stops with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new start is a new generation, which ends anew.
  const endedAt = useMemo(() => (finished ? Date.now() : undefined), [finished, start]);
  const now = endedAt ?? Date.now();
  const elapsedMs = state.status === 'idle' || start === undefined ? 0 : Math.max(0, now - start);
  const summary = state.job?.input ?? input;
  const estimate =
    summary === undefined || state.status === 'idle'
      ? undefined
      : estimator?.estimate(
          summary,
          state.status === 'running' ? now - (runningSince ?? start ?? now) : finished ? Number.POSITIVE_INFINITY : 0,
        );
  return { elapsedMs, estimate };
}
