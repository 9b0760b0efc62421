import { SeedanceCanceledError, SeedanceError } from './errors';
import type {
  GenerationCancellation,
  GenerationClient,
  GenerationClientOptions,
  GenerationSnapshot,
} from './generation-client';
import type { GenerationInput } from './generation-input';
import { generationInputSchema } from './generation-input-schema';
import { deadlineError, pollDeadline, toSeedanceError } from './generation-polling';
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
import { createIdempotencyKey } from './idempotency-key';
import type { GenerationJob } from './protocol';
import { isTerminalStatus } from './protocol-constants';
import { validationError } from './validation-error';

/** One submit: the input and the idempotency key every retry of it reuses. */
export interface GenerationSubmitRequest {
  /** The checked input. */
  input: GenerationInput;
  /** The key of this generation; retries reuse it so the server never starts (or bills) a second job. */
  idempotencyKey: string;
  /** Aborted when the generation is canceled, reset or replaced: no attempt is sent after it. */
  retrySignal: AbortSignal;
  /** Reports a retry the submit scheduled (its time and cause) and, with `undefined`, that it went out. */
  onRetry: (scheduled: GenerationSnapshot['scheduledRetry']) => void;
}

/**
 * Where the machine finds the states of a job when something else reads them (react-query's cache in
 * `@seedance-kit/react`). Without one, `read` reads the job.
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

/** Options of {@link createGenerationMachine}: the client's, with the effects supplied. */
export interface GenerationMachineOptions extends GenerationClientOptions {
  /** Sends one submit (the hook: a react-query mutation, whose retries keep the idempotency key). */
  submit: (request: GenerationSubmitRequest) => Promise<GenerationJob>;
  /** Sends one cancel. */
  cancel: (jobId: string) => Promise<GenerationJob>;
  /** Where job states come from when something else reads them (react-query's cache); else `read` reads them. */
  jobs?: GenerationJobSource | undefined;
  /** Reads a watched job while no push stream feeds it (polling); absent when `jobs` has its own reader. */
  read?: GenerationJobReader | undefined;
}

/** Reads a job until `signal` aborts, calling `listener` with each state (or the error that ended the reading). */
export type GenerationJobReader = (
  jobId: string,
  known: GenerationJob | undefined,
  listener: (job: GenerationJob | undefined, error: SeedanceError | null) => void,
  signal: AbortSignal,
) => void;

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
 * The state machine of {@link createGenerationClient}, with every effect supplied: how to submit, cancel and read a
 * job. `useSeedanceGeneration` supplies react-query mutations and queries; `createGenerationClient` the transport.
 */
export function createGenerationMachine(initialOptions: GenerationMachineOptions): GenerationClient {
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
  let submitting = new AbortController();
  let scheduledRetry: GenerationSnapshot['scheduledRetry'];
  let settled = { run: 0, status: 'idle' as GenerationStatus };
  const listeners = new Set<() => void>();
  const serverSnapshot = snapshotOf();
  let snapshot = serverSnapshot;

  function snapshotOf(): GenerationSnapshot {
    const state = stateOf(session);
    const jobId = 'jobId' in session ? session.jobId : undefined;
    const unfinished = session.phase === 'watching' && !(session.job && isTerminalStatus(session.job.status));
    return { state, jobId, polls: unfinished && !streaming, input, startedAt, runningSince, endedAt, scheduledRetry };
  }

  function transition(next: Session): void {
    const previous = snapshot.state;
    session = next;
    // Any change ends the waits for a retry of the submit before it; a new submit takes the fresh signal.
    submitting.abort();
    submitting = new AbortController();
    scheduledRetry = undefined;
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
    const feed = (job: GenerationJob | undefined, error: SeedanceError | null) => receive(wanted, job, error);
    options.jobs?.watch(wanted, feed, signal);
    const { subscribe } = options.transport;
    if (subscribe) {
      streaming = true;
      subscribe(wanted, (job) => put(job), signal).then(
        () => stopStreaming(wanted, signal),
        () => stopStreaming(wanted, signal),
      );
    } else {
      options.read?.(wanted, session.phase === 'watching' ? session.job : undefined, feed, signal);
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
    const known = session.phase === 'watching' ? session.job : undefined;
    options.read?.(jobId, known, (job, error) => receive(jobId, job, error), signal);
    emit();
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
      answer = await options.cancel(jobId);
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
      options = next as GenerationMachineOptions;
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
      const { signal } = submitting;
      const request: GenerationSubmitRequest = {
        input: next,
        idempotencyKey: createIdempotencyKey(),
        retrySignal: signal,
        onRetry(scheduled) {
          // Aborted as soon as this submit is canceled, reset, replaced or answered.
          if (signal.aborted) return;
          scheduledRetry = scheduled;
          snapshot = snapshotOf();
          emit();
        },
      };
      options.submit(request).then(
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
