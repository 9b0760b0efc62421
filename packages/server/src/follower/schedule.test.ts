import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../jobs/job-record';
import { createMemoryStore } from '../store/memory-store';
import { createFollowSchedule } from './schedule';

const defaults = { shortestMs: 60_000, longestMs: 120_000 };

function recordOf(createdAt: number, duration: 5 | 10 = 5, resolution: '480p' | '720p' = '720p'): JobRecord {
  return {
    requestId: `job-${createdAt}-${duration}-${resolution}`,
    token: 'token',
    userId: 'ana',
    createdAt,
    updatedAt: createdAt,
    expiresAt: createdAt + 3_600_000,
    slotId: 'slot',
    input: { aspectRatio: '16:9', duration, resolution, generateAudio: true },
    status: 'queued',
    failures: 0,
    version: 1,
  };
}

describe('the follow-up schedule', () => {
  it('reads first near the shortest expected run, then thirteen times over the usual span, then backs off', async () => {
    const schedule = createFollowSchedule(createMemoryStore(), defaults, 1_000);
    const job = recordOf(0);
    expect(await schedule.nextReadAt(job, 0)).toBe(60_000);
    expect(await schedule.nextReadAt(job, 60_000)).toBe(64_616);
    const reads: number[] = [];
    for (let at = 60_000; at < 120_000; at = await schedule.nextReadAt(job, at)) reads.push(at);
    expect(reads).toHaveLength(13);
    // Past the longest run: further apart, but never more than a minute.
    const late = (await schedule.nextReadAt(job, 300_000)) - 300_000;
    expect(late).toBeGreaterThan(4_000);
    expect(late).toBeLessThanOrEqual(60_000);
  });

  it('rates a job past its expected run time likelier to be done than a fresh one', async () => {
    const schedule = createFollowSchedule(createMemoryStore(), defaults, 1_000);
    const now = 1_000_000;
    const fresh = recordOf(now - 61_000);
    const halfway = recordOf(now - 90_000);
    const overdue = recordOf(now - 130_000);
    expect(await schedule.likelihood(fresh, now)).toBeLessThan(0.05);
    expect(await schedule.likelihood(halfway, now)).toBeCloseTo(0.5);
    expect(await schedule.likelihood(overdue, now)).toBe(1);
  });

  it('learns the run times of each duration and resolution, falling back to all runs, then to the defaults', async () => {
    const schedule = createFollowSchedule(createMemoryStore(), defaults, 1_000);
    for (const runMs of [30_000, 32_000, 34_000, 36_000]) await schedule.observe(recordOf(0, 5, '480p'), runMs);
    // Short 480p runs: a new 480p job is read first at 30 s and rated by those runs.
    expect(await schedule.nextReadAt(recordOf(0, 5, '480p'), 0)).toBe(30_000);
    expect(await schedule.likelihood(recordOf(0, 5, '480p'), 33_000)).toBe(0.5);
    // No 10-second 720p runs seen yet: every run seen stands in for them.
    expect(await schedule.nextReadAt(recordOf(0, 10, '720p'), 0)).toBe(30_000);
    for (const runMs of [100_000, 110_000, 140_000]) await schedule.observe(recordOf(0, 10, '720p'), runMs);
    expect(await schedule.nextReadAt(recordOf(0, 10, '720p'), 0)).toBe(100_000);
    expect(await schedule.likelihood(recordOf(0, 10, '720p'), 105_000)).toBeCloseTo(1 / 3);
    expect(await schedule.likelihood(recordOf(0, 5, '480p'), 105_000)).toBe(1);
  });

  it('shares what it learned with every instance on the store', async () => {
    const store = createMemoryStore();
    await createFollowSchedule(store, defaults, 1_000).observe(recordOf(0), 40_000);
    await createFollowSchedule(store, defaults, 1_000).observe(recordOf(0), 44_000);
    await createFollowSchedule(store, defaults, 1_000).observe(recordOf(0), 48_000);
    expect(await createFollowSchedule(store, defaults, 1_000).nextReadAt(recordOf(0), 0)).toBe(40_000);
  });
});
