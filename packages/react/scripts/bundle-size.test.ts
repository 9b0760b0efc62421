// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { measureAll } from './bundle-size';

describe('bundle size of the headless entry', () => {
  it('stays within its gzip budgets, with the peers external and with zod bundled', async () => {
    const sizes = await measureAll();
    for (const size of sizes) {
      expect(size.gzipBytes, `${size.name}: ${size.gzipBytes} B gzip`).toBeLessThanOrEqual(size.budgetBytes);
    }
    // The peers really stay out: no React, no react-query internals in the bundle.
    expect(sizes[0]?.minifiedBytes).toBeLessThan(sizes[1]?.minifiedBytes ?? 0);
  });
});
