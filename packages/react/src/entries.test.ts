import { describe, expect, it } from 'vitest';
import { exportedNames } from '../../../vitest.shared';
import * as components from './components';
import * as main from './index';

// Any change to a public surface shows up here, in review, as a decision.
describe.each([
  ['@seedance-kit/react', './index.ts', main],
  ['@seedance-kit/react/components', './components.ts', components],
])('%s', (_entry, file, module) => {
  it('exports exactly these names', () => {
    const names = exportedNames(new URL(file, import.meta.url));
    expect(names).toMatchSnapshot();
    expect(Object.keys(module).every((name) => names.includes(name))).toBe(true);
  });
});

it('keeps the hooks apart from the components: the main entry has no component', () => {
  expect(Object.keys(main)).not.toContain('SeedanceStudio');
  expect(Object.keys(components)).toContain('SeedanceStudio');
});
