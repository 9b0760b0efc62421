/**
 * One component of a key, escaped so that no value can forge another key: `:` separates components, and a user id or
 * idempotency key may contain `:` (user `a:b` with key `c` and user `a` with key `b:c` must not share a record).
 */
const part = (value: string) => encodeURIComponent(value);

/** Every key the signer writes to its store, in one place so their shapes and lifetimes are easy to audit. */
export const storeKeys = {
  /** Idempotency record of one user's key: `pending`, then the job. */
  idempotency: (userId: string, key: string) => `idempotency:${part(userId)}:${part(key)}`,
  /** Generations started by a user in one minute window. */
  rate: (userId: string, window: number) => `rate:${part(userId)}:${window}`,
  /** Video seconds started by a user in one UTC day. */
  videoSeconds: (userId: string, day: string) => `video-seconds:${part(userId)}:${day}`,
  /** Uploads started by a user in one minute window. */
  uploadRate: (userId: string, window: number) => `upload-rate:${part(userId)}:${window}`,
  /** Bytes uploaded by a user in one UTC day. */
  uploadBytes: (userId: string, day: string) => `upload-bytes:${part(userId)}:${day}`,
  /** The set of a user's uploads in progress. */
  activeUploads: (userId: string) => `active-uploads:${part(userId)}`,
  /** The set of a user's unfinished jobs. */
  active: (userId: string) => `active:${part(userId)}`,
  /** A job canceled by its user. */
  canceled: (requestId: string) => `canceled:${part(requestId)}`,
  /** The last upstream status read of a job, shared by every poller within the window. */
  poll: (requestId: string) => `poll:${part(requestId)}`,
  /** Held by the one instance that reads the upstream status in this window. */
  pollLock: (requestId: string) => `poll-lock:${part(requestId)}`,
  /** A finished job's upstream result (the CDN URLs), kept as long as the CDN keeps the files. */
  result: (requestId: string) => `result:${part(requestId)}`,
  /** Until when Segmind's rate limit (per key, so per deployment) blocks upstream calls. */
  upstreamRateLimit: () => 'upstream-rate-limit',
  /** The slot set of the fleet's Segmind calls in the current sliding minute (`upstream.requestsPerMinute`). */
  upstreamBudget: () => 'upstream-budget',
  /** Taken by the one instance that runs the completion hook. */
  completed: (requestId: string) => `completed:${part(requestId)}`,
} as const;
