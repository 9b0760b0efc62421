import { SeedanceError } from '@seedance-kit/core';
import type { JobTokenClaims } from '../job-token';
import { applyUpstreamState, isSettled, type JobRecord, jobFromRecord, markExpired } from '../jobs/job-record';
import { type JobRecords, jobKeys } from '../jobs/job-records';
import { releaseSlot } from '../limits';
import type { ResolvedSettings } from '../options';
import type { PolledState, Poller } from '../polling';
import { storeKeys } from '../store/keys';
import type { Deliver } from './delivery';
import type { FollowSchedule } from './schedule';
import type { UpstreamBudget } from './upstream-budget';

/**
 * Wakes jobs when they are due. The follower keeps the schedule itself in the store (so `followDue()` and a restart
 * find it); a scheduler only makes sure `advance` runs at those times, on one instance per job at a time.
 */
export interface FollowScheduler {
  /**
   * Starts waking jobs: `advance` takes a job one step and reschedules it itself. `sweep(overdueByMs)` advances, on
   * this instance and under each job's lease, every job the store's schedule says was due more than `overdueByMs`
   * ago: the recovery for a wake-up the scheduler lost (its entry gone with a Redis restart, a write that failed
   * during an outage, a worker that died with the job).
   */
  start(
    advance: (requestId: string) => Promise<number | undefined>,
    sweep: (overdueByMs?: number) => Promise<unknown>,
  ): void;
  /** Asks for `advance(requestId)` at `atMs` (ms since the epoch); an earlier time replaces a later one. */
  wake(requestId: string, atMs: number): Promise<void>;
  /** Stops waking jobs (their schedule stays in the store). */
  close(): Promise<void>;
}

/** What one `followDue()` call did. */
export interface FollowDueResult {
  /** Jobs taken one step (read upstream, stored, delivered or finished). */
  advanced: number;
  /** Jobs still due after this call (call again, or wait for the next cron run). */
  remaining: number;
}

/** Copies a succeeded job's files into storage; resolves what was stored. */
export type CopyToStorage = (record: JobRecord) => Promise<JobRecord['stored']>;

/** Takes every accepted job to a terminal state, its files to storage and its announcement out, once. */
export interface Follower {
  /** A job Segmind accepted: record it and schedule its first read. */
  accepted(record: JobRecord): Promise<void>;
  /** The record of a token whose record is missing (a store that lost it): rebuilt from the signed claims. */
  adopt(claims: JobTokenClaims, token: string): Promise<JobRecord>;
  /** A browser read saw this upstream state: fold it in (and finish the follow-up soon when it ended). */
  observed(record: JobRecord, state: PolledState): Promise<JobRecord>;
  /** The user canceled the job. */
  canceled(record: JobRecord): Promise<JobRecord>;
  /** Takes one job one step; resolves when it is due next, or `undefined` when its follow-up is over. */
  advance(requestId: string): Promise<number | undefined>;
  /** Advances every job that is due now (the cron entry of serverless hosts). */
  followDue(options?: { limit?: number }): Promise<FollowDueResult>;
  close(): Promise<void>;
}

const DELIVERED_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_BACKOFF_MS = 5 * 60 * 1000;
const DUE_CONCURRENCY = 4;

/** Builds the follower over the store, the coalesced poller and the schedule. */
export function createFollower(parts: {
  settings: ResolvedSettings;
  records: JobRecords;
  poller: Poller;
  schedule: FollowSchedule;
  scheduler: FollowScheduler | undefined;
  deliver: Deliver | undefined;
  copyToStorage: CopyToStorage | undefined;
  /** The fleet's Segmind budget, when `upstream.requestsPerMinute` is set: likelier jobs are read first. */
  budget?: UpstreamBudget | undefined;
}): Follower {
  const { settings, records, poller, schedule, scheduler, deliver, copyToStorage, budget } = parts;
  const { store } = settings;
  // Long enough for a step (reads with their retries, then copying the files) and short enough that a job whose
  // instance died mid-step is taken up again soon. A step that outlives it may run twice: every step is idempotent.
  const leaseMs = Math.max(30_000, (settings.upstreamTimeoutMs + 1000) * settings.upstreamAttempts * 2);

  async function due(requestId: string, atMs: number): Promise<void> {
    await store.indexSet(jobKeys.due(), requestId, atMs);
    await scheduler?.wake(requestId, atMs);
  }

  function backoff(failures: number, error?: unknown): number {
    const hinted = SeedanceError.isInstance(error) ? error.retryAfterMs : undefined;
    return Math.min(MAX_BACKOFF_MS, Math.max(hinted ?? 0, 1_000 * 2 ** Math.min(failures, 10)));
  }

  /** The budget has no room for this read now: try again soon, without counting it as a failure. */
  async function deferred(requestId: string, retryAfterMs: number): Promise<number> {
    // Jittered, so the jobs put off together do not all come back in the same instant.
    const next = settings.now() + Math.max(1_000, retryAfterMs) * (1 + Math.random());
    await due(requestId, next);
    return next;
  }

  async function failed(record: JobRecord, error: unknown): Promise<number> {
    // Refused by the shared budget, or Segmind said 429 (honoured fleet-wide through the gate): waiting is the cure.
    if (SeedanceError.isInstance(error) && error.code === 'RATE_LIMITED') {
      return deferred(record.requestId, error.retryAfterMs ?? 1_000);
    }
    record.failures += 1;
    await records.save(record);
    settings.onError(error);
    const next = settings.now() + backoff(record.failures, error);
    await due(record.requestId, next);
    return next;
  }

  async function deliverOnce(record: JobRecord): Promise<boolean> {
    if (!deliver || record.canceled) return true;
    const key = jobKeys.delivery(record.requestId);
    if ((await store.get(key)) === 'done') return true;
    if (!(await store.setIfAbsent(key, 'running', leaseMs))) return false;
    try {
      await deliver(record, jobFromRecord(record, settings.basePath, settings.pollIntervalMs));
    } catch (error) {
      await store.delete(key);
      throw error;
    }
    await store.set(key, 'done', DELIVERED_LIFETIME_MS);
    return true;
  }

  async function advanceHeld(requestId: string): Promise<number | undefined> {
    const record = await records.get(requestId);
    if (!record) {
      await store.indexRemove(jobKeys.due(), requestId);
      return undefined;
    }
    const now = settings.now();
    if (!isSettled(record)) {
      if (now >= record.expiresAt) {
        record.upstreamEnded = true;
        if (!record.canceled) markExpired(record);
        record.updatedAt = now;
        record.version += 1;
        await records.save(record);
      } else {
        if (budget && !(await budget.hasRoomFor(await schedule.likelihood(record, now)))) {
          // Room comes back as calls leave the window or as the job grows likelier, whichever first: look again soon.
          return deferred(requestId, 1_000);
        }
        let state: PolledState;
        try {
          state = await poller.poll(requestId, AbortSignal.timeout(leaseMs));
        } catch (error) {
          return failed(record, error);
        }
        if (applyUpstreamState(record, state, now)) {
          record.failures = 0;
          await records.save(record);
        }
        if (isSettled(record)) {
          const reported = record.metrics?.totalTimeMs;
          await schedule.observe(record, reported ?? now - record.createdAt);
        }
      }
      if (!isSettled(record)) {
        const next = await schedule.nextReadAt(record, now);
        await due(requestId, next);
        return next;
      }
    }
    // Segmind is done with the job: it no longer runs or bills, so its slot is free, canceled or not.
    await releaseSlot(settings, record.userId, record.slotId);
    try {
      if (copyToStorage && record.status === 'succeeded' && !record.stored) {
        const stored = await copyToStorage(record);
        if (stored) {
          record.stored = stored;
          record.version += 1;
          record.updatedAt = settings.now();
          await records.save(record);
        }
      }
      if (!(await deliverOnce(record))) {
        const next = settings.now() + 1_000;
        await due(requestId, next);
        return next;
      }
    } catch (error) {
      return failed(record, error);
    }
    await store.indexRemove(jobKeys.due(), requestId);
    return undefined;
  }

  const follower: Follower = {
    async accepted(record) {
      const first = await schedule.nextReadAt(record, settings.now());
      // The schedule entry before the record: a process that dies between the two writes leaves an entry whose
      // record is missing (dropped at its first step), never a record nobody follows.
      await store.indexSet(jobKeys.due(), record.requestId, first);
      await records.create(record);
      await scheduler?.wake(record.requestId, first);
    },
    async adopt(claims, token) {
      const record: JobRecord = {
        requestId: claims.requestId,
        token,
        userId: claims.userId,
        createdAt: claims.createdAt,
        updatedAt: settings.now(),
        expiresAt: claims.expiresAt,
        slotId: claims.slotId,
        input: { ...claims.input },
        status: 'queued',
        failures: 0,
        version: 1,
      };
      if ((await store.get(storeKeys.canceled(claims.requestId))) !== undefined) {
        record.canceled = true;
        record.status = 'canceled';
      }
      await follower.accepted(record);
      return record;
    },
    async observed(record, state) {
      if (isSettled(record)) return record;
      if (!applyUpstreamState(record, state, settings.now())) return record;
      await records.save(record);
      // The follow-up (slot, storage, delivery) runs under the job's lease, soon, on whichever instance.
      if (isSettled(record)) await due(record.requestId, settings.now());
      return record;
    },
    async canceled(record) {
      if (record.canceled || isSettled(record)) return record;
      record.canceled = true;
      record.status = 'canceled';
      record.updatedAt = settings.now();
      record.version += 1;
      await records.save(record);
      return record;
    },
    async advance(requestId) {
      // One instance at a time per job, whatever woke it (a timer, BullMQ, cron, a browser read).
      if (!(await store.setIfAbsent(jobKeys.lease(requestId), '1', leaseMs))) return settings.now() + 1_000;
      try {
        return await advanceHeld(requestId);
      } finally {
        await store.delete(jobKeys.lease(requestId));
      }
    },
    async followDue(options = {}) {
      const advanced = await advanceDue(settings.now(), options.limit ?? 100);
      const remaining = (await store.indexRange(jobKeys.due(), { max: settings.now(), limit: 1000 })).length;
      return { advanced, remaining };
    },
    async close() {
      await scheduler?.close();
    },
  };

  /** Advances the jobs due at `dueBy` or before (at most `limit`), a few at a time; resolves how many it advanced. */
  async function advanceDue(dueBy: number, limit: number): Promise<number> {
    const entries = await store.indexRange(jobKeys.due(), { max: dueBy, limit });
    let advanced = 0;
    let cursor = 0;
    const worker = async () => {
      while (cursor < entries.length) {
        const entry = entries[cursor++];
        if (!entry) return;
        try {
          await follower.advance(entry.member);
          advanced += 1;
        } catch (error) {
          settings.onError(error);
        }
      }
    };
    await Promise.all(Array.from({ length: DUE_CONCURRENCY }, worker));
    return advanced;
  }
  scheduler?.start(
    (requestId) => follower.advance(requestId),
    // A sweep only advances: the count of what is left is for `followDue()`'s caller, and nobody reads it here.
    (overdueByMs = 0) => advanceDue(settings.now() - overdueByMs, 100),
  );
  return follower;
}
