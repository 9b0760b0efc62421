import { SeedanceError } from './errors';
import type { GenerationJob } from './protocol';
import { isTerminalStatus } from './protocol-constants';

/** How a job is polled. Every field has a default; see {@link DEFAULT_POLLING}. */
export interface PollingOptions {
  /** The interval when the server sends no `pollAfterMs`, in ms. */
  fallbackIntervalMs?: number;
  /** The interval grows by this factor for every {@link PollingOptions.queuedBackoffStepMs} a job has been queued. */
  queuedBackoffFactor?: number;
  /** How long a job stays queued before the interval grows again, in ms. */
  queuedBackoffStepMs?: number;
  /** The longest interval backing off may reach, in ms. */
  maxIntervalMs?: number;
  /**
   * How long after its creation a job may take before watching it stops with an `UPSTREAM_TIMEOUT` error, in ms.
   * The job is not canceled upstream by this: a later attach may still find it finished.
   */
  deadlineMs?: number;
  /** How many times a failed read is retried (with backoff) before the error is reported. */
  retries?: number;
}

/** The defaults of {@link PollingOptions}: Seedance 2.0 Fast takes about 90-120 s for a 5 s clip. */
export const DEFAULT_POLLING: Readonly<Required<PollingOptions>> = {
  fallbackIntervalMs: 2000,
  queuedBackoffFactor: 1.5,
  queuedBackoffStepMs: 10_000,
  maxIntervalMs: 10_000,
  deadlineMs: 15 * 60_000,
  retries: 3,
};

/**
 * When to read a job again, in ms, or `false` when it is finished or past its deadline. Follows the server's
 * `pollAfterMs`; while the job is queued the interval grows (a long queue is not worth a request a second), and it
 * returns to the server's pace once the job runs.
 */
export function nextPollDelay(
  job: GenerationJob,
  options: PollingOptions = {},
  now: number = Date.now(),
): number | false {
  if (isTerminalStatus(job.status) || isPastDeadline(job, options, now)) return false;
  const settings = { ...DEFAULT_POLLING, ...options };
  const base = job.pollAfterMs ?? settings.fallbackIntervalMs;
  if (job.status !== 'queued') return base;
  const queuedForMs = Math.max(0, now - startOf(job, now));
  const steps = Math.floor(queuedForMs / settings.queuedBackoffStepMs);
  return Math.round(Math.min(Math.max(base, settings.maxIntervalMs), base * settings.queuedBackoffFactor ** steps));
}

/** The time (ms since the epoch) after which watching the job gives up with {@link deadlineError}. */
export function pollDeadline(job: GenerationJob, options: PollingOptions = {}, now: number = Date.now()): number {
  return startOf(job, now) + (options.deadlineMs ?? DEFAULT_POLLING.deadlineMs);
}

/** Whether an unfinished job is past its deadline. */
export function isPastDeadline(job: GenerationJob, options: PollingOptions = {}, now: number = Date.now()): boolean {
  return !isTerminalStatus(job.status) && now >= pollDeadline(job, options, now);
}

/** The error a generation ends with when its deadline passes: a clear `UPSTREAM_TIMEOUT`, not a silent hang. */
export function deadlineError(options: PollingOptions = {}): SeedanceError {
  const minutes = Math.round((options.deadlineMs ?? DEFAULT_POLLING.deadlineMs) / 60_000);
  return new SeedanceError(
    'UPSTREAM_TIMEOUT',
    `The video was not ready after ${minutes} minute${minutes === 1 ? '' : 's'}, so this page stopped waiting. The job may still finish: try again later, or generate it again.`,
  );
}

/** Whether a failed read should be tried again: only retryable errors, at most `retries` times. */
export function shouldRetry(failureCount: number, error: unknown, retries: number = DEFAULT_POLLING.retries): boolean {
  return SeedanceError.isInstance(error) && error.retryable && failureCount < retries;
}

/** How long to wait before retry number `failureCount` (0-based): the server's `retryAfterMs`, else 1, 2, 4… s up to 10 s. */
export function retryDelay(failureCount: number, error: unknown): number {
  const retryAfterMs = SeedanceError.isInstance(error) ? error.retryAfterMs : undefined;
  return retryAfterMs ?? Math.min(1000 * 2 ** failureCount, 10_000);
}

/** Any thrown value as a {@link SeedanceError} (unknown ones become `INTERNAL`, keeping the original as `cause`). */
export function toSeedanceError(error: unknown): SeedanceError {
  if (SeedanceError.isInstance(error)) return error;
  return new SeedanceError('INTERNAL', error instanceof Error ? error.message : 'Something went wrong.', {
    cause: error,
  });
}

// A job's clock starts at its creation on the server; a server clock ahead of ours must not push the deadline out.
function startOf(job: GenerationJob, now: number): number {
  const created = Date.parse(job.createdAt);
  return Number.isNaN(created) ? now : Math.min(created, now);
}
