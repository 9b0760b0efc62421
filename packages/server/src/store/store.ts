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

  /**
   * Puts `member` in the sorted index under `key` with `score`, or moves it there (no lifetime: remove it with
   * {@link Store.indexRemove}). Job history and the follow-up schedule are sorted indexes.
   */
  indexSet(key: string, member: string, score: number): Promise<void>;
  /** Removes `member` from the sorted index under `key` (no error when absent). */
  indexRemove(key: string, member: string): Promise<void>;
  /**
   * Members of the sorted index under `key` whose score is within `[min, max]`, lowest score first (or highest first
   * with `reverse`), at most `limit`. Equal scores are ordered by member.
   */
  indexRange(key: string, query: IndexQuery): Promise<IndexEntry[]>;
  /** Sends `message` to every subscriber of `channel`, on every instance sharing the store. */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` with every message published on `channel` from now on; resolves a function that stops it. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}

/** What {@link Store.indexRange} reads. */
export interface IndexQuery {
  /** Lowest score included. Default `-Infinity`. */
  min?: number;
  /** Highest score included. Default `Infinity`. */
  max?: number;
  /** Most entries returned. */
  limit: number;
  /** Highest score first. Default false. */
  reverse?: boolean;
}

/** One member of a sorted index and its score. */
export interface IndexEntry {
  member: string;
  score: number;
}
