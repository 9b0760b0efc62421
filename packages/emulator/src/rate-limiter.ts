/** The outcome of one attempt against the limiter. */
export type RateLimitDecision = { allowed: true } | { allowed: false; resetAt: number };

/**
 * A sliding one-minute window per API key, closest to "N requests per minute" as Segmind's plans state it. Only
 * allowed attempts count, so a client hammering a 429 does not push its own reset further away.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #attempts = new Map<string, number[]>();

  constructor(limit: number, windowMs = 60_000) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts an attempt by `key` at `now` when the window has room, or says when it will. */
  attempt(key: string, now: number): RateLimitDecision {
    const recent = (this.#attempts.get(key) ?? []).filter((time) => time > now - this.#windowMs);
    if (recent.length >= this.#limit) {
      this.#attempts.set(key, recent);
      return { allowed: false, resetAt: (recent[0] ?? now) + this.#windowMs };
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    return { allowed: true };
  }

  /** Forgets every window. */
  clear(): void {
    this.#attempts.clear();
  }
}
