import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rolldown } from 'tsdown';

/**
 * Bundle-size check of the headless entry (`SeedanceProvider` + `useSeedanceGeneration` + `createSignerTransport`):
 * bundled from the sources through the `@seedance-kit/source` condition, minified, tree-shaken and gzipped, once
 * with react, react-dom, @tanstack/react-query and zod external (what a host that already has them pays) and once
 * with zod bundled. Run `pnpm size`; `bundle-size.test.ts` fails when a budget is exceeded.
 */

/** One measured variant. */
export interface BundleSize {
  /** What was measured. */
  name: string;
  /** Minified bytes. */
  minifiedBytes: number;
  /** Gzipped bytes (level 9). */
  gzipBytes: number;
  /** The budget for the gzipped bytes. */
  budgetBytes: number;
  /** The target for the gzipped bytes. */
  targetBytes: number;
  /** Gzipped bytes of chunks loaded on demand (the XHR upload path), not counted in `gzipBytes`. */
  lazyGzipBytes: number;
}

/**
 * The gzip budgets the test enforces, in bytes: today's sizes with a little room, so any growth is a decision.
 * They are above the targets ({@link BUNDLE_TARGETS}); see the package README for where the bytes go.
 */
export const BUNDLE_BUDGETS = { headless: 9.25 * 1024, headlessWithZod: 17.25 * 1024 } as const;

/** The targets set for this entry (6 kB and 15 kB gzip), printed next to the budgets. */
export const BUNDLE_TARGETS = { headless: 6 * 1024, headlessWithZod: 15 * 1024 } as const;

const ENTRY_ID = '\0seedance-headless-entry';
const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const ENTRY = [
  `export { SeedanceProvider } from ${JSON.stringify(source('seedance-provider.tsx'))};`,
  `export { useSeedanceGeneration } from ${JSON.stringify(source('use-seedance-generation.ts'))};`,
  `export { createSignerTransport } from '@seedance-kit/core';`,
].join('\n');

const PEERS = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];
const ZOD = /^zod($|\/)/;

/** Bundles the headless entry and returns its minified and gzipped sizes. */
export async function measure(
  name: string,
  bundleZod: boolean,
  budgetBytes: number,
  targetBytes: number,
): Promise<BundleSize> {
  const bundle = await Rolldown.rolldown({
    input: ENTRY_ID,
    platform: 'browser',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    external: bundleZod ? PEERS : [...PEERS, ZOD],
    resolve: { conditionNames: ['@seedance-kit/source', 'browser', 'import', 'module', 'default'] },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    logLevel: 'silent',
    plugins: [
      {
        name: 'headless-entry',
        resolveId: (id) => (id === ENTRY_ID ? id : undefined),
        load: (id) => (id === ENTRY_ID ? ENTRY : undefined),
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'esm', minify: true });
  await bundle.close();
  const chunks = output.flatMap((chunk) => (chunk.type === 'chunk' ? [chunk] : []));
  const code = chunks.find((chunk) => chunk.isEntry)?.code ?? '';
  const lazy = chunks.filter((chunk) => !chunk.isEntry);
  return {
    name,
    minifiedBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    budgetBytes,
    targetBytes,
    lazyGzipBytes: lazy.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0),
  };
}

/** Both variants. */
export function measureAll(): Promise<BundleSize[]> {
  return Promise.all([
    measure(
      'headless (react, react-dom, react-query, zod external)',
      false,
      BUNDLE_BUDGETS.headless,
      BUNDLE_TARGETS.headless,
    ),
    measure('headless with zod bundled', true, BUNDLE_BUDGETS.headlessWithZod, BUNDLE_TARGETS.headlessWithZod),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  for (const size of await measureAll()) {
    const verdict = size.gzipBytes <= size.budgetBytes ? 'within' : 'OVER';
    const target = size.gzipBytes <= size.targetBytes ? 'meets' : 'misses';
    console.info(
      `${size.name}: ${size.gzipBytes} B gzip (${kilobytes(size.gzipBytes)}; ${kilobytes(size.minifiedBytes)} minified); ${verdict} the ${kilobytes(size.budgetBytes)} budget, ${target} the ${kilobytes(size.targetBytes)} target; +${size.lazyGzipBytes} B gzip loaded on the first upload`,
    );
  }
}
