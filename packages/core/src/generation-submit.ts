import { SeedanceCanceledError, type SeedanceError } from './errors';
import type { GenerationInput } from './generation-input';
import { retryDelay, shouldRetry, toSeedanceError } from './generation-polling';
import type { GenerationJob } from './protocol';
import type { SeedanceTransport } from './transport';

/** Options of {@link submitGeneration}. */
export interface SubmitGenerationOptions {
  /** The key of this generation; every retry reuses it, so the server never starts (or bills) a second job. */
  idempotencyKey: string;
  /** Aborts the submit and any wait between retries; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal;
  /** How many times a retryable refusal (rate limit, upstream trouble, network) is retried. Default 2. */
  retries?: number;
  /**
   * Aborts the waits between attempts in place of `signal` (an attempt already sent finishes, so the job it makes
   * is not lost); the promise then rejects with a `SeedanceCanceledError` and no further attempt is sent.
   */
  retrySignal?: AbortSignal | undefined;
  /** Called with the time of the next attempt and its cause when a wait begins, and `undefined` when it goes out. */
  onRetry?: ((scheduled: { at: number; error: SeedanceError } | undefined) => void) | undefined;
}

/** Submits an input through a transport, retrying retryable errors with the same idempotency key. */
export async function submitGeneration(
  transport: SeedanceTransport,
  input: GenerationInput,
  options: SubmitGenerationOptions,
): Promise<GenerationJob> {
  const retries = options.retries ?? 2;
  for (let failureCount = 0; ; failureCount++) {
    try {
      return await transport.submit(input, {
        idempotencyKey: options.idempotencyKey,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: options.signal.reason });
      if (!shouldRetry(failureCount, error, retries)) throw toSeedanceError(error);
      const delay = retryDelay(failureCount, error);
      // shouldRetry only retries a SeedanceError.
      options.onRetry?.({ at: Date.now() + delay, error: error as SeedanceError });
      await wait(delay, options.retrySignal ?? options.signal);
      options.onRetry?.(undefined);
    }
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SeedanceCanceledError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
