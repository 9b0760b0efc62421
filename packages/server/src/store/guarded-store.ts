import { SeedanceError } from '@seedance-kit/core';
import type { Store } from './store';

/** How long a caller is told to wait before trying again while the store is unreachable. */
export const STORE_RETRY_AFTER_MS = 2_000;

/**
 * Wraps a {@link Store} so that its failures are answers, not crashes or stalls: every call settles within
 * `timeoutMs` (when given) and every failure, thrown or timed out, becomes a retryable `UNAVAILABLE` error (HTTP 503
 * with `retryAfterMs`), so browsers keep watching their generations through a Redis outage. The call that timed out
 * may still complete in the backend later; every write the signer makes expires on its own, so nothing it leaves
 * behind lasts.
 */
export function guardStore(store: Store, timeoutMs: number | undefined): Store {
  const guarded = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
    if (timeoutMs === undefined) return pending.catch((error) => Promise.reject(unavailable(operation, error)));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(unavailable(operation, new Error(`the store did not answer ${operation} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(unavailable(operation, error));
        },
      );
    });
  };
  return {
    get: (key) => guarded('get', () => store.get(key)),
    set: (key, value, ttlMs) => guarded('set', () => store.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => guarded('setIfAbsent', () => store.setIfAbsent(key, value, ttlMs)),
    delete: (key) => guarded('delete', () => store.delete(key)),
    increment: (key, amount, ttlMs) => guarded('increment', () => store.increment(key, amount, ttlMs)),
    acquireSlot: (key, member, limit, expiresAtMs) =>
      guarded('acquireSlot', () => store.acquireSlot(key, member, limit, expiresAtMs)),
    releaseSlot: (key, member) => guarded('releaseSlot', () => store.releaseSlot(key, member)),
  };
}

function unavailable(operation: string, cause: unknown): SeedanceError {
  if (SeedanceError.isInstance(cause) && cause.code === 'UNAVAILABLE') return cause;
  return new SeedanceError(
    'UNAVAILABLE',
    'The server cannot reach its shared state right now. Nothing was lost: try again in a few seconds.',
    { retryAfterMs: STORE_RETRY_AFTER_MS, cause: new Error(`store ${operation} failed`, { cause }) },
  );
}
