import { readFileSync } from 'node:fs';
import { defaultClientConditions, defaultServerConditions } from 'vite';

/**
 * The export condition every workspace package publishes next to `types` and `default`: it points at `src/`, so
 * tests, Storybook and the playground run on the sources without a build.
 */
export const sourceCondition = '@seedance-kit/source';

/** Vite `resolve` options that prefer workspace sources, for the browser and for Node (SSR) alike. */
export const sourceResolve = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
};

/**
 * How every browser test, e2e test and screenshot script launches Chromium: Debian's build (or `CHROMIUM_PATH`),
 * headless as root, with the background services off (this machine has no network beyond loopback).
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * Every name an entry file exports, types included, as written in its `export { ... }` lists, sorted: what the
 * export snapshot tests of each package record, so any change to a public surface shows up in review.
 */
export function exportedNames(file: URL): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)]
    .flatMap((match) => (match[1] ?? '').split(','))
    .map((name) => name.replace(/\btype\b/, '').trim())
    .filter(Boolean)
    .sort();
}
