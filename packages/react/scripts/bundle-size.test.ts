// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS, type BundleSize, measureAll } from './bundle-size';

// Packs core and react from their builds, installs the tarballs in a scratch project and bundles there: a few
// seconds of esbuild and Vite.
let sizes: BundleSize[] = [];
beforeAll(async () => {
  sizes = await measureAll();
}, 180_000);

const find = (prefix: string, bundler: BundleSize['bundler']) => {
  const size = sizes.find((candidate) => candidate.name.startsWith(prefix) && candidate.bundler === bundler);
  if (!size) throw new Error(`No figure for ${prefix} (${bundler}).`);
  return size;
};

describe('bundle size, measured from the packed packages', () => {
  it.each(['esbuild', 'vite'] as const)('keeps headless and styled within their gzip budgets with %s', (bundler) => {
    for (const usage of ['headless', 'styled']) {
      const size = find(usage, bundler);
      expect(size.gzipBytes, `${size.name}, ${bundler}: ${size.gzipBytes} B gzip`).toBeLessThanOrEqual(
        size.budgetBytes ?? 0,
      );
    }
    // The styled set holds the hook and more; a styled figure near the headless one would mean it was left out.
    expect(find('styled', bundler).gzipBytes).toBeGreaterThan(find('headless', bundler).gzipBytes * 2);
    // The headless figure holds the transport, the state machine and the input schema, not an empty module.
    expect(find('headless', bundler).gzipBytes).toBeGreaterThan(5 * 1024);
  });

  it('keeps styles.css within its budget', () => {
    const css = find('styles.css', 'vite');
    expect(css.gzipBytes).toBeGreaterThan(1024);
    expect(css.gzipBytes).toBeLessThanOrEqual(BUNDLE_BUDGETS.css);
  });

  it('reports what a Vite app page grows by, the studio more than the hook', () => {
    const headless = find('Vite app page: + headless', 'vite');
    const studio = find('Vite app page: + SeedanceStudio', 'vite');
    expect(headless.gzipBytes).toBeGreaterThan(find('headless', 'vite').gzipBytes);
    expect(studio.gzipBytes).toBeGreaterThan(headless.gzipBytes);
  });
});
