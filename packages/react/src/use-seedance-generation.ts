'use client';

import {
  createIdempotencyKey,
  type GenerationInput,
  type GenerationJob,
  generationInputSchema,
  isTerminalStatus,
  type JobResult,
  type JobStatus,
  SeedanceCanceledError,
  SeedanceError,
  validationError,
} from '@seedance-kit/core';
import { hashKey, type QueryClient, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { seedanceKeys } from './seedance-keys';
import { useSeedanceTransport } from './seedance-provider';

/** Where a generation stands: the job statuses of the signer, plus `idle` and `submitting` on the client. */
export type GenerationStatus = 'idle' | 'submitting' | JobStatus;

/** Options of {@link useSeedanceGeneration}. */
export interface UseSeedanceGenerationOptions {
  /** Called once when a job started by `generate` succeeds. */
  onSuccess?: (job: GenerationJob) => void;
  /** Called once when a `generate` call fails (invalid input, a refused submit, a failed or expired job); not on cancel. */
  onError?: (error: SeedanceError) => void;
  /** How often to poll when the server does not say (`pollAfterMs`), in ms. Default 2000. */
  fallbackPollIntervalMs?: number;
}

/** What {@link useSeedanceGeneration} returns. */
export interface UseSeedanceGenerationResult {
  /** Where the current generation stands; the same strings as `data-state` on the components. */
  status: GenerationStatus;
  /** The current job as last reported by the signer; `undefined` before a submit succeeds. */
  job: GenerationJob | undefined;
  /**
   * Why the last `generate` did not produce a video: `VALIDATION_FAILED` with field `issues` for bad input (the
   * status then stays `idle`), or the submit, polling or job error. `null` otherwise, and for cancellations.
   */
  error: SeedanceError | null;
  /** The finished video, once `status` is `succeeded`. */
  video: JobResult | undefined;
  /**
   * Validates the input, submits it with a fresh idempotency key, and polls the job until it ends. Resolves with
   * the succeeded job; rejects with a `SeedanceError` (the same one as `error`), or a `SeedanceCanceledError` when a
   * newer `generate`, `reset` or unmount replaces it. Callers that only render state may ignore the promise
   * (`void generate(input).catch(() => {})`).
   */
  generate: (input: GenerationInput) => Promise<GenerationJob>;
  /** Forgets the current generation and returns to `idle`. The job itself keeps running on the server. */
  reset: () => void;
  /** Whether a generation is under way (`submitting`, `queued` or `running`): disable the submit button on it. */
  isBusy: boolean;
}

interface SubmitVariables {
  input: GenerationInput;
  idempotencyKey: string;
}

const DEFAULT_FALLBACK_POLL_INTERVAL_MS = 2000;
const MAX_RETRIES = 2;

/**
 * Generates one video at a time: validates with the core schema, submits through the transport with
 * `useMutation`, and polls the job with `useQuery` at the pace the server asks for, stopping at a terminal status.
 * Every component watching the same job shares one query (`seedanceKeys.job(id)`).
 *
 * @example
 * const { generate, status, job, error } = useSeedanceGeneration();
 * <button onClick={() => void generate({ prompt }).catch(() => {})}>Generate</button>
 * <VideoResult status={status} job={job} error={error} />
 */
export function useSeedanceGeneration(options: UseSeedanceGenerationOptions = {}): UseSeedanceGenerationResult {
  const transport = useSeedanceTransport();
  const queryClient = useQueryClient();
  const fallbackPollIntervalMs = options.fallbackPollIntervalMs ?? DEFAULT_FALLBACK_POLL_INTERVAL_MS;
  const [jobId, setJobId] = useState<string | null>(null);
  const [inputError, setInputError] = useState<SeedanceError | null>(null);
  const pendingWait = useRef<AbortController | null>(null);
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });

  const submission = useMutation<GenerationJob, SeedanceError, SubmitVariables>({
    mutationKey: [...seedanceKeys.all, 'submit'],
    mutationFn: ({ input, idempotencyKey }) => transport.submit(input, { idempotencyKey }),
    // Retrying a submit is safe because it reuses the idempotency key: the server returns the first job.
    retry: (failureCount, error) => error.retryable && failureCount < MAX_RETRIES,
    retryDelay: retryDelayFor,
  });

  const jobQuery = useQuery<GenerationJob, SeedanceError>({
    queryKey: seedanceKeys.job(jobId ?? ''),
    queryFn: jobId === null ? skipToken : ({ signal }) => transport.getJob(jobId, { signal }),
    // Fresh until the server's next poll time, so the job seeded by the submit is not fetched again at once.
    staleTime: (query) => {
      const job = query.state.data;
      return job === undefined || isTerminalStatus(job.status)
        ? Number.POSITIVE_INFINITY
        : (job.pollAfterMs ?? fallbackPollIntervalMs);
    },
    refetchInterval: (query) => {
      const job = query.state.data;
      if (job === undefined || isTerminalStatus(job.status) || query.state.status === 'error') return false;
      return job.pollAfterMs ?? fallbackPollIntervalMs;
    },
    retry: (failureCount, error) => error.retryable && failureCount < MAX_RETRIES,
    retryDelay: retryDelayFor,
  });

  const { mutateAsync, reset: resetSubmission } = submission;

  const generate = useCallback(
    async (input: GenerationInput): Promise<GenerationJob> => {
      pendingWait.current?.abort(new SeedanceCanceledError('A newer generate() call replaced this generation.'));
      const wait = new AbortController();
      pendingWait.current = wait;
      setJobId(null);
      try {
        const parsed = generationInputSchema.safeParse(input);
        if (!parsed.success) {
          resetSubmission();
          const error = validationError(parsed.error, 'The generation input is not valid.');
          setInputError(error);
          throw error;
        }
        setInputError(null);
        const submitted = await mutateAsync({ input, idempotencyKey: createIdempotencyKey() });
        wait.signal.throwIfAborted();
        queryClient.setQueryData(seedanceKeys.job(submitted.id), submitted);
        setJobId(submitted.id);
        const finished = await waitForFinishedJob(queryClient, submitted.id, wait.signal);
        callbacks.current.onSuccess?.(finished);
        return finished;
      } catch (caught) {
        const error = toSeedanceError(caught);
        if (error.code !== 'CANCELED') callbacks.current.onError?.(error);
        throw error;
      } finally {
        if (pendingWait.current === wait) pendingWait.current = null;
      }
    },
    [mutateAsync, resetSubmission, queryClient],
  );

  const reset = useCallback(() => {
    pendingWait.current?.abort(new SeedanceCanceledError('reset() was called before the generation finished.'));
    pendingWait.current = null;
    resetSubmission();
    setJobId(null);
    setInputError(null);
  }, [resetSubmission]);

  useEffect(
    () => () => {
      pendingWait.current?.abort(new SeedanceCanceledError('The component using the generation unmounted.'));
    },
    [],
  );

  const job = (jobId === null ? undefined : jobQuery.data) ?? submission.data;
  const pollError = jobId !== null && jobQuery.isError ? jobQuery.error : null;
  const status: GenerationStatus = submission.isPending
    ? 'submitting'
    : submission.isError
      ? 'failed'
      : pollError
        ? pollError.code === 'EXPIRED'
          ? 'expired'
          : 'failed'
        : (job?.status ?? 'idle');
  const jobOutcomeError = useMemo(() => (job ? outcomeError(job) : undefined), [job]);
  const error =
    inputError ??
    submission.error ??
    pollError ??
    (jobOutcomeError?.code === 'CANCELED' ? null : (jobOutcomeError ?? null));

  return {
    status,
    job,
    error,
    video: status === 'succeeded' ? job?.result : undefined,
    generate,
    reset,
    isBusy: status === 'submitting' || status === 'queued' || status === 'running',
  };
}

/** Resolves once the cached job reaches a terminal status, driven by the query's own polling. */
function waitForFinishedJob(queryClient: QueryClient, jobId: string, signal: AbortSignal): Promise<GenerationJob> {
  const queryHash = hashKey(seedanceKeys.job(jobId));
  const cache = queryClient.getQueryCache();
  return new Promise((resolve, reject) => {
    const unsubscribe = cache.subscribe((event) => {
      if (event.query.queryHash === queryHash) settle();
    });
    const onAbort = () => {
      cleanUp();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    function cleanUp() {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    }
    function settle() {
      const state = cache.get<GenerationJob, SeedanceError>(queryHash)?.state;
      const job = state?.data;
      if (job !== undefined && isTerminalStatus(job.status)) {
        cleanUp();
        const error = outcomeError(job);
        if (error) reject(error);
        else resolve(job);
      } else if (state?.status === 'error' && state.fetchStatus === 'idle') {
        cleanUp();
        reject(toSeedanceError(state.error));
      }
    }
    settle();
  });
}

/** The error a finished job stands for, if it did not succeed. */
function outcomeError(job: GenerationJob): SeedanceError | undefined {
  switch (job.status) {
    case 'failed':
      return job.error
        ? SeedanceError.fromJSON(job.error)
        : new SeedanceError('GENERATION_FAILED', 'The generation failed. Try again, or change the prompt.');
    case 'expired':
      return new SeedanceError(
        'EXPIRED',
        'This generation expired: finished videos are kept for one hour. Generate it again.',
      );
    case 'canceled':
      return new SeedanceCanceledError('The generation was canceled.');
    default:
      return undefined;
  }
}

function toSeedanceError(error: unknown): SeedanceError {
  if (SeedanceError.isInstance(error)) return error;
  return new SeedanceError('INTERNAL', error instanceof Error ? error.message : 'Something went wrong.', {
    cause: error,
  });
}

function retryDelayFor(failureCount: number, error: SeedanceError): number {
  return error.retryAfterMs ?? Math.min(1000 * 2 ** failureCount, 10_000);
}
