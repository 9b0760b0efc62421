// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { measureAll, measureCss, measureStyled } from './bundle-size';

describe('bundle size of the headless entry', () => {
  it('stays within its gzip budgets, with the peers external and with zod bundled', async () => {
    const sizes = await measureAll();
    for (const size of sizes) {
      expect(size.gzipBytes, `${size.name}: ${size.gzipBytes} B gzip`).toBeLessThanOrEqual(size.budgetBytes);
      const total = size.gzipBytes + size.lazyGzipBytes;
      expect(total, `${size.name}: ${total} B gzip in all`).toBeLessThanOrEqual(size.totalBudgetBytes);
    }
    const [external, withZod] = sizes;
    // zod is only needed by the parts loaded on first use; bundling it must not put any of it in the page's load.
    expect(withZod?.gzipBytes).toBeLessThanOrEqual((external?.gzipBytes ?? 0) + 16);
    // ...and it is really there once those parts load (the peers, by contrast, are never bundled).
    expect(withZod?.lazyGzipBytes).toBeGreaterThan((external?.lazyGzipBytes ?? 0) + 5_000);
  });
});

describe('bundle size of the styled entry', () => {
  it('keeps every component (peers and zod external) and styles.css within their gzip budgets', async () => {
    const [javascript, css] = await Promise.all([measureStyled(), measureCss()]);
    for (const size of [javascript, css]) {
      expect(size.gzipBytes, `${size.name}: ${size.gzipBytes} B gzip`).toBeLessThanOrEqual(size.budgetBytes);
      const total = size.gzipBytes + size.lazyGzipBytes;
      expect(total, `${size.name}: ${total} B gzip in all`).toBeLessThanOrEqual(size.totalBudgetBytes);
    }
    // The styled entry holds the headless one: a styled figure below it would mean the components were left out.
    const [headless] = await measureAll();
    expect(javascript.gzipBytes).toBeGreaterThan(headless?.gzipBytes ?? Number.POSITIVE_INFINITY);
  });
});
