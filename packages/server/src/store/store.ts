/**
 * The shared state of the signer: idempotency keys, rate-limit windows, quotas, concurrency slots,
 * cancellations, the coalesced upstream poll, and "completion handled once". Job ownership is not here: it is in
 * the signed job token. Every method is atomic on its own, so one store shared by many signer instances (Redis)
 * gives a fleet the same behaviour as one process.
 *
 * Implement it to use another backend (Postgres, DynamoDB, Workers KV with Durable Objects...).
 */
export interface Store {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key`, replacing any value, for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only when it is absent; resolves whether it did. The building block of locks and "once". */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /**
   * Adds `amount` (may be negative) to the integer under `key`, creating it at 0 with a lifetime of `ttlMs` when
   * absent (the lifetime is not extended afterwards: fixed windows). Resolves the new value.
   */
  increment(key: string, amount: number, ttlMs: number): Promise<number>;
  /**
   * Adds `member` to the set under `key` if the set, after dropping members whose expiry has passed, has fewer
   * than `limit` members (or already holds `member`). Each member expires at its own `expiresAtMs`. Resolves
   * whether `member` holds a slot now.
   */
  acquireSlot(key: string, member: string, limit: number, expiresAtMs: number): Promise<boolean>;
  /** Removes `member` from the set under `key` (no error when absent). */
  releaseSlot(key: string, member: string): Promise<void>;
}
