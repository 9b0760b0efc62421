import type { GenerationJob, SeedanceError, SeedanceTransport, SignerConfig } from '@seedance-kit/core';
import type { PollingOptions } from '@seedance-kit/core/client';
import { isSameJobState, nextPollDelay, retryDelay, shouldRetry } from '@seedance-kit/core/internal';
import { isTerminalStatus } from '@seedance-kit/core/protocol';
import { queryOptions, replaceEqualDeep } from '@tanstack/react-query';
import { seedanceKeys } from './seedance-keys';

/**
 * The react-query options of one job, as `useSeedanceGeneration` uses them, for hosts that call `useQuery`
 * themselves: same key (so it shares the one query), polling at the server's `pollAfterMs` with backoff while
 * queued, stopped at a terminal status or past the deadline, retryable read errors retried, and polls that return
 * the same job keeping the same `data` object (so they render nothing).
 *
 * @example
 * const transport = useSeedanceTransport();
 * const { data: job } = useQuery(generationQueryOptions(jobId, transport));
 */
export function generationQueryOptions(jobId: string, transport: SeedanceTransport, polling: PollingOptions = {}) {
  return queryOptions<GenerationJob, SeedanceError, GenerationJob, ReturnType<typeof seedanceKeys.job>>({
    queryKey: seedanceKeys.job(jobId),
    queryFn: ({ signal }) => transport.getJob(jobId, { signal }),
    // Fresh until the next poll is due, so a job seeded by its submit is not read again on mount.
    staleTime: (query) => {
      const job = query.state.data;
      if (job === undefined) return 0;
      if (isTerminalStatus(job.status)) return Number.POSITIVE_INFINITY;
      return nextPollDelay(job, polling) || Number.POSITIVE_INFINITY;
    },
    refetchInterval: (query) => {
      const { data: job, error } = query.state;
      if (error !== null && !error.retryable) return false;
      if (job === undefined) return polling.fallbackIntervalMs ?? 2000;
      return nextPollDelay(job, polling);
    },
    refetchIntervalInBackground: true,
    retry: (failureCount, error) => shouldRetry(failureCount, error, polling.retries),
    retryDelay,
    structuralSharing: (previous, next) =>
      isSameJobState(previous as GenerationJob | undefined, next as GenerationJob)
        ? previous
        : replaceEqualDeep(previous, next),
  });
}

/** The react-query options of the signer's policy (`GET /config`), read once per client. */
export function configQueryOptions(transport: SeedanceTransport) {
  return queryOptions<SignerConfig, SeedanceError, SignerConfig, ReturnType<typeof seedanceKeys.config>>({
    queryKey: seedanceKeys.config(),
    queryFn: ({ signal }) => transport.getConfig({ signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: (failureCount, error) => shouldRetry(failureCount, error),
    retryDelay,
  });
}
