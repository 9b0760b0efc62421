import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store';
import { type RedisServer, startRedisServer } from './redis-server.test-helper';
import { createRedisStore } from './redis-store';
import type { Store } from './store';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

let namespace = 0;
const stores: [string, () => Store][] = [
  ['memory', () => createMemoryStore()],
  // A fresh prefix per test keeps tests independent on one server.
  ['redis', () => createRedisStore({ client: redis.client(), prefix: `test-${++namespace}:` })],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(stores)('the %s store', (_name, makeStore) => {
  it('gets, sets, overwrites and deletes', async () => {
    const store = makeStore();
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', 'one', 10_000);
    await store.set('a', 'two', 10_000);
    expect(await store.get('a')).toBe('two');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.delete('never-set');
  });

  it('expires values after their lifetime', async () => {
    const store = makeStore();
    await store.set('short', 'x', 40);
    expect(await store.get('short')).toBe('x');
    await sleep(80);
    expect(await store.get('short')).toBeUndefined();
  });

  it('sets if absent exactly once under concurrency', async () => {
    const store = makeStore();
    const wins = await Promise.all(Array.from({ length: 20 }, (_, n) => store.setIfAbsent('once', String(n), 10_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.get('once')).toBe(String(wins.indexOf(true)));
  });

  it('increments atomically within a fixed window that later increments do not extend', async () => {
    const store = makeStore();
    const windowMs = 2_000;
    const values = await Promise.all(Array.from({ length: 25 }, () => store.increment('count', 2, windowMs)));
    // The window opened before this instant, so it has closed by firstDone + windowMs, however slow the machine.
    const firstDone = Date.now();
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, n) => (n + 1) * 2));
    expect(await store.increment('count', -10, windowMs)).toBe(40);
    await sleep(500);
    // Still the same window; had this increment extended it, it would last past firstDone + 500 + windowMs.
    expect(await store.increment('count', 1, windowMs)).toBe(41);
    await sleep(Math.max(0, firstDone + windowMs + 100 - Date.now()));
    expect(await store.increment('count', 1, windowMs)).toBe(1);
  });

  it('admits at most `limit` slot holders, lets a holder re-enter, and frees slots on release or expiry', async () => {
    const store = makeStore();
    const far = Date.now() + 60_000;
    const admitted = await Promise.all(
      ['a', 'b', 'c', 'd'].map((member) => store.acquireSlot('slots', member, 2, far)),
    );
    expect(admitted.filter(Boolean)).toHaveLength(2);
    const holder = ['a', 'b', 'c', 'd'][admitted.indexOf(true)]!;
    expect(await store.acquireSlot('slots', holder, 2, far)).toBe(true);
    await store.releaseSlot('slots', holder);
    expect(await store.acquireSlot('slots', 'e', 2, far)).toBe(true);
    expect(await store.acquireSlot('slots', 'f', 2, far)).toBe(false);

    expect(await store.acquireSlot('brief', 'x', 1, Date.now() + 1_000)).toBe(true);
    expect(await store.acquireSlot('brief', 'y', 1, far)).toBe(false);
    await sleep(1_100);
    expect(await store.acquireSlot('brief', 'y', 1, far)).toBe(true);
  });

  it('keeps sorted indexes: ranges by score both ways, bounded, with moves and removals', async () => {
    const store = makeStore();
    for (const [member, score] of [
      ['c', 3],
      ['a', 1],
      ['d', 4],
      ['b', 2],
    ] as const) {
      await store.indexSet('index', member, score);
    }
    expect(await store.indexRange('index', { limit: 10 })).toEqual([
      { member: 'a', score: 1 },
      { member: 'b', score: 2 },
      { member: 'c', score: 3 },
      { member: 'd', score: 4 },
    ]);
    expect((await store.indexRange('index', { max: 3, limit: 2, reverse: true })).map((entry) => entry.member)).toEqual(
      ['c', 'b'],
    );
    await store.indexSet('index', 'a', 10);
    await store.indexRemove('index', 'd');
    expect((await store.indexRange('index', { min: 2, limit: 10 })).map((entry) => entry.member)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(await store.indexRange('absent', { limit: 5 })).toEqual([]);
  });

  it('publishes to every subscriber of a channel until each unsubscribes', async () => {
    const store = makeStore();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = await store.subscribe('news', (message) => first.push(message));
    const stopSecond = await store.subscribe('news', (message) => second.push(message));
    await store.publish('news', 'one');
    await store.publish('other', 'not for us');
    await waitFor(() => first.length === 1 && second.length === 1);
    await stopFirst();
    await store.publish('news', 'two');
    await waitFor(() => second.length === 2);
    expect(first).toEqual(['one']);
    expect(second).toEqual(['one', 'two']);
    await stopSecond();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
