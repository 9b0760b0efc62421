import { defineConfig } from 'vitest/config';
import { sourceResolve } from '../../vitest.shared';

export default defineConfig({
  ...sourceResolve,
  test: { environment: 'node', include: ['e2e/**/*.test.ts'], testTimeout: 150_000, hookTimeout: 60_000 },
});
