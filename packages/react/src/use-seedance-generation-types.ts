import type {
  GenerationInput,
  GenerationJob,
  GenerationTimeEstimate,
  GenerationTimeEstimator,
  SeedanceError,
} from '@seedance-kit/core';
import type {
  GenerationCancellation,
  GenerationState,
  GenerationStatus,
  PollingOptions,
  SucceededJob,
} from '@seedance-kit/core/client';
import type { GenerationPersistence } from './persistence';

/** Options of `useSeedanceGeneration`. */
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

/** The actions of `useSeedanceGeneration`; stable across renders. */
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

/** Time spent and left, and what is being made. Recomputed at every render; see `progressIntervalMs` to make it tick. */
export interface UseSeedanceGenerationProgress {
  /**
   * The input being generated: that of the last `generate` (or `retry`), or the one saved with the job after a
   * reload resumed it (kept after `reset`, for `retry`). `undefined` for a job attached by `jobId`.
   */
  input: GenerationInput | undefined;
  /**
   * While `submitting`: a retry the hook scheduled after a retryable refusal (a 429 from Segmind or the signer's
   * limits, a 503, the network), with when the next attempt goes out (ms since the epoch) and the error that made
   * it wait. Shown by `VideoResult` as "retrying at 14:05 (0:52)"; `cancel()` stops the retry. `undefined` otherwise.
   */
  scheduledRetry: { at: number; error: SeedanceError } | undefined;
  /** Milliseconds since the generation started (its submit, or the job's creation when attached); 0 when idle. */
  elapsedMs: number;
  /**
   * The expected generation time and what is left of it: an estimate (`estimate.isEstimate` is always `true`).
   * `undefined` without the `estimator` option.
   */
  estimate: GenerationTimeEstimate | undefined;
}

/** Booleans derived from `status`; as literal types, so checking one narrows the result like `status` does. */
export interface GenerationStatusFlags<Status extends GenerationStatus> {
  /** `status === 'idle'`. */
  isIdle: Status extends 'idle' ? true : false;
  /** A generation is under way (`submitting`, `queued`, `running`): disable the submit button on it. */
  isPending: Status extends 'submitting' | 'queued' | 'running' ? true : false;
  /** `status === 'succeeded'`: `video` is there. */
  isSuccess: Status extends 'succeeded' ? true : false;
  /** `failed` or `expired`: `error` is there. */
  isError: Status extends 'failed' | 'expired' ? true : false;
  /** `status === 'canceled'`. */
  isCanceled: Status extends 'canceled' ? true : false;
  /** The generation ended one way or another (`succeeded`, `failed`, `canceled`, `expired`). */
  isFinished: Status extends 'succeeded' | 'failed' | 'canceled' | 'expired' ? true : false;
}

/**
 * What `useSeedanceGeneration` returns: a discriminated union on `status` (so `video`, `job` and `error`
 * narrow), its flags, the actions and the progress.
 */
export type UseSeedanceGenerationResult = {
  [Status in GenerationStatus]: Extract<GenerationState, { status: Status }> & GenerationStatusFlags<Status>;
}[GenerationStatus] &
  UseSeedanceGenerationActions &
  UseSeedanceGenerationProgress;
