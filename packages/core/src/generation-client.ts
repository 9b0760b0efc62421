import { SeedanceCanceledError, SeedanceError } from './errors';
import type { GenerationInput } from './generation-input';
import { generationInputSchema } from './generation-input-schema';
import {
  deadlineError,
  nextPollDelay,
  type PollingOptions,
  pollDeadline,
  retryDelay,
  shouldRetry,
  toSeedanceError,
} from './generation-polling';
import type { GenerationTimeEstimator } from './generation-progress';
import {
  canceledState,
  failedState,
  type GenerationState,
  type GenerationStatus,
  generationStateOf,
  idleState,
  type SucceededJob,
  submittingState,
} from './generation-state';
import type { GenerationStore } from './generation-storage';
import { submitGeneration } from './generation-submit';
import { createIdempotencyKey } from './idempotency-key';
import type { GenerationJob } from './protocol';
import { isTerminalStatus } from './protocol-constants';
import type { SeedanceTransport } from './transport';
import { validationError } from './validation-error';

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

/** One submit: the input and the idempotency key every retry of it reuses. */
export interface GenerationSubmitRequest {
  /** The checked input. */
  input: GenerationInput;
  /** The key of this generation; retries reuse it so the server never starts (or bills) a second job. */
  idempotencyKey: string;
}

/**
 * Where a {@link GenerationClient} finds the states of a job when something else reads them (react-query's cache in
 * `@seedance-kit/react`). Without one, the client reads the job itself.
 */
export interface GenerationJobSource {
  /** Calls `listener` with the job's current state, then on every change, until `signal` aborts. */
  watch(
    jobId: string,
    listener: (job: GenerationJob | undefined, error: SeedanceError | null) => void,
    signal: AbortSignal,
  ): void;
  /** Records a job the client learned otherwise (a submit, a cancel, a push, a saved snapshot when `stale`). */
  put(job: GenerationJob, stale?: boolean): void;
}

/** Callbacks of a {@link GenerationClient}, called on its transitions. */
export interface GenerationClientCallbacks {
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

/** Options of {@link createGenerationClient}; every one but `transport` can change later through `setOptions`. */
export interface GenerationClientOptions extends GenerationClientCallbacks {
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
  /** Sends one submit. Default: the transport's, retrying retryable refusals with the same idempotency key. */
  submit?: ((request: GenerationSubmitRequest) => Promise<GenerationJob>) | undefined;
  /** Sends one cancel. Default: the transport's. */
  cancel?: ((jobId: string) => Promise<GenerationJob>) | undefined;
  /** Where job states come from when something else reads them; without it the client polls the transport. */
  jobs?: GenerationJobSource | undefined;
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

type Session =
  | { phase: 'idle'; error: SeedanceError | null }
  | { phase: 'submitting' }
  | { phase: 'submit-failed'; error: SeedanceError }
  | { phase: 'watching'; jobId: string; job: GenerationJob | undefined; error: SeedanceError | null }
  | { phase: 'canceled'; jobId: string | undefined; job: GenerationJob | undefined; remoteCancel: boolean }
  | { phase: 'timed-out'; jobId: string; job: GenerationJob | undefined; error: SeedanceError };

interface Pending {
  run: number;
  resolve: (job: SucceededJob) => void;
  reject: (error: SeedanceError) => void;
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
export function createGenerationClient(initialOptions: GenerationClientOptions): GenerationClient {
  let options = initialOptions;
  let run = 0;
  let session: Session =
    options.jobId === undefined
      ? { phase: 'idle', error: null }
      : { phase: 'watching', jobId: options.jobId, job: undefined, error: null };
  let input: GenerationInput | undefined;
  let startedAt: number | undefined;
  let runningSince: number | undefined;
  let endedAt: number | undefined;
  let streaming = false;
  let pending: Pending | null = null;
  let mounted = false;
  let watch: { jobId: string; controller: AbortController } | undefined;
  let deadline: { at: number; timer: ReturnType<typeof setTimeout> } | undefined;
  let settled = { run: 0, status: 'idle' as GenerationStatus };
  const listeners = new Set<() => void>();
  const serverSnapshot = snapshotOf();
  let snapshot = serverSnapshot;

  function snapshotOf(): GenerationSnapshot {
    const state = stateOf(session);
    const jobId = 'jobId' in session ? session.jobId : undefined;
    const unfinished = session.phase === 'watching' && !(session.job && isTerminalStatus(session.job.status));
    return { state, jobId, polls: unfinished && !streaming, input, startedAt, runningSince, endedAt };
  }

  function transition(next: Session): void {
    const previous = snapshot.state;
    session = next;
    const state = stateOf(next);
    if (state.status === 'running' && previous.status !== 'running') runningSince ??= Date.now();
    const finished = state.status !== 'idle' && !isPendingStatus(state.status);
    if (finished && endedAt === undefined) endedAt = Date.now();
    snapshot = snapshotOf();
    armDeadline();
    save(state);
    if (state.status !== previous.status) options.onStatusChange?.(state, previous.status);
    // A generate() may end in the status the one before it ended in (canceled twice): its outcome is still owed.
    if (finished && (settled.run !== run || settled.status !== state.status)) {
      settled = { run, status: state.status };
      settle(state);
    }
    emit();
    // Last, so a watcher that answers at once (a job already in the cache) makes a transition of its own after this one.
    syncWatch();
  }

  function settle(state: GenerationState): void {
    const owed = pending?.run === run ? pending : null;
    if (owed) pending = null;
    if (state.status === 'succeeded') {
      options.store?.addToHistory(state.job, input);
      options.estimator?.record(state.job, runningSince && Date.now() - runningSince);
      options.onSuccess?.(state.job);
      owed?.resolve(state.job);
    } else if (state.status === 'failed' || state.status === 'expired') {
      options.onError?.(state.error);
      owed?.reject(state.error);
    } else if (state.status === 'canceled') {
      options.onCancel?.({ job: state.job, remoteCancel: state.remoteCancel });
      owed?.reject(new SeedanceCanceledError('The generation was canceled.'));
    }
  }

  function save(state: GenerationState): void {
    const { store } = options;
    if (!store) return;
    if (session.phase === 'watching' && !(session.job && isTerminalStatus(session.job.status))) {
      if (options.resumes) {
        store.writeActive({
          jobId: session.jobId,
          ...(input === undefined ? {} : { input }),
          ...(session.job === undefined ? {} : { job: session.job }),
        });
      }
    } else if (state.status !== 'idle' && !isPendingStatus(state.status)) {
      store.clearActive();
    }
  }

  function emit(): void {
    for (const listener of [...listeners]) listener();
  }

  function receive(jobId: string, job: GenerationJob | undefined, error: SeedanceError | null): void {
    if (session.phase !== 'watching' || session.jobId !== jobId) return;
    if (session.job === job && session.error === error) return;
    transition({ ...session, job: job ?? session.job, error });
  }

  function put(job: GenerationJob, stale = false): void {
    if (options.jobs) options.jobs.put(job, stale);
    else receive(job.id, job, null);
  }

  /** Watches the job of the `watching` phase while mounted; stops watching anything else. */
  function syncWatch(): void {
    const wanted = mounted && session.phase === 'watching' ? session.jobId : undefined;
    if (watch?.jobId === wanted) return;
    watch?.controller.abort();
    watch = undefined;
    if (streaming) {
      streaming = false;
      snapshot = snapshotOf();
    }
    if (wanted === undefined) return;
    const controller = new AbortController();
    watch = { jobId: wanted, controller };
    const { signal } = controller;
    options.jobs?.watch(wanted, (job, error) => receive(wanted, job, error), signal);
    const { subscribe } = options.transport;
    if (subscribe) {
      streaming = true;
      subscribe(wanted, (job) => put(job), signal).then(
        () => stopStreaming(wanted, signal),
        () => stopStreaming(wanted, signal),
      );
    } else if (!options.jobs) {
      poll(wanted, signal);
    }
    if (streaming) {
      snapshot = snapshotOf();
      emit();
    }
  }

  /** A push stream that ended or failed leaves the job to polling (it changes nothing for a finished job). */
  function stopStreaming(jobId: string, signal: AbortSignal): void {
    if (signal.aborted) return;
    streaming = false;
    snapshot = snapshotOf();
    if (!options.jobs) poll(jobId, signal);
    emit();
  }

  function poll(jobId: string, signal: AbortSignal): void {
    let failures = 0;
    const read = async () => {
      try {
        const job = await options.transport.getJob(jobId, { signal });
        if (signal.aborted) return;
        failures = 0;
        receive(jobId, job, null);
        const delay = nextPollDelay(job, options.polling);
        if (delay !== false) schedule(delay);
      } catch (caught) {
        if (signal.aborted) return;
        if (shouldRetry(failures, caught, options.polling?.retries)) schedule(retryDelay(failures++, caught));
        else receive(jobId, undefined, toSeedanceError(caught));
      }
    };
    const schedule = (delay: number) => {
      const timer = setTimeout(read, delay);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    };
    const known = session.phase === 'watching' ? session.job : undefined;
    const first = known === undefined ? 0 : nextPollDelay(known, options.polling);
    if (first !== false) schedule(first);
  }

  /** A job still unfinished at its deadline ends in a clear `UPSTREAM_TIMEOUT` instead of a silent hang. */
  function armDeadline(): void {
    const job = session.phase === 'watching' ? session.job : undefined;
    const at = mounted && job && !isTerminalStatus(job.status) ? pollDeadline(job, options.polling) : undefined;
    if (deadline?.at === at) return;
    if (deadline) clearTimeout(deadline.timer);
    deadline = undefined;
    if (at === undefined || session.phase !== 'watching') return;
    const { jobId } = session;
    const timer = setTimeout(
      () => {
        deadline = undefined;
        if (session.phase === 'watching' && session.jobId === jobId) {
          transition({ phase: 'timed-out', jobId, job: session.job, error: deadlineError(options.polling) });
        }
      },
      Math.max(0, at - Date.now()),
    );
    deadline = { at, timer };
  }

  function replacePending(reason: string): void {
    pending?.reject(new SeedanceCanceledError(reason));
    pending = null;
  }

  async function cancelRemote(
    cancelRun: number,
    jobId: string,
    known: GenerationJob | undefined,
  ): Promise<GenerationCancellation> {
    let answer: GenerationJob | undefined;
    try {
      answer = await (options.cancel ?? ((id: string) => options.transport.cancel(id)))(jobId);
    } catch {
      // The cancel did not reach the server: the job goes on there; say so rather than fail.
    }
    if (answer) put(answer);
    const cancellation = { job: answer ?? known, remoteCancel: answer?.remoteCancel ?? false };
    if (run === cancelRun && session.phase === 'canceled') {
      transition({ phase: 'canceled', jobId, job: cancellation.job, remoteCancel: cancellation.remoteCancel });
    }
    return cancellation;
  }

  function beginRun(): number {
    run += 1;
    startedAt = undefined;
    runningSince = undefined;
    endedAt = undefined;
    return run;
  }

  const client: GenerationClient = {
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOptions(next) {
      options = next;
    },
    mount() {
      mounted = true;
      const saved = session.phase === 'idle' && options.resumes ? options.store?.readActive() : undefined;
      if (saved) {
        input = saved.input;
        beginRun();
        if (saved.job) put(saved.job, true);
        transition({ phase: 'watching', jobId: saved.jobId, job: saved.job, error: null });
      } else {
        armDeadline();
        syncWatch();
      }
      return () => {
        mounted = false;
        syncWatch();
        armDeadline();
        replacePending('The component using the generation unmounted.');
      };
    },
    generate(next) {
      replacePending('A newer generate() call replaced this generation.');
      const current = beginRun();
      const parsed = generationInputSchema.safeParse(next);
      if (!parsed.success) {
        const invalid = validationError(parsed.error, 'The generation input is not valid.');
        transition({ phase: 'idle', error: invalid });
        options.onError?.(invalid);
        return Promise.reject(invalid);
      }
      const promise = new Promise<SucceededJob>((resolve, reject) => {
        pending = { run: current, resolve, reject };
      });
      input = next;
      startedAt = Date.now();
      transition({ phase: 'submitting' });
      const request = { input: next, idempotencyKey: createIdempotencyKey() };
      const submit =
        options.submit ?? ((sent: GenerationSubmitRequest) => submitGeneration(options.transport, sent.input, sent));
      submit(request).then(
        (job) => {
          if (run !== current) return;
          if (session.phase === 'canceled') {
            // Canceled while the submit was out: cancel the job the server just made, so it is not left running.
            void cancelRemote(current, job.id, job);
            return;
          }
          put(job);
          options.onSubmitted?.(job);
          transition({ phase: 'watching', jobId: job.id, job, error: null });
        },
        (caught: unknown) => {
          if (run !== current || session.phase !== 'submitting') return;
          transition({ phase: 'submit-failed', error: toSeedanceError(caught) });
        },
      );
      return promise;
    },
    async cancel() {
      if (session.phase === 'submitting') {
        transition({ phase: 'canceled', jobId: undefined, job: undefined, remoteCancel: false });
        return { job: undefined, remoteCancel: false };
      }
      const known = 'job' in session ? session.job : undefined;
      if (session.phase !== 'watching' || (known !== undefined && isTerminalStatus(known.status))) {
        return { job: known, remoteCancel: known?.remoteCancel ?? false };
      }
      const { jobId } = session;
      transition({ phase: 'canceled', jobId, job: known, remoteCancel: false });
      return cancelRemote(run, jobId, known);
    },
    retry(overrides = {}) {
      if (input === undefined) {
        return Promise.reject(
          new SeedanceError('MISCONFIGURED', 'retry() has nothing to run again: call generate(input) first.'),
        );
      }
      return client.generate({ ...input, ...overrides });
    },
    reset() {
      replacePending('reset() was called before the generation finished.');
      beginRun();
      options.store?.clearActive();
      transition({ phase: 'idle', error: null });
    },
    attach(jobId) {
      replacePending('The generation was replaced by another job.');
      beginRun();
      transition({ phase: 'watching', jobId, job: undefined, error: null });
    },
  };
  return client;
}

function stateOf(session: Session): GenerationState {
  switch (session.phase) {
    case 'idle':
      return idleState(session.error);
    case 'submitting':
      return submittingState();
    case 'submit-failed':
      return failedState(session.error, undefined);
    case 'watching':
      return generationStateOf(session.job, session.error);
    case 'canceled':
      return canceledState(session.job, session.remoteCancel);
    case 'timed-out':
      return failedState(session.error, session.job);
  }
}

function isPendingStatus(status: GenerationStatus): boolean {
  return status === 'submitting' || status === 'queued' || status === 'running';
}
