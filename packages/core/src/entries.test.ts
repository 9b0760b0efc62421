import { describe, expect, it } from 'vitest';
import { exportedNames } from '../../../vitest.shared';
import * as client from './client-entry';
import * as main from './index';
import * as internal from './internal-entry';
import * as protocol from './protocol-entry';
import * as testing from './testing/index';

// Any change to a public surface shows up here, in review, as a decision.
describe.each([
  ['@seedance-kit/core', './index.ts', main],
  ['@seedance-kit/core/client', './client-entry.ts', client],
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

it('keeps the main entry small: what any host uses, about 40 names with the types', () => {
  // The cap is today's count (48, plus `DeleteGenerationResult` of the transport's `deleteGeneration`): one more
  // name is a decision made here, not an accident.
  expect(exportedNames(new URL('./index.ts', import.meta.url)).length).toBeLessThanOrEqual(49);
  expect(Object.keys(main).length).toBeLessThanOrEqual(20);
});
