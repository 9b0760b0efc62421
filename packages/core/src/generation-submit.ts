import { SeedanceCanceledError } from './errors';
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
      await wait(retryDelay(failureCount, error), options.signal);
    }
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SeedanceCanceledError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SeedanceCanceledError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
