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
});
