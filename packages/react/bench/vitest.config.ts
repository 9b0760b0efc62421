import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { sourceResolve } from '../../../vitest.shared.ts';

/** Runs the render-count benchmark (`pnpm bench`): jsdom, fake timers, React's development build for the Profiler. */
export default defineConfig({
  ...sourceResolve,
  plugins: [react()],
  test: {
    root: new URL('..', import.meta.url).pathname,
    environment: 'jsdom',
    include: ['bench/render-count.tsx'],
    setupFiles: ['src/testing/setup.ts'],
  },
});
