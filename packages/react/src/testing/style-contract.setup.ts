import { afterAll } from 'vitest';
import { assertBlockRulesAreRendered } from './style-contract';

// After each stories file (one page each), every rule of that component's block must have been rendered by one of
// its stories.
afterAll(() => {
  assertBlockRulesAreRendered();
});
