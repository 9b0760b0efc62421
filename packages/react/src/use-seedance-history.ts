'use client';

import type { GenerationJob, SeedanceError } from '@seedance-kit/core';
import type { GenerationHistoryEntry, GenerationStore, SucceededJob } from '@seedance-kit/core/client';
import { retryDelay, shouldRetry, toSeedanceError } from '@seedance-kit/core/internal';
import type { JobList } from '@seedance-kit/core/protocol';
import { type InfiniteData, skipToken, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type GenerationPersistence, storeOf } from './persistence';
import { seedanceKeys } from './seedance-keys';
import { useSeedanceTransport } from './seedance-provider';

/** Options of {@link useSeedanceHistory}: the same `persist` and `persistKey` as the generation hook's. */
export interface UseSeedanceHistoryOptions {
  /** Where the generation hook keeps its history: the same `createPersistence(...)` as the generation hook's. */
  persist: GenerationPersistence;
  /** The generator's key. Default `default`. */
  persistKey?: string | undefined;
  /** Jobs per page read from the server's history (1-100). Default 20. */
  pageSize?: number | undefined;
}

/** What {@link useSeedanceHistory} returns. */
export interface UseSeedanceHistoryResult {
  /**
   * Finished videos, newest first: from the server's history when the transport lists it (the same on every device
   * of the user), else from this tab's `persist` storage, where entries drop out when their links expire.
   */
  entries: readonly GenerationHistoryEntry[];
  /** Forgets one video: on the server too (`deleteGeneration`) when the transport can. Rejects when the server refuses. */
  remove: (jobId: string) => Promise<void>;
  /** Forgets every video shown: on the server too when the transport can. Rejects when the server refuses one. */
  clear: () => Promise<void>;
  /**
   * Where `entries` come from: `server` (the transport's `listGenerations`) or `tab` (the `persist` storage: the
   * transport lists nothing, the list is still loading, or it failed, see `error`).
   */
  source: 'server' | 'tab';
  /** Why the server's history could not be read (the entries then come from this tab), or `null`. */
  error: SeedanceError | null;
  /** Whether the server's history is being read for the first time. */
  isLoading: boolean;
  /** Whether the server has older videos than those listed: call `loadMore()`. */
  hasMore: boolean;
  /** Reads the next page of the server's history. */
  loadMore: () => Promise<void>;
}

/**
 * The user's finished videos. With a transport that lists the server's history (`createSignerTransport` against a
 * signer of protocol version 2) they come from the server, newest first, page by page: the same on a second device.
 * Otherwise, or when the list cannot be read (then `error` says why), they are the videos `useSeedanceGeneration`
 * finished in this tab (or, with `createPersistence('local')`, this browser), kept until their links expire (the
 * upstream keeps results for one hour). Updates when a generation finishes here.
 *
 * @example
 * const persist = createPersistence('local'); // once, at module level
 * const { entries } = useSeedanceHistory({ persist });
 * entries.map((entry) => <video key={entry.job.id} src={entry.job.result.videoUrl} controls />);
 */
export function useSeedanceHistory(options: UseSeedanceHistoryOptions): UseSeedanceHistoryResult {
  const transport = useSeedanceTransport();
  const queryClient = useQueryClient();
  // Always there: the option is required, and a string is refused with a message saying what to pass.
  const store = storeOf(options.persist, options.persistKey) as GenerationStore;
  const local = useLocalHistory(store);
  const { listGenerations, deleteGeneration } = transport;
  const pageSize = options.pageSize ?? 20;
  const server = useInfiniteQuery<
    JobList,
    SeedanceError,
    InfiniteData<JobList, string | null>,
    readonly unknown[],
    string | null
  >({
    queryKey: [...seedanceKeys.history(), pageSize],
    queryFn: listGenerations
      ? ({ pageParam, signal }) =>
          listGenerations({ limit: pageSize, signal, ...(pageParam === null ? {} : { cursor: pageParam }) })
      : skipToken,
    initialPageParam: null,
    getNextPageParam: (page) => page.nextCursor,
    retry: (failureCount, error) => shouldRetry(failureCount, error, 1),
    retryDelay,
  });
  // A video finished (or was forgotten) here: the server's list has changed too.
  useEffect(() => {
    if (!listGenerations) return;
    return store.subscribe(() => void queryClient.invalidateQueries({ queryKey: seedanceKeys.history() }));
  }, [store, queryClient, listGenerations]);

  const fromServer = server.data !== undefined && server.error === null;
  const listed = useMemo(() => server.data && serverEntries(server.data, local), [server.data, local]);
  const entries = fromServer && listed ? listed : local;

  const forget = useCallback(
    async (jobIds: readonly string[]) => {
      for (const jobId of jobIds) store.removeFromHistory(jobId);
      if (!deleteGeneration) return;
      // Gone from the list at once; the server's answer decides whether it stays gone.
      queryClient.setQueriesData<InfiniteData<JobList, string | null>>(
        { queryKey: seedanceKeys.history() },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({ ...page, jobs: page.jobs.filter((job) => !jobIds.includes(job.id)) })),
          },
      );
      const outcomes = await Promise.allSettled(jobIds.map((jobId) => deleteGeneration(jobId)));
      const refused = outcomes
        .map((outcome) => (outcome.status === 'rejected' ? toSeedanceError(outcome.reason) : undefined))
        // Another device forgot it first: that is the outcome wanted.
        .find((error) => error !== undefined && error.code !== 'NOT_FOUND');
      await queryClient.invalidateQueries({ queryKey: seedanceKeys.history() });
      if (refused) throw refused;
    },
    [store, deleteGeneration, queryClient],
  );
  const remove = useCallback((jobId: string) => forget([jobId]), [forget]);
  const clear = useCallback(async () => {
    const jobIds = entries.map((entry) => entry.job.id);
    store.clearHistory();
    await forget(jobIds);
  }, [entries, store, forget]);
  const { fetchNextPage } = server;
  const loadMore = useCallback(async () => {
    await fetchNextPage();
  }, [fetchNextPage]);

  return {
    entries,
    remove,
    clear,
    source: fromServer ? 'server' : 'tab',
    error: server.error,
    isLoading: listGenerations !== undefined && server.isPending && server.error === null,
    hasMore: fromServer && server.hasNextPage,
    loadMore,
  };
}

/** This tab's history, re-rendered when the next entry expires so it disappears on time without polling. */
function useLocalHistory(store: GenerationStore): readonly GenerationHistoryEntry[] {
  // 0 until an entry expires: the clock and the storage are read by the browser's snapshot only, never while a
  // server renders (or the page hydrates), which shows no history.
  const [now, setNow] = useState(0);
  const entries = useSyncExternalStore(
    store.subscribe,
    () => store.readHistory(Math.max(now, Date.now())),
    serverHistory,
  );
  const nextExpiry = entries.reduce((soonest, entry) => Math.min(soonest, entry.expiresAt), Number.POSITIVE_INFINITY);
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, nextExpiry - Date.now()));
    return () => clearTimeout(timer);
  }, [nextExpiry]);
  return entries;
}

/**
 * The succeeded jobs of the server's pages as history entries. The input is this tab's when it made the video,
 * otherwise rebuilt from the job's summary (the start of the prompt and the parameters; references are not kept).
 * The server decides which videos it still serves, so these entries carry no client-side expiry.
 */
function serverEntries(
  data: InfiniteData<JobList, string | null>,
  local: readonly GenerationHistoryEntry[],
): GenerationHistoryEntry[] {
  const entries: GenerationHistoryEntry[] = [];
  for (const job of data.pages.flatMap((page) => page.jobs)) {
    if (!isSucceeded(job)) continue;
    const known = local.find((entry) => entry.job.id === job.id);
    const { prompt, aspectRatio, duration, resolution, generateAudio } = job.input;
    entries.push({
      job,
      input: known?.input ?? {
        prompt: prompt ?? '',
        aspect_ratio: aspectRatio,
        duration,
        resolution,
        generate_audio: generateAudio,
      },
      finishedAt: Date.parse(job.updatedAt),
      expiresAt: Number.POSITIVE_INFINITY,
    });
  }
  return entries;
}

function isSucceeded(job: GenerationJob): job is SucceededJob {
  return job.status === 'succeeded' && job.result !== undefined;
}

const noEntries: readonly GenerationHistoryEntry[] = [];

function serverHistory(): readonly GenerationHistoryEntry[] {
  return noEntries;
}
