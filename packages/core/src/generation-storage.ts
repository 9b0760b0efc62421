import type { GenerationInput } from './generation-input';
import type { SucceededJob } from './generation-state';
import type { GenerationJob } from './protocol';

/** Where generations are remembered across reloads: the subset of the Web Storage API that is used. */
export interface GenerationStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `'session'` (this tab, survives reloads), `'local'` (every tab, survives restarts), or a storage of your own. */
export type PersistOption = 'session' | 'local' | GenerationStorage;

/** The generation a page was watching, saved so a reload resumes it instead of starting another. */
export interface ActiveGeneration {
  /** The job's id (its signed token). */
  jobId: string;
  /** The input it was started with, so `retry()` still works after a reload; absent for attached jobs. */
  input?: GenerationInput;
  /** The job as last seen, so a resumed page shows it at once while it reads the current state. */
  job?: GenerationJob;
}

/** A finished video remembered by {@link GenerationStore.addToHistory}. */
export interface GenerationHistoryEntry {
  /** The succeeded job, with its result. */
  job: SucceededJob;
  /** The input it was made from, when known. */
  input?: GenerationInput;
  /** When the video finished, in ms since the epoch. */
  finishedAt: number;
  /** When its links stop working (the upstream keeps results for one hour), in ms since the epoch. */
  expiresAt: number;
}

/** Remembers the active generation and a short history of finished ones in a {@link GenerationStorage}. */
export interface GenerationStore {
  /** The generation to resume, if any. */
  readActive(): ActiveGeneration | undefined;
  /** Saves the generation being watched. */
  writeActive(entry: ActiveGeneration): void;
  /** Forgets the generation being watched. */
  clearActive(): void;
  /** Finished videos whose links still work, newest first. The same array is returned until something changes. */
  readHistory(now?: number): readonly GenerationHistoryEntry[];
  /** Adds a finished video (replacing an entry of the same job), keeping the newest `historySize`. */
  addToHistory(job: SucceededJob, input?: GenerationInput, now?: number): void;
  /** Forgets one finished video. */
  removeFromHistory(jobId: string): void;
  /** Forgets every finished video. */
  clearHistory(): void;
  /** Calls `listener` whenever the history of this store changes, in this tab or (for `local`) another. */
  subscribe(listener: () => void): () => void;
}

/** Options of {@link createGenerationStore}. */
export interface GenerationStoreOptions {
  /** Separates the generations of several generators on one page. Default `default`. */
  key?: string;
  /** How many finished videos to keep. Default 10. */
  historySize?: number;
}

/** How long the upstream keeps a finished video, counted from the job's creation. */
export const RESULT_LIFETIME_MS = 60 * 60_000;

const PREFIX = 'seedance-kit';

/**
 * The storage a {@link PersistOption} names: `sessionStorage` or `localStorage` when the page has them (not during
 * server rendering, not when the browser blocks them), a host storage as it is, `undefined` otherwise.
 */
export function resolveStorage(persist: PersistOption | undefined): GenerationStorage | undefined {
  if (persist === undefined) return undefined;
  if (typeof persist !== 'string') return persist;
  try {
    const storage = persist === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A store of the active generation and the recent finished ones, as JSON under `seedance-kit:<key>:…` keys.
 * Broken or foreign values are ignored rather than thrown, and a full storage only loses the write.
 */
export function createGenerationStore(
  storage: GenerationStorage,
  options: GenerationStoreOptions = {},
): GenerationStore {
  const activeKey = `${PREFIX}:${options.key ?? 'default'}:active`;
  const historyKey = `${PREFIX}:${options.key ?? 'default'}:history`;
  const historySize = options.historySize ?? 10;
  let cache: { raw: string | null; entries: GenerationHistoryEntry[]; validUntil: number } | undefined;

  function readEntries(): GenerationHistoryEntry[] {
    const parsed = readJson(storage, historyKey);
    return Array.isArray(parsed) ? (parsed as GenerationHistoryEntry[]).filter(isHistoryEntry) : [];
  }

  function writeEntries(entries: GenerationHistoryEntry[]): void {
    writeJson(storage, historyKey, entries);
    notify(historyKey);
  }

  return {
    readActive() {
      const parsed = readJson(storage, activeKey) as ActiveGeneration | undefined;
      return typeof parsed?.jobId === 'string' && parsed.jobId !== '' ? parsed : undefined;
    },
    writeActive(entry) {
      writeJson(storage, activeKey, entry);
    },
    clearActive() {
      safely(() => storage.removeItem(activeKey));
    },
    readHistory(now = Date.now()) {
      const raw = safely(() => storage.getItem(historyKey)) ?? null;
      if (cache && cache.raw === raw && now < cache.validUntil) return cache.entries;
      const entries = readEntries().filter((entry) => entry.expiresAt > now);
      const validUntil = Math.min(...entries.map((entry) => entry.expiresAt), Number.POSITIVE_INFINITY);
      cache = { raw, entries, validUntil };
      return entries;
    },
    addToHistory(job, input, now = Date.now()) {
      const created = Date.parse(job.createdAt);
      const entry: GenerationHistoryEntry = {
        job,
        ...(input === undefined ? {} : { input }),
        finishedAt: now,
        expiresAt: (Number.isNaN(created) ? now : created) + RESULT_LIFETIME_MS,
      };
      const others = readEntries().filter((existing) => existing.job.id !== job.id && existing.expiresAt > now);
      writeEntries([entry, ...others].slice(0, historySize));
    },
    removeFromHistory(jobId) {
      writeEntries(readEntries().filter((entry) => entry.job.id !== jobId));
    },
    clearHistory() {
      safely(() => storage.removeItem(historyKey));
      notify(historyKey);
    },
    subscribe(listener) {
      const entry = { key: historyKey, listener };
      listeners.add(entry);
      const onStorage = (event: { key: string | null }) => {
        if (event.key === historyKey || event.key === null) listener();
      };
      const target = typeof window === 'undefined' ? undefined : window;
      target?.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(entry);
        target?.removeEventListener('storage', onStorage);
      };
    },
  };
}

const listeners = new Set<{ key: string; listener: () => void }>();

function notify(key: string): void {
  for (const entry of [...listeners]) if (entry.key === key) entry.listener();
}

function readJson(storage: GenerationStorage, key: string): unknown {
  const raw = safely(() => storage.getItem(key));
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function writeJson(storage: GenerationStorage, key: string, value: unknown): void {
  safely(() => storage.setItem(key, JSON.stringify(value)));
}

function isHistoryEntry(value: unknown): value is GenerationHistoryEntry {
  const entry = value as GenerationHistoryEntry | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.expiresAt === 'number' &&
    typeof entry.job?.id === 'string' &&
    typeof entry.job.result?.videoUrl === 'string'
  );
}

// Storage throws when full, when disabled by the browser, or in some private modes: persistence is best effort.
function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
