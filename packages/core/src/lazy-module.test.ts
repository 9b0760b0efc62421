import { describe, expect, it } from 'vitest';
import { SeedanceError } from './errors';
import { lazyModule } from './lazy-module';

describe('lazyModule', () => {
  it('loads once and hands every caller the same module', async () => {
    let loads = 0;
    const load = lazyModule(async () => {
      loads += 1;
      return { answer: 42 };
    }, 'the answer');
    const [first, second] = await Promise.all([load(), load()]);
    expect(first).toBe(second);
    expect(await load()).toBe(first);
    expect(loads).toBe(1);
  });

  it('rejects a failed load with a retryable NETWORK_ERROR naming the part, and tries again on the next call', async () => {
    let loads = 0;
    const load = lazyModule(async () => {
      loads += 1;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { loaded: true };
    }, 'the upload code');
    const failure = await load().catch((error: unknown) => error);
    expect(SeedanceError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect((failure as Error).message).toContain('the upload code');
    expect((failure as Error).cause).toBeInstanceOf(TypeError);
    expect(await load()).toEqual({ loaded: true });
    expect(loads).toBe(2);
  });
});
