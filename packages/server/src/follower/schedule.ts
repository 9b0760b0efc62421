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
  /**
   * How likely the job is to have finished by `now`, from 0 to 1: the share of the run times seen (of jobs of the same
   * duration and resolution when there are enough) that were no longer than its age. The upstream budget lets the
   * likeliest jobs be read first.
   */
  likelihood(record: JobRecord, now: number): Promise<number>;
  /** Records the run time of a finished job. */
  observe(record: JobRecord, runMs: number): Promise<void>;
}

/** Run times kept per kind of job: enough for a stable spread, few enough to follow a change of upstream speed. */
const KEPT_RUN_TIMES = 50;
/** Fewer runs than this of a kind, and the schedule uses the runs of every kind, then the configured defaults. */
const ENOUGH_RUN_TIMES = 3;
/**
 * Reads per job over the span runs usually end in. With runs spread evenly over the span, a job costs on average
 * half of them and one more, plus a submit and a result read (about 10 calls), and is seen done within a thirteenth
 * of the span (4.6 s for runs of 60-120 s; half that in the median). bench/follow.ts measures both.
 */
const READS_OVER_SPAN = 13;
const MAX_STEP_MS = 30_000;
const LEARNED_CACHE_MS = 10_000;
const RUN_TIMES_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Jobs of one duration and resolution take alike; other parameters barely change the run time. */
function kindOf(record: JobRecord): string {
  return `${record.input.duration}:${record.input.resolution}`;
}

/**
 * First read near the shortest run seen, then reads spread evenly over the span runs usually end in (thirteen),
 * then a backoff for the stragglers. Run times are learned per duration and resolution (the last 50 of each, and of
 * all jobs together, in the store, so every instance learns from every finished job).
 */
export function createFollowSchedule(
  store: Store,
  defaults: RunTimeExpectation,
  minimumStepMs: number,
): FollowSchedule {
  const learned = new Map<string, { times: number[]; readAt: number }>();

  async function runTimes(key: string, now: number): Promise<number[]> {
    const cached = learned.get(key);
    if (cached && now - cached.readAt < LEARNED_CACHE_MS) return cached.times;
    const raw = await store.get(key);
    const times = raw === undefined ? [] : (JSON.parse(raw) as number[]).sort((first, second) => first - second);
    learned.set(key, { times, readAt: now });
    return times;
  }

  /** The run times seen of this kind of job, or of every kind, sorted; empty until enough are known. */
  async function seen(record: JobRecord, now: number): Promise<number[]> {
    const ofKind = await runTimes(jobKeys.runTimes(kindOf(record)), now);
    if (ofKind.length >= ENOUGH_RUN_TIMES) return ofKind;
    const ofAll = await runTimes(jobKeys.runTimes(), now);
    return ofAll.length >= ENOUGH_RUN_TIMES ? ofAll : [];
  }

  async function expectation(record: JobRecord, now: number): Promise<RunTimeExpectation> {
    const times = await seen(record, now);
    const shortest = times[0];
    const longest = times.at(-1);
    return shortest === undefined || longest === undefined ? defaults : { shortestMs: shortest, longestMs: longest };
  }

  async function append(key: string, runMs: number): Promise<void> {
    // Read-modify-write: two instances finishing jobs at the same moment may drop one sample, which only slows the
    // learning by one run.
    const raw = await store.get(key);
    const times = raw === undefined ? [] : (JSON.parse(raw) as number[]);
    times.push(runMs);
    await store.set(key, JSON.stringify(times.slice(-KEPT_RUN_TIMES)), RUN_TIMES_LIFETIME_MS);
  }

  return {
    async nextReadAt(record, now) {
      const { shortestMs, longestMs } = await expectation(record, now);
      const step = Math.min(
        MAX_STEP_MS,
        Math.max(minimumStepMs, Math.ceil((longestMs - shortestMs) / READS_OVER_SPAN)),
      );
      const firstRead = record.createdAt + shortestMs;
      if (now < firstRead) return firstRead;
      const overdue = now - (record.createdAt + longestMs);
      if (overdue <= 0) return now + step;
      // Past every run seen: back off, but keep reading at least about once a minute so a late job is not missed long.
      return now + Math.min(MAX_STEP_MS * 2, Math.max(step * 2, overdue / 2));
    },
    async likelihood(record, now) {
      const age = now - record.createdAt;
      const times = await seen(record, now);
      if (times.length === 0) {
        const { shortestMs, longestMs } = defaults;
        if (age >= longestMs) return 1;
        return Math.max(0, (age - shortestMs) / Math.max(1, longestMs - shortestMs));
      }
      const finishedBy = times.filter((time) => time <= age).length;
      return finishedBy / times.length;
    },
    async observe(record, runMs) {
      if (!(runMs > 0)) return;
      const rounded = Math.round(runMs);
      await append(jobKeys.runTimes(kindOf(record)), rounded);
      await append(jobKeys.runTimes(), rounded);
      learned.clear();
    },
  };
}
