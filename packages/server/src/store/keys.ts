/** Every key the signer writes to its store, in one place so their shapes and lifetimes are easy to audit. */
export const storeKeys = {
  /** Idempotency record of one user's key: `pending`, then the job. */
  idempotency: (userId: string, key: string) => `idempotency:${userId}:${key}`,
  /** Generations started by a user in one minute window. */
  rate: (userId: string, window: number) => `rate:${userId}:${window}`,
  /** Video seconds started by a user in one UTC day. */
  videoSeconds: (userId: string, day: string) => `video-seconds:${userId}:${day}`,
  /** The set of a user's unfinished jobs. */
  active: (userId: string) => `active:${userId}`,
  /** A job canceled by its user. */
  canceled: (requestId: string) => `canceled:${requestId}`,
  /** The last upstream status read of a job, shared by every poller within the window. */
  poll: (requestId: string) => `poll:${requestId}`,
  /** Held by the one instance that reads the upstream status in this window. */
  pollLock: (requestId: string) => `poll-lock:${requestId}`,
  /** A finished job's upstream result (the CDN URLs), kept as long as the CDN keeps the files. */
  result: (requestId: string) => `result:${requestId}`,
  /** Until when Segmind's rate limit (per key, so per deployment) blocks upstream calls. */
  upstreamRateLimit: () => 'upstream-rate-limit',
  /** Taken by the one instance that runs the completion hook. */
  completed: (requestId: string) => `completed:${requestId}`,
} as const;
