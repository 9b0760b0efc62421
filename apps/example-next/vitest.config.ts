import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    // `next build` takes 20-90 s on a busy 2-core machine; it runs once, in beforeAll.
    hookTimeout: 240_000,
    testTimeout: 150_000,
  },
});
