import { storeKeys } from '../store/keys';
import type { Store } from '../store/store';

/**
 * Which kind of Segmind call wants a request: a user waiting (submit, upload), a status read, or the result read of
 * a job a status read just found completed (which waits for room rather than give up what that read learned).
 */
export type UpstreamCallKind = 'submit' | 'read' | 'result';

/** The fleet's Segmind requests per minute, shared through the store. */
export interface UpstreamBudget {
  /** Takes one request of the current minute; resolves false when the budget has none left for this kind. */
  take(kind: UpstreamCallKind): Promise<boolean>;
  /**
   * Whether a follow-up read of a job this likely to have finished (0 to 1) should go now, without taking anything:
   * an unlikely job may only use a part of the reads of the minute, so that under a tight budget the jobs most likely
   * to be done are read first.
   */
  hasRoomFor(likelihood: number): Promise<boolean>;
  /** How long until a refused call is worth trying again, in ms. */
  readonly retryAfterMs: number;
}

const WINDOW_MS = 60_000;
// Segmind (and the emulator) count a sliding minute from when a call arrives; a request here is counted from before
// it is sent, so it is held a little longer than the minute to stay on the safe side of the upstream's window.
const SAFETY_MS = 1_500;
/**
 * The share of the minute's status reads a job that has surely not finished yet may use; the share grows with the
 * likelihood, to all of them for a job surely finished. So a crowded budget is spent at the pace jobs finish, and the
 * early reads of many fresh jobs cannot use up a minute that their completions will need.
 */
const UNLIKELY_SHARE = 0.2;

/**
 * A sliding-minute budget over the store's slot sets (one member per call, expiring after the window), so every
 * instance sharing the store spends the same budget. Submits may use all of it; follow-up reads leave a fifth for
 * submits, so a user clicking Generate never waits behind the follower. Among follow-up reads, a job's share grows
 * with how likely it is to have finished ({@link UpstreamBudget.hasRoomFor}).
 */
export function createUpstreamBudget(
  store: Store,
  requestsPerMinute: number,
  now: () => number = Date.now,
): UpstreamBudget {
  const reserved = requestsPerMinute >= 2 ? Math.max(1, Math.floor(requestsPerMinute / 5)) : 0;
  const readLimit = requestsPerMinute - reserved;
  return {
    retryAfterMs: Math.ceil(WINDOW_MS / requestsPerMinute),
    take(kind) {
      const limit = kind === 'submit' ? requestsPerMinute : readLimit;
      return store.acquireSlot(storeKeys.upstreamBudget(), crypto.randomUUID(), limit, now() + WINDOW_MS + SAFETY_MS);
    },
    async hasRoomFor(likelihood) {
      const share = UNLIKELY_SHARE + (1 - UNLIKELY_SHARE) * Math.min(1, Math.max(0, likelihood));
      const limit = Math.max(1, Math.ceil(readLimit * share));
      if (limit >= readLimit) return true;
      // A probe that is released at once: the store has no count, and acquiring is atomic on every store.
      const probe = `probe:${crypto.randomUUID()}`;
      const room = await store.acquireSlot(storeKeys.upstreamBudget(), probe, limit, now() + 1_000);
      if (room) await store.releaseSlot(storeKeys.upstreamBudget(), probe);
      return room;
    },
  };
}
