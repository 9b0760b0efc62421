import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store';
import { createUpstreamBudget } from './upstream-budget';

describe('the upstream budget', () => {
  it('gives follow-up reads all but a fifth of the minute and keeps the rest for submits', async () => {
    const budget = createUpstreamBudget(createMemoryStore(), 10);
    const reads = await Promise.all(Array.from({ length: 12 }, () => budget.take('read')));
    expect(reads.filter(Boolean)).toHaveLength(8);
    expect(await budget.take('submit')).toBe(true);
    expect(await budget.take('submit')).toBe(true);
    expect(await budget.take('submit')).toBe(false);
    expect(await budget.take('read')).toBe(false);
    expect(budget.retryAfterMs).toBe(6_000);
  });

  it('spends a one-request plan on whatever comes first', async () => {
    const budget = createUpstreamBudget(createMemoryStore(), 1);
    expect(await budget.take('read')).toBe(true);
    expect(await budget.take('submit')).toBe(false);
  });

  it('lets a job likely to be done use every read of the minute and a fresh job only a fifth of them', async () => {
    const budget = createUpstreamBudget(createMemoryStore(), 10);
    for (let taken = 0; taken < 2; taken++) {
      expect(await budget.hasRoomFor(0)).toBe(true);
      expect(await budget.take('read')).toBe(true);
    }
    // 2 of the 8 follow-up reads are spent: a fresh job waits, a job past its expected run time still goes.
    expect(await budget.hasRoomFor(0)).toBe(false);
    expect(await budget.hasRoomFor(0.5)).toBe(true);
    expect(await budget.hasRoomFor(1)).toBe(true);
    // Asking takes nothing.
    const reads = await Promise.all(Array.from({ length: 8 }, () => budget.take('read')));
    expect(reads.filter(Boolean)).toHaveLength(6);
    expect(await budget.hasRoomFor(0.2)).toBe(false);
    expect(await budget.take('read')).toBe(false);
  });
});
