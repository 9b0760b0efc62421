import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared.ts';

export default mergeConfig(
  { ...sourceResolve },
  defineConfig({
    test: {
      environment: 'node',
      include: ['e2e/**/*.test.ts', 'src/**/*.test.tsx'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
