import { SeedanceError } from '@seedance-kit/core';
import type { SeedanceErrorBody } from '@seedance-kit/core/protocol';
import type { HandlerContext } from './context';
import { storeKeys } from './store/keys';
import type { SegmindMetrics, SegmindResult } from './upstream/segmind-client';
import type { JobFailure } from './upstream/upstream-failures';

/** One coalesced read of a job upstream: its status, with the result once completed. */
export type PolledState =
  | { status: 'QUEUED' | 'PROCESSING' | 'UNKNOWN' }
  | { status: 'COMPLETED'; result: SegmindResult }
  | { status: 'FAILED'; failure: JobFailure; metrics: SegmindMetrics }
  | { status: 'NOT_FOUND' };

/** Reads job states upstream, at most once per poll interval per job across every instance sharing the store. */
export interface Poller {
  /** The job's state, from the shared cache when a read within the interval has one. */
  poll(requestId: string, signal: AbortSignal): Promise<PolledState>;
  /** A completed job's result (the CDN URLs), kept for as long as the CDN keeps the files. */
  result(
    requestId: string,
    signal: AbortSignal,
  ): Promise<SegmindResult | Exclude<PolledState, { status: 'COMPLETED' }>>;
}

type Cached = PolledState | { status: 'ERROR'; error: SeedanceErrorBody };

/** Finished states never change, so they are cached as long as Segmind keeps the record. */
const TERMINAL_CACHE_MS = 60 * 60 * 1000;
/** Segmind's CDN keeps output files about a week; the media routes need their URLs that long. */
const RESULT_CACHE_MS = 7 * 24 * 60 * 60 * 1000;
const WAIT_STEP_MS = 25;
const RECENT_MAX_ENTRIES = 1000;

/**
 * Single flight within this process (concurrent pollers share one promise) plus a short cache and a lock in the
 * store (other instances read the cache instead of calling Segmind). A thousand open tabs on one job cost one
 * upstream status call per interval, which matters under Segmind's 5-50 requests/min plans.
 */
export function createPoller(context: HandlerContext): Poller {
  const { settings, segmind } = context;
  const { store } = settings;
  const inFlight = new Map<string, Promise<Cached>>();
  // The lock outlives the slowest upstream read, so a second instance never starts a duplicate read mid-call.
  const lockMs = (settings.upstreamTimeoutMs + 1000) * settings.upstreamAttempts;

  async function readUpstream(requestId: string, signal: AbortSignal): Promise<Cached> {
    try {
      const state = await segmind.status(requestId, signal);
      if (state.status !== 'COMPLETED') return state;
      const result = await segmind.result(requestId, signal);
      if ('status' in result) return result;
      await store.set(storeKeys.result(requestId), JSON.stringify(result), RESULT_CACHE_MS);
      return { status: 'COMPLETED', result };
    } catch (error) {
      // Upstream trouble is shared with every poller for the window; the store's own trouble is not upstream state.
      if (SeedanceError.isInstance(error) && error.code !== 'UNAVAILABLE') {
        return { status: 'ERROR', error: error.toJSON() };
      }
      throw error;
    }
  }

  // Parsed answers this instance read or wrote recently. The store stays the truth between instances; this only
  // spares the hot poll route a store round trip and a JSON parse. Values read from the store are kept for a quarter
  // of the window, so a state is never served more than 1.25 windows after it was read upstream.
  const recent = new Map<string, { state: Cached; expiresAt: number }>();
  const remember = (requestId: string, state: Cached, forMs: number) => {
    if (recent.size >= RECENT_MAX_ENTRIES) recent.delete(recent.keys().next().value as string);
    recent.set(requestId, { state, expiresAt: settings.now() + forMs });
  };

  async function coalesced(requestId: string): Promise<Cached> {
    const deadline = settings.now() + lockMs + 1000;
    let signal: AbortSignal | undefined;
    for (;;) {
      const local = recent.get(requestId);
      if (local && local.expiresAt > settings.now()) return local.state;
      const cached = await store.get(storeKeys.poll(requestId));
      if (cached !== undefined) {
        const state = JSON.parse(cached) as Cached;
        remember(requestId, state, settings.pollIntervalMs / 4);
        return state;
      }
      // Made on a miss only: most polls are cache hits, and each timeout signal holds a timer for lockMs.
      signal ??= AbortSignal.timeout(lockMs);
      if (await store.setIfAbsent(storeKeys.pollLock(requestId), '1', lockMs)) {
        try {
          const state = await readUpstream(requestId, signal);
          const terminal = state.status === 'COMPLETED' || state.status === 'FAILED' || state.status === 'NOT_FOUND';
          await store.set(
            storeKeys.poll(requestId),
            JSON.stringify(state),
            terminal ? TERMINAL_CACHE_MS : settings.pollIntervalMs,
          );
          remember(requestId, state, settings.pollIntervalMs);
          return state;
        } finally {
          // The state read is good whatever happens here: a lock that cannot be freed expires on its own.
          await store.delete(storeKeys.pollLock(requestId)).catch(() => undefined);
        }
      }
      // Another instance is reading upstream right now: wait for its answer in the cache.
      if (settings.now() > deadline || signal.aborted) {
        return {
          status: 'ERROR',
          error: new SeedanceError(
            'UPSTREAM_TIMEOUT',
            'The video service did not answer in time. Try again shortly.',
          ).toJSON(),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  async function poll(requestId: string, signal: AbortSignal): Promise<PolledState> {
    const local = recent.get(requestId);
    let state: Cached;
    if (local && local.expiresAt > settings.now()) {
      state = local.state;
    } else {
      let shared = inFlight.get(requestId);
      if (!shared) {
        // One caller's abort must not fail the others sharing this read, so the shared read gets no caller signal.
        shared = coalesced(requestId).finally(() => inFlight.delete(requestId));
        inFlight.set(requestId, shared);
      }
      state = await shared;
    }
    if (signal.aborted) throw signal.reason;
    if (state.status === 'ERROR') throw SeedanceError.fromJSON(state.error);
    return state;
  }

  return {
    poll,
    async result(requestId, signal) {
      const cached = await store.get(storeKeys.result(requestId));
      if (cached !== undefined) return JSON.parse(cached) as SegmindResult;
      const state = await poll(requestId, signal);
      if (state.status === 'COMPLETED') return state.result;
      return state;
    },
  };
}
