import type { Store } from './store';

interface Entry {
  value: string;
  expiresAt: number;
  /** Written by `increment`: a rate or quota window, kept over every other kind of entry. */
  counter: boolean;
}

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Most keys held before some are dropped, so a flood of distinct keys cannot exhaust memory. Default 100 000.
   * Expired keys go first, then the oldest plain values (caches, locks, records), and counters (rate and quota
   * windows, written by `increment`) only when nothing else is left: evicting a counter would reset a user's quota.
   */
  maxEntries?: number;
}

/**
 * A {@link Store} in this process's memory: the default. Right for one server process; behind a load balancer or
 * on serverless, use `createRedisStore` from `@seedance-kit/server/redis` so every instance sees the same state.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  const values = new Map<string, Entry>();
  const slots = new Map<string, Map<string, number>>();

  function live(key: string): Entry | undefined {
    const entry = values.get(key);
    if (entry && entry.expiresAt <= now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  }

  function put(key: string, value: string, ttlMs: number, counter = false): void {
    values.delete(key);
    if (values.size >= maxEntries) evict();
    values.set(key, { value, expiresAt: now() + ttlMs, counter });
  }

  /** Frees a tenth of the room: expired entries, then plain values oldest first, then counters oldest first. */
  function evict(): void {
    const target = maxEntries * 0.9;
    const time = now();
    for (const [key, entry] of values) if (entry.expiresAt <= time) values.delete(key);
    for (const counters of [false, true]) {
      for (const [key, entry] of values) {
        if (values.size < target) return;
        if (entry.counter === counters) values.delete(key);
      }
    }
  }

  return {
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async delete(key) {
      values.delete(key);
    },
    async increment(key, amount, ttlMs) {
      const entry = live(key);
      const next = (entry ? Number(entry.value) : 0) + amount;
      if (entry) entry.value = String(next);
      else put(key, String(next), ttlMs, true);
      return next;
    },
    async acquireSlot(key, member, limit, expiresAtMs) {
      const members = slots.get(key) ?? new Map<string, number>();
      for (const [other, expiresAt] of members) if (expiresAt <= now()) members.delete(other);
      if (!members.has(member) && members.size >= limit) return false;
      members.set(member, expiresAtMs);
      slots.set(key, members);
      return true;
    },
    async releaseSlot(key, member) {
      const members = slots.get(key);
      members?.delete(member);
      if (members?.size === 0) slots.delete(key);
    },
  };
}
