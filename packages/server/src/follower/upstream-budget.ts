import type { Store } from '../store/store';

/** Which kind of Segmind call wants a request: a user waiting (submit, upload) or the follow-up (status, result). */
export type UpstreamCallKind = 'submit' | 'read';

/** The fleet's Segmind requests per minute, shared through the store. */
export interface UpstreamBudget {
  /** Takes one request of the current minute; resolves false when the budget has none left for this kind. */
  take(kind: UpstreamCallKind): Promise<boolean>;
  /** How long until a refused call is worth trying again, in ms. */
  readonly retryAfterMs: number;
}

const WINDOW_MS = 60_000;
// Segmind (and the emulator) count a sliding minute from when a call arrives; a request here is counted from before
// it is sent, so it is held a little longer than the minute to stay on the safe side of the upstream's window.
const SAFETY_MS = 1_500;

/**
 * A sliding-minute budget over the store's slot sets (one member per call, expiring after the window), so every
 * instance sharing the store spends the same budget. Submits may use all of it; follow-up reads leave a fifth for
 * submits, so a user clicking Generate never waits behind the follower.
 */
export function createUpstreamBudget(store: Store, requestsPerMinute: number): UpstreamBudget {
  const reserved = requestsPerMinute >= 2 ? Math.max(1, Math.floor(requestsPerMinute / 5)) : 0;
  return {
    retryAfterMs: Math.ceil(WINDOW_MS / requestsPerMinute),
    take(kind) {
      const limit = kind === 'submit' ? requestsPerMinute : requestsPerMinute - reserved;
      return store.acquireSlot('upstream-budget', crypto.randomUUID(), limit, Date.now() + WINDOW_MS + SAFETY_MS);
    },
  };
}
