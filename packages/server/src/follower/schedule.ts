import type { JobRecord } from '../jobs/job-record';
import { jobKeys } from '../jobs/job-records';
import type { Store } from '../store/store';

/** What the follow-up schedule assumes of run times until it has seen some. */
export interface RunTimeExpectation {
  /** The shortest run, ms from submit to completed. Default 60 000 (SEGMIND.md: ~87-117 s on average). */
  shortestMs: number;
  /** The longest usual run, in ms. Default 120 000. */
  longestMs: number;
}

/** When to read each job next, learning from the run times of finished jobs. */
export interface FollowSchedule {
  /** When to read the job next (ms since the epoch). */
  nextReadAt(record: JobRecord, now: number): Promise<number>;
  /** Records the run time of a finished job. */
  observe(runMs: number): Promise<void>;
}

const KEPT_RUN_TIMES = 50;
const MAX_STEP_MS = 30_000;
const LEARNED_CACHE_MS = 10_000;

/**
 * First read near the shortest run seen, then reads spread evenly over the span runs usually end in (about ten, so a
 * job costs a dozen calls at most), then a doubling backoff for the stragglers.
 */
export function createFollowSchedule(
  store: Store,
  defaults: RunTimeExpectation,
  minimumStepMs: number,
): FollowSchedule {
  let learned: { shortestMs: number; longestMs: number; readAt: number } | undefined;

  async function expectation(now: number): Promise<RunTimeExpectation> {
    if (learned && now - learned.readAt < LEARNED_CACHE_MS) return learned;
    const raw = await store.get(jobKeys.runTimes());
    const times = raw === undefined ? [] : (JSON.parse(raw) as number[]);
    learned =
      times.length < 3
        ? { ...defaults, readAt: now }
        : { shortestMs: Math.min(...times), longestMs: Math.max(...times), readAt: now };
    return learned;
  }

  return {
    async nextReadAt(record, now) {
      const { shortestMs, longestMs } = await expectation(now);
      const step = Math.min(MAX_STEP_MS, Math.max(minimumStepMs, (longestMs - shortestMs) / 10));
      const firstRead = record.createdAt + shortestMs;
      if (now < firstRead) return firstRead;
      const overdue = now - (record.createdAt + longestMs);
      if (overdue <= 0) return now + step;
      // Past every run seen: back off, but keep reading at least twice a minute-ish so a late job is not missed long.
      return now + Math.min(MAX_STEP_MS * 2, Math.max(step * 2, overdue / 2));
    },
    async observe(runMs) {
      if (!(runMs > 0)) return;
      const raw = await store.get(jobKeys.runTimes());
      const times = raw === undefined ? [] : (JSON.parse(raw) as number[]);
      times.push(Math.round(runMs));
      await store.set(jobKeys.runTimes(), JSON.stringify(times.slice(-KEPT_RUN_TIMES)), 7 * 24 * 60 * 60 * 1000);
      learned = undefined;
    },
  };
}
