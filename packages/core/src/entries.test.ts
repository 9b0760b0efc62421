import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as main from './index';
import * as internal from './internal-entry';
import * as protocol from './protocol-entry';
import * as testing from './testing/index';

/** Every name an entry file exports, types included, as written in its `export { ... }` lists. */
function exportedNames(file: URL): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)]
    .flatMap((match) => (match[1] ?? '').split(','))
    .map((name) => name.replace(/\btype\b/, '').trim())
    .filter(Boolean)
    .sort();
}

// Any change to a public surface shows up here, in review, as a decision.
describe.each([
  ['@seedance-kit/core', './index.ts', main],
  ['@seedance-kit/core/protocol', './protocol-entry.ts', protocol],
  ['@seedance-kit/core/internal', './internal-entry.ts', internal],
  ['@seedance-kit/core/testing', './testing/index.ts', testing],
])('%s', (_entry, file, module) => {
  it('exports exactly these names', () => {
    const names = exportedNames(new URL(file, import.meta.url));
    expect(names).toMatchSnapshot();
    // The values among them are really there at run time.
    expect(Object.keys(module).every((name) => names.includes(name))).toBe(true);
  });
});

it('keeps the main entry small', () => {
  const values = Object.keys(main);
  expect(values.length).toBeLessThanOrEqual(25);
});
