// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { measureAll, measureCss, measureStyled } from './bundle-size';

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

describe('bundle size of the styled entry', () => {
  it('keeps every component (peers and zod external) and styles.css within their gzip budgets', async () => {
    const [javascript, css] = await Promise.all([measureStyled(), measureCss()]);
    for (const size of [javascript, css]) {
      expect(size.gzipBytes, `${size.name}: ${size.gzipBytes} B gzip`).toBeLessThanOrEqual(size.budgetBytes);
    }
    // The styled entry holds the headless one: a styled figure below it would mean the components were left out.
    const [headless] = await measureAll();
    expect(javascript.gzipBytes).toBeGreaterThan(headless?.gzipBytes ?? Number.POSITIVE_INFINITY);
  });
});
