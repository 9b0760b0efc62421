import {
  createIdempotencyKey,
  type GenerationInput,
  type GenerationJob,
  generationInputSchema,
  type SeedanceError,
  type SeedanceTransport,
  submitGeneration,
  validationError,
} from '@seedance-kit/core';

/**
 * What `generate` needs beyond watching a job: the input schema and the submit with its retries. A module of its
 * own, loaded on the first `generate` (then cached), so a page that only watches or resumes jobs never downloads it.
 */

/** `null` when the input is valid, else a `VALIDATION_FAILED` error with one issue per field. */
export function checkInput(input: GenerationInput): SeedanceError | null {
  const parsed = generationInputSchema.safeParse(input);
  return parsed.success ? null : validationError(parsed.error, 'The generation input is not valid.');
}

/** Submits a checked input with a fresh idempotency key, retrying retryable refusals with that same key. */
export function submitInput(transport: SeedanceTransport, input: GenerationInput): Promise<GenerationJob> {
  return submitGeneration(transport, input, { idempotencyKey: createIdempotencyKey() });
}
