import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    // `next build` takes 20-90 s on a 2-core machine, minutes when every package's tests run beside it; it runs once.
    hookTimeout: 480_000,
    testTimeout: 150_000,
  },
});
