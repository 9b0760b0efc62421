import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rolldown } from 'tsdown';
import { buildStylesheet } from './stylesheet';

/**
 * Bundle-size check of the headless entry (`SeedanceProvider` + `useSeedanceGeneration` + `createSignerTransport`):
 * bundled from the sources through the `@seedance-kit/source` condition, minified, tree-shaken, split where the code
 * has dynamic imports, and gzipped, once with react, react-dom, @tanstack/react-query and zod external (what a host
 * that already has them pays) and once with zod bundled. Two figures each: what loads with the page (the entry and
 * every chunk it imports statically, gzipped together) and, on top, the parts loaded on first use (the input schema
 * and submit on the first generate, the response schemas with the first request, uploads, the media reader), each
 * chunk gzipped alone as a browser fetches it. Also the styled entry: everything `src/index.ts` exports, peers and zod
 * external, and the one stylesheet (`src/styles.css` with its `@import`s inlined, as `dist/styles.css` ships).
 * Run `pnpm size`; `bundle-size.test.ts` fails when a budget is exceeded.
 */

/** One measured variant. */
export interface BundleSize {
  /** What was measured. */
  name: string;
  /** Minified bytes. */
  minifiedBytes: number;
  /** Gzipped bytes (level 9) of what loads with the page. */
  gzipBytes: number;
  /** The budget for `gzipBytes`. */
  budgetBytes: number;
  /** The target for `gzipBytes`. */
  targetBytes: number;
  /** Gzipped bytes of the chunks loaded on first use, each gzipped alone; not counted in `gzipBytes`. */
  lazyGzipBytes: number;
  /** The budget for everything once every part has loaded (`gzipBytes + lazyGzipBytes`). */
  totalBudgetBytes: number;
}

/** The targets set for this entry (6 kB and 15 kB gzip, loaded with the page). */
export const BUNDLE_TARGETS = { headless: 6 * 1024, headlessWithZod: 15 * 1024 } as const;

/**
 * The gzip budgets the test enforces, in bytes: what loads with the page is held to the targets; everything once
 * every part has loaded, to today's figures (9.8 kB and 18.1 kB) with a little room, so any growth is a decision.
 */
export const BUNDLE_BUDGETS = {
  headless: BUNDLE_TARGETS.headless,
  headlessWithZod: BUNDLE_TARGETS.headlessWithZod,
  headlessTotal: 10.25 * 1024,
  headlessWithZodTotal: 18.75 * 1024,
} as const;

/** The targets of the styled entry: all components' JavaScript (peers and zod external) and the stylesheet. */
export const STYLED_TARGETS = { javascript: 25 * 1024, css: 6 * 1024 } as const;

/**
 * The gzip budgets the test enforces for the styled entry: what loads with the page is held to the targets; the
 * JavaScript in all, once every part has loaded, to today's 27.9 kB with a little room.
 */
export const STYLED_BUDGETS = {
  javascript: STYLED_TARGETS.javascript,
  css: 6 * 1024,
  javascriptTotal: 28.25 * 1024,
} as const;

const ENTRY_ID = '\0seedance-headless-entry';
const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const ENTRY = [
  `export { SeedanceProvider } from ${JSON.stringify(source('seedance-provider.tsx'))};`,
  `export { useSeedanceGeneration } from ${JSON.stringify(source('use-seedance-generation.ts'))};`,
  `export { createSignerTransport } from '@seedance-kit/core';`,
].join('\n');

const PEERS = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];
const ZOD = /^zod($|\/)/;

/** Bundles the headless entry (or `input`, a source file) and returns its minified and gzipped sizes. */
export async function measure(
  name: string,
  bundleZod: boolean,
  budgetBytes: number,
  targetBytes: number,
  totalBudgetBytes: number,
  input: string = ENTRY_ID,
): Promise<BundleSize> {
  const bundle = await Rolldown.rolldown({
    input,
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
  // The entry and every chunk it imports statically load together; only dynamic imports count as lazy.
  const loaded = new Set(chunks.filter((chunk) => chunk.isEntry));
  for (const chunk of loaded) {
    for (const name of chunk.imports) {
      const imported = chunks.find((candidate) => candidate.fileName === name);
      if (imported) loaded.add(imported);
    }
  }
  const code = [...loaded].map((chunk) => chunk.code).join('\n');
  const lazy = chunks.filter((chunk) => !loaded.has(chunk));
  return {
    name,
    minifiedBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    budgetBytes,
    targetBytes,
    lazyGzipBytes: lazy.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0),
    totalBudgetBytes,
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
      BUNDLE_BUDGETS.headlessTotal,
    ),
    measure(
      'headless with zod bundled',
      true,
      BUNDLE_BUDGETS.headlessWithZod,
      BUNDLE_TARGETS.headlessWithZod,
      BUNDLE_BUDGETS.headlessWithZodTotal,
    ),
  ]);
}

/** Every component and hook `src/index.ts` exports, with react, react-dom, react-query and zod external. */
export function measureStyled(): Promise<BundleSize> {
  return measure(
    'styled, all of src/index.ts (react, react-dom, react-query, zod external)',
    false,
    STYLED_BUDGETS.javascript,
    STYLED_TARGETS.javascript,
    STYLED_BUDGETS.javascriptTotal,
    source('index.ts'),
  );
}

/** The stylesheet as `dist/styles.css` ships it (inlined and minified by `buildStylesheet`), gzipped. */
export async function measureCss(): Promise<BundleSize> {
  const css = await buildStylesheet(source('styles.css'));
  const gzipBytes = gzipSync(css, { level: 9 }).length;
  return {
    name: 'styles.css (every component, light and dark)',
    minifiedBytes: Buffer.byteLength(css),
    gzipBytes,
    budgetBytes: STYLED_BUDGETS.css,
    targetBytes: STYLED_TARGETS.css,
    lazyGzipBytes: 0,
    totalBudgetBytes: STYLED_BUDGETS.css,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  for (const size of [...(await measureAll()), await measureStyled(), await measureCss()]) {
    const verdict = size.gzipBytes <= size.budgetBytes ? 'within' : 'OVER';
    const target = size.gzipBytes <= size.targetBytes ? 'meets' : 'misses';
    const total = size.gzipBytes + size.lazyGzipBytes;
    const lazy = size.lazyGzipBytes
      ? `; +${size.lazyGzipBytes} B in parts loaded on first use = ${kilobytes(total)} in all (${total <= size.totalBudgetBytes ? 'within' : 'OVER'} its ${kilobytes(size.totalBudgetBytes)} budget)`
      : '';
    console.info(
      `${size.name}: ${size.gzipBytes} B gzip with the page (${kilobytes(size.gzipBytes)}; ${kilobytes(size.minifiedBytes)} minified); ${verdict} the ${kilobytes(size.budgetBytes)} budget, ${target} the ${kilobytes(size.targetBytes)} target${lazy}`,
    );
  }
}
