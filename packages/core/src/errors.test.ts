import { describe, expect, it } from 'vitest';
import { SeedanceCanceledError, SeedanceError } from './errors';
import { generationInputSchema } from './generation-input-schema';
import { validationError } from './validation-error';

describe('SeedanceError', () => {
  it('round-trips through JSON as the signer sends it', () => {
    const error = new SeedanceError('RATE_LIMITED', 'Slow down.', { retryAfterMs: 5000 });
    const wire = JSON.parse(JSON.stringify({ error }));
    expect(wire).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Slow down.', retryable: true, retryAfterMs: 5000 },
    });
    const rebuilt = SeedanceError.fromJSON(wire.error, { status: 429 });
    expect(rebuilt).toBeInstanceOf(SeedanceError);
    expect(rebuilt).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 5000, status: 429 });
  });

  it('defaults retryable by code', () => {
    expect(new SeedanceError('UPSTREAM_TIMEOUT', 'x').retryable).toBe(true);
    expect(new SeedanceError('VALIDATION_FAILED', 'x').retryable).toBe(false);
  });

  it('is recognised across copies of the library by its global symbol, not by instanceof', () => {
    const foreign = Object.assign(new Error('from another copy'), { [Symbol.for('seedance-kit.error')]: true });
    expect(SeedanceError.isInstance(foreign)).toBe(true);
    expect(SeedanceError.isInstance(new Error('plain'))).toBe(false);
    expect(SeedanceError.isInstance(null)).toBe(false);
  });

  it('rebuilds a canceled error as its own class, never retryable', () => {
    const rebuilt = SeedanceError.fromJSON({ code: 'CANCELED', message: 'Stopped.', retryable: true });
    expect(rebuilt).toBeInstanceOf(SeedanceCanceledError);
    expect(rebuilt.retryable).toBe(false);
  });

  it('turns zod issues into field issues with a readable message', () => {
    const parsed = generationInputSchema.safeParse({ duration: 3 });
    if (parsed.success) throw new Error('expected a failure');
    const error = validationError(parsed.error);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues?.map((issue) => issue.path)).toEqual([['prompt'], ['duration']]);
    expect(error.message).toMatch(
      /^The request is not valid\. prompt: prompt is required.*; duration: duration must be/,
    );
  });
});
