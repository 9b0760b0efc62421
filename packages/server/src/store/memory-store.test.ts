import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store';

describe('the memory store when full', () => {
  it('evicts expired entries, then plain values, and quota counters only last', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    // The daily quota counter is the oldest entry: eviction by age alone would drop it first.
    await store.increment('video-seconds:alice:2026-12-02', 15, 60_000);
    await store.increment('rate:alice:1', 1, 60_000);
    for (let index = 0; index < 40; index++) await store.set(`poll:job-${index}`, 'cached', 60_000);
    expect(await store.increment('video-seconds:alice:2026-12-02', 0, 60_000)).toBe(15);
    expect(await store.increment('rate:alice:1', 0, 60_000)).toBe(1);
    expect(await store.get('poll:job-39')).toBe('cached');
    expect(await store.get('poll:job-0')).toBeUndefined();
  });

  it('still bounds memory when only counters are left', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    for (let index = 0; index < 40; index++) await store.increment(`rate:user-${index}:1`, 1, 60_000);
    expect(await store.increment('rate:user-39:1', 0, 60_000)).toBe(1);
    expect(await store.increment('rate:user-0:1', 0, 60_000)).toBe(0);
  });
});
