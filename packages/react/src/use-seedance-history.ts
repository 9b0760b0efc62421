'use client';

import type { GenerationHistoryEntry, GenerationStore } from '@seedance-kit/core/client';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { type GenerationPersistence, storeOf } from './persistence';

/** Options of {@link useSeedanceHistory}: the same `persist` and `persistKey` as the generation hook's. */
export interface UseSeedanceHistoryOptions {
  /** Where the generation hook keeps its history: the same `createPersistence(...)` as the generation hook's. */
  persist: GenerationPersistence;
  /** The generator's key. Default `default`. */
  persistKey?: string | undefined;
}

/** What {@link useSeedanceHistory} returns. */
export interface UseSeedanceHistoryResult {
  /** Finished videos whose links still work, newest first; entries drop out when they expire. */
  entries: readonly GenerationHistoryEntry[];
  /** Forgets one video. */
  remove: (jobId: string) => void;
  /** Forgets every video. */
  clear: () => void;
}

/**
 * The videos `useSeedanceGeneration` finished recently, kept until their links expire (the upstream keeps results
 * for one hour). Updates when a generation finishes, in this tab or (with `createPersistence('local')`) another.
 *
 * @example
 * const persist = createPersistence('local'); // once, at module level
 * const { entries } = useSeedanceHistory({ persist });
 * entries.map((entry) => <video key={entry.job.id} src={entry.job.result.videoUrl} controls />);
 */
export function useSeedanceHistory(options: UseSeedanceHistoryOptions): UseSeedanceHistoryResult {
  // Always there: the option is required, and a string is refused with a message saying what to pass.
  const store = storeOf(options.persist, options.persistKey) as GenerationStore;
  // 0 until an entry expires: the clock and the storage are read by the browser's snapshot only, never while a
  // server renders (or the page hydrates), which shows no history.
  const [now, setNow] = useState(0);
  const entries = useSyncExternalStore(
    store.subscribe,
    () => store.readHistory(Math.max(now, Date.now())),
    serverHistory,
  );
  // Re-render when the next entry expires, so it disappears on time without polling.
  const nextExpiry = entries.reduce((soonest, entry) => Math.min(soonest, entry.expiresAt), Number.POSITIVE_INFINITY);
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, nextExpiry - Date.now()));
    return () => clearTimeout(timer);
  }, [nextExpiry]);
  const remove = useCallback((jobId: string) => store.removeFromHistory(jobId), [store]);
  const clear = useCallback(() => store.clearHistory(), [store]);
  return { entries, remove, clear };
}

const noEntries: readonly GenerationHistoryEntry[] = [];

function serverHistory(): readonly GenerationHistoryEntry[] {
  return noEntries;
}
