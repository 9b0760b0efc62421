import type { Redis } from 'ioredis';
import type { IndexEntry, Store } from './store';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connected ioredis client (`new Redis(process.env.REDIS_URL)`); the store never closes it. */
  client: Redis;
  /** Prefix of every key, so several apps can share one Redis. Default `seedance:`. */
  prefix?: string;
}

// INCRBY, and give a new key its window. Atomic, so two instances never both create the window.
const INCREMENT = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

// A sorted set scored by each member's expiry: drop the expired, then admit if under the limit.
const ACQUIRE_SLOT = `
local now = tonumber(redis.call('TIME')[1]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
redis.call('PEXPIREAT', KEYS[1], latest)
return 1`;

/**
 * A {@link Store} in Redis, for a fleet of signer instances (or serverless): idempotency, quotas, concurrency
 * slots, cancellations and the coalesced poll then hold across every instance. Every operation is one atomic
 * Redis command or script.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const store = createRedisStore({ client: new Redis(process.env.REDIS_URL!) });
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  const { client } = options;
  const prefix = options.prefix ?? 'seedance:';
  const key = (name: string) => `${prefix}${name}`;
  const ttl = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));
  const bound = (value: number) => (value === Infinity ? '+inf' : value === -Infinity ? '-inf' : String(value));
  // Subscriptions need a connection of their own (a subscribed Redis connection runs no other command): one per
  // store, opened with the first listener and closed with the last. ioredis re-subscribes after a reconnect.
  const listeners = new Map<string, Set<(message: string) => void>>();
  let subscriber: Redis | undefined;
  const subscriberClient = (): Redis => {
    if (!subscriber) {
      subscriber = client.duplicate();
      // Connection trouble is retried by ioredis; an unhandled 'error' event would crash the process instead.
      subscriber.on('error', () => {});
      subscriber.on('message', (channel: string, message: string) => {
        for (const listener of listeners.get(channel) ?? []) {
          try {
            listener(message);
          } catch {}
        }
      });
    }
    return subscriber;
  };

  return {
    async get(name) {
      return (await client.get(key(name))) ?? undefined;
    },
    async set(name, value, ttlMs) {
      await client.set(key(name), value, 'PX', ttl(ttlMs));
    },
    async setIfAbsent(name, value, ttlMs) {
      return (await client.set(key(name), value, 'PX', ttl(ttlMs), 'NX')) === 'OK';
    },
    async delete(name) {
      await client.del(key(name));
    },
    async increment(name, amount, ttlMs) {
      return Number(await client.eval(INCREMENT, 1, key(name), String(amount), String(ttl(ttlMs))));
    },
    async acquireSlot(name, member, limit, expiresAtMs) {
      return Number(await client.eval(ACQUIRE_SLOT, 1, key(name), member, String(limit), String(expiresAtMs))) === 1;
    },
    async releaseSlot(name, member) {
      await client.zrem(key(name), member);
    },
    async indexSet(name, member, score) {
      await client.zadd(key(name), String(score), member);
    },
    async indexRemove(name, member) {
      await client.zrem(key(name), member);
    },
    async indexRange(name, { min = -Infinity, max = Infinity, limit, reverse = false }) {
      if (limit <= 0) return [];
      const flat = reverse
        ? await client.zrange(key(name), bound(max), bound(min), 'BYSCORE', 'REV', 'LIMIT', 0, limit, 'WITHSCORES')
        : await client.zrange(key(name), bound(min), bound(max), 'BYSCORE', 'LIMIT', 0, limit, 'WITHSCORES');
      const entries: IndexEntry[] = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        entries.push({ member: flat[index] as string, score: Number(flat[index + 1]) });
      }
      return entries;
    },
    async publish(channel, message) {
      await client.publish(key(channel), message);
    },
    async subscribe(channel, listener) {
      const name = key(channel);
      let set = listeners.get(name);
      const own = (message: string) => listener(message);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        set.add(own);
        await subscriberClient().subscribe(name);
      } else {
        set.add(own);
      }
      return async () => {
        const current = listeners.get(name);
        current?.delete(own);
        if (current?.size !== 0) return;
        listeners.delete(name);
        const connection = subscriber;
        if (!connection) return;
        if (listeners.size === 0) {
          subscriber = undefined;
          await connection.quit().catch(() => connection.disconnect());
        } else {
          await connection.unsubscribe(name).catch(() => undefined);
        }
      };
    },
  };
}
