'use client';

import type { GenerationInput, GenerationJob, GenerationTimeEstimator, SeedanceError } from '@seedance-kit/core';
import type { GenerationClient, GenerationSnapshot } from '@seedance-kit/core/client';
import {
  createGenerationMachine,
  type GenerationJobSource,
  type GenerationMachineOptions,
  type GenerationSubmitRequest,
  submitGeneration,
} from '@seedance-kit/core/internal';
import { hashKey, type QueryClient, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { absoluteUrl } from './internal/dom';
import { storeOf } from './persistence';
import { generationQueryOptions } from './query-options';
import { seedanceKeys } from './seedance-keys';
import { useSeedanceTransport } from './seedance-provider';
import type {
  UseSeedanceGenerationOptions,
  UseSeedanceGenerationProgress,
  UseSeedanceGenerationResult,
} from './use-seedance-generation-types';

/**
 * Generates one video at a time, or watches one existing job. The state machine is core's generation client (the
 * one `createGenerationClient` returns); this hook wires it to your QueryClient: the submit and the cancel are
 * mutations (so `useIsMutating` and the devtools see them), the job is one query shared by every watcher. A
 * retryable submit refusal is sent again with the same idempotency key, and the wait is shown as `scheduledRetry`.
 * Returns one state per status, with actions, callbacks, progress and an honest estimate.
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
  const store = storeOf(options.persist, options.persistKey);
  const submit = useMutation<GenerationJob, SeedanceError, GenerationSubmitRequest>({
    mutationKey: seedanceKeys.submit(),
    // The retries happen in here, not in react-query's `retry`, so the client knows when the next attempt goes out
    // and a cancel stops it.
    mutationFn: (request) => submitGeneration(transport, request.input, request),
  }).mutateAsync;
  const cancel = useMutation<GenerationJob, SeedanceError, string>({
    mutationKey: seedanceKeys.cancel(),
    mutationFn: async (jobId) => {
      const job = await transport.cancel(jobId);
      // A read still out would land after the cancel and show the job running again.
      await queryClient.cancelQueries({ queryKey: seedanceKeys.job(jobId), exact: true });
      return job;
    },
  }).mutateAsync;

  const clientOptions: GenerationMachineOptions = {
    ...options,
    transport,
    store,
    resumes: options.jobId === undefined && options.persist?.resumes === true,
    submit,
    cancel,
    jobs: queryJobSource(queryClient),
  };
  const [client] = useState(() => createGenerationMachine(clientOptions));
  useEffect(() => client.setOptions(clientOptions));
  useEffect(() => client.mount(), [client]);

  // Attaching to another job by prop replaces whatever was shown, during render so no stale frame is painted.
  const [attachedJobId, setAttachedJobId] = useState(options.jobId);
  if (options.jobId !== attachedJobId) {
    setAttachedJobId(options.jobId);
    if (options.jobId !== undefined) client.attach(options.jobId);
  }

  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getServerSnapshot);
  const { state, jobId, input, scheduledRetry } = snapshot;
  // The query reads the job; the client hears every change through the cache, so this hook re-renders from the
  // client only (a poll that returns the same job renders nothing).
  useQuery({
    ...generationQueryOptions(jobId ?? '', transport, options.polling),
    ...(jobId === undefined ? { queryFn: skipToken } : {}),
    enabled: snapshot.polls,
    refetchIntervalInBackground: options.pauseWhenHidden !== true,
    notifyOnChangeProps: [],
  });

  const isPending = state.status === 'submitting' || state.status === 'queued' || state.status === 'running';
  const [, setTick] = useState(0);
  useEffect(() => {
    const interval = options.progressIntervalMs;
    if (!isPending || !interval) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), interval);
    return () => clearInterval(timer);
  }, [isPending, options.progressIntervalMs]);

  const actions = useActions(client, state.status === 'succeeded' ? state.video.lastFrameUrl : undefined);
  return {
    ...state,
    isIdle: state.status === 'idle',
    isPending,
    isSuccess: state.status === 'succeeded',
    isError: state.status === 'failed' || state.status === 'expired',
    isCanceled: state.status === 'canceled',
    isFinished: !isPending && state.status !== 'idle',
    input,
    scheduledRetry,
    ...actions,
    ...progressOf(snapshot, options.estimator),
  } as UseSeedanceGenerationResult;
}

/** The actions, bound to the client once; `continueFromLastFrame` changes with the video. */
function useActions(client: GenerationClient, lastFrameUrl: string | undefined) {
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
      } = client.getSnapshot().input ?? { prompt: '' };
      // The model fetches the frame itself, so it needs an absolute URL even when the signer answers with a path.
      return { ...rest, first_frame_url: absoluteUrl(lastFrameUrl), ...overrides };
    },
    [client, lastFrameUrl],
  );
  // The client's methods are closures over it, stable for its life.
  const { generate, cancel, retry, reset } = client;
  return { generate, cancel, retry, reset, continueFromLastFrame };
}

/** The job states as react-query holds them: one query per job, shared by every hook and component watching it. */
function queryJobSource(queryClient: QueryClient): GenerationJobSource {
  return {
    watch(jobId, listener, signal) {
      const cache = queryClient.getQueryCache();
      const queryHash = hashKey(seedanceKeys.job(jobId));
      const read = () => {
        const query = cache.get<GenerationJob, SeedanceError>(queryHash);
        if (query) listener(query.state.data, query.state.error);
      };
      const unsubscribe = cache.subscribe((event) => {
        if (event.query.queryHash === queryHash && event.type === 'updated') read();
      });
      signal.addEventListener('abort', unsubscribe, { once: true });
      read();
    },
    put(job, stale) {
      // A saved snapshot shows at once and is read again right away; any other answer is fresh.
      queryClient.setQueryData(seedanceKeys.job(job.id), job, stale ? { updatedAt: 0 } : undefined);
    },
  };
}

/** Time spent and left, from the client's timestamps; no clock is read while idle (nor so on the server). */
function progressOf(
  snapshot: GenerationSnapshot,
  estimator: GenerationTimeEstimator | undefined,
): Pick<UseSeedanceGenerationProgress, 'elapsedMs' | 'estimate'> {
  const { state } = snapshot;
  if (state.status === 'idle') return { elapsedMs: 0, estimate: undefined };
  const created = state.job ? Date.parse(state.job.createdAt) : Number.NaN;
  const start = snapshot.startedAt ?? (Number.isNaN(created) ? undefined : created);
  const finished = snapshot.endedAt !== undefined;
  const now = snapshot.endedAt ?? (start === undefined ? 0 : Date.now());
  const elapsedMs = start === undefined ? 0 : Math.max(0, now - start);
  const summary = state.job?.input ?? snapshot.input;
  const runningMs =
    state.status === 'running'
      ? now - (snapshot.runningSince ?? start ?? now)
      : finished
        ? Number.POSITIVE_INFINITY
        : 0;
  return { elapsedMs, estimate: summary === undefined ? undefined : estimator?.estimate(summary, runningMs) };
}

export type { GenerationCancellation, GenerationStatus } from '@seedance-kit/core/client';
export type {
  GenerationStatusFlags,
  UseSeedanceGenerationActions,
  UseSeedanceGenerationOptions,
  UseSeedanceGenerationProgress,
  UseSeedanceGenerationResult,
} from './use-seedance-generation-types';
