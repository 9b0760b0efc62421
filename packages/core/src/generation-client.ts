import type { SeedanceError } from './errors';
import type { GenerationInput } from './generation-input';
import {
  createGenerationMachine,
  type GenerationJobReader,
  type GenerationMachineOptions,
  type GenerationSubmitRequest,
} from './generation-machine';
import { nextPollDelay, type PollingOptions, retryDelay, shouldRetry, toSeedanceError } from './generation-polling';
import type { GenerationTimeEstimator } from './generation-progress';
import type { GenerationState, GenerationStatus, SucceededJob } from './generation-state';
import type { GenerationStore } from './generation-storage';
import { submitGeneration } from './generation-submit';
import type { GenerationJob } from './protocol';
import type { SeedanceTransport } from './transport';

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

/**
 * Options of {@link createGenerationClient}: the transport, how to watch, and callbacks called on the client's
 * transitions. Every one but `transport` can change later through `setOptions`.
 */
export interface GenerationClientOptions {
  /** How the client reaches the signer. */
  transport: SeedanceTransport;
  /** Watches this existing job from the start instead of waiting for `generate`. */
  jobId?: string | undefined;
  /** Polling: fallback interval, backoff while queued, the overall deadline, read retries. */
  polling?: PollingOptions | undefined;
  /** Saves the job being watched (so `mount()` can resume it) and keeps finished videos. */
  store?: GenerationStore | undefined;
  /** Whether `mount()` resumes the job saved in `store`. */
  resumes?: boolean | undefined;
  /** Records how long generations take, to refine later estimates. */
  estimator?: GenerationTimeEstimator | undefined;
  /** Called when the server accepted a `generate` call and the job exists. */
  onSubmitted?: ((job: GenerationJob) => void) | undefined;
  /** Called on every change of `status`, with the new state and the status before it. */
  onStatusChange?: ((state: GenerationState, previousStatus: GenerationStatus) => void) | undefined;
  /** Called when the watched job succeeds. */
  onSuccess?: ((job: SucceededJob) => void) | undefined;
  /** Called when input is refused, a submit fails, or the job fails, expires or passes the deadline. Never on cancel. */
  onError?: ((error: SeedanceError) => void) | undefined;
  /** Called when the generation is canceled (here, or by another watcher of the same job). */
  onCancel?: ((cancellation: GenerationCancellation) => void) | undefined;
}

/** What a {@link GenerationClient} knows at one moment; a new object on every change. */
export interface GenerationSnapshot {
  /** The state, one per status. */
  state: GenerationState;
  /** The job being watched or last watched, if any. */
  jobId: string | undefined;
  /** Whether the job should be read now (watched, unfinished, and no push stream is feeding it). */
  polls: boolean;
  /** The input of the last `generate` (or the saved one after a resume). */
  input: GenerationInput | undefined;
  /** When `generate` was called (ms since the epoch); `undefined` for an attached job. */
  startedAt: number | undefined;
  /** When the job was first seen running. */
  runningSince: number | undefined;
  /** When the generation ended. */
  endedAt: number | undefined;
  /**
   * While `submitting`, a retry the client scheduled after a retryable refusal (a 429, a 503, the network): when
   * the next attempt goes out (ms since the epoch) and the error that made it wait. Cleared when it goes out or
   * the generation ends.
   */
  scheduledRetry: { at: number; error: SeedanceError } | undefined;
}

/**
 * The generation state machine, without React: submit, watch, cancel, retry, reset and resume one generation at a
 * time, with callbacks on its transitions. `@seedance-kit/react`'s `useSeedanceGeneration` wires it to react-query.
 */
export interface GenerationClient {
  /** The current snapshot (the same object until something changes). */
  getSnapshot(): GenerationSnapshot;
  /** The snapshot a server render shows: nothing read from storage or the clock. */
  getServerSnapshot(): GenerationSnapshot;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Replaces the options (callbacks, polling, store…); the transport too. */
  setOptions(options: GenerationClientOptions): void;
  /** Starts watching and resumes a saved job; the returned function stops it all and rejects a pending promise. */
  mount(): () => void;
  /** Checks, submits and watches `input`; resolves with the succeeded job, rejects with the error shown. */
  generate(input: GenerationInput): Promise<SucceededJob>;
  /** Stops watching, asks the server to cancel and ends in `canceled` at once. */
  cancel(): Promise<GenerationCancellation>;
  /** Runs the last input again with a new idempotency key and `overrides` on top. */
  retry(overrides?: Partial<GenerationInput>): Promise<SucceededJob>;
  /** Forgets the current generation and returns to `idle`; the job keeps going on the server. */
  reset(): void;
  /** Watches an existing job instead of the current generation. */
  attach(jobId: string): void;
}

/**
 * Creates a {@link GenerationClient}. Uses the transport's push stream (`subscribe`) when it has one, and polls at
 * the server's `pollAfterMs` when it has none or the stream fails.
 *
 * @example
 * const client = createGenerationClient({ transport: createSignerTransport(), onSuccess: (job) => show(job) });
 * const stop = client.mount();
 * await client.generate({ prompt: 'A paper boat on a rainy street' });
 */
export function createGenerationClient(options: GenerationClientOptions): GenerationClient {
  const machine = createGenerationMachine(withDefaults(options));
  return { ...machine, setOptions: (next) => machine.setOptions(withDefaults(next)) };
}

function withDefaults(options: GenerationClientOptions): GenerationMachineOptions {
  return {
    ...options,
    submit: (request: GenerationSubmitRequest) => submitGeneration(options.transport, request.input, request),
    cancel: (jobId: string) => options.transport.cancel(jobId),
    read: pollingReader(options),
  };
}

/** Polls `getJob` at the server's pace, retrying retryable read errors with backoff. */
function pollingReader(options: GenerationClientOptions): GenerationJobReader {
  return (jobId, known, listener, signal) => {
    let failures = 0;
    const read = async () => {
      try {
        const job = await options.transport.getJob(jobId, { signal });
        if (signal.aborted) return;
        failures = 0;
        listener(job, null);
        const delay = nextPollDelay(job, options.polling);
        if (delay !== false) schedule(delay);
      } catch (caught) {
        if (signal.aborted) return;
        if (shouldRetry(failures, caught, options.polling?.retries)) schedule(retryDelay(failures++, caught));
        else listener(undefined, toSeedanceError(caught));
      }
    };
    // One abort listener per scheduled read, removed when the read starts: a long watch schedules hundreds.
    const schedule = (delay: number) => {
      const stop = () => clearTimeout(timer);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        void read();
      }, delay);
      signal.addEventListener('abort', stop, { once: true });
    };
    const first = known === undefined ? 0 : nextPollDelay(known, options.polling);
    if (first !== false) schedule(first);
  };
}
