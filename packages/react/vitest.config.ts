import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions, sourceResolve } from '../../vitest.shared.ts';

const storybookConfigDir = fileURLToPath(new URL('../../.storybook', import.meta.url));
// tests/react-18 installs React 18 with its own react-dom, react-query and Testing Library, whose peers pnpm wires to
// React 18; the react-18 project points every import of those at them.
const fromReact18 = createRequire(fileURLToPath(new URL('../../tests/react-18/package.json', import.meta.url)));
const react18Folder = (name: string) => path.dirname(fromReact18.resolve(`${name}/package.json`));
const unitTests: { environment: 'jsdom'; include: string[]; exclude: string[]; setupFiles: string[] } = {
  environment: 'jsdom',
  include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
  exclude: ['src/**/*.browser.test.tsx'],
  setupFiles: ['src/testing/setup.ts'],
};

export default defineConfig({
  ...sourceResolve,
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          ...unitTests,
          // Type tests (`*.test-d.ts`, expectTypeOf) run through tsc with the package's own tsconfig.
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
        },
      },
      {
        // The same tests on React 18.2, the floor of the peer range (`pnpm test:react-18`, and part of `test`). Type
        // tests and the bundle-size script run once, in `unit`.
        extends: true,
        resolve: {
          alias: ['react', 'react-dom', '@tanstack/react-query', '@testing-library/react'].map((name) => ({
            find: new RegExp(`^${name}(/.*)?$`),
            replacement: `${react18Folder(name)}$1`,
          })),
        },
        test: { name: 'unit-react-18', ...unitTests, include: ['src/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: {
          // Tests that need a real browser (server rendering then hydration; the hooks against a real signer and
          // emulator, started by the global setup), in Chromium.
          name: 'browser',
          include: ['src/**/*.browser.test.tsx'],
          globalSetup: ['src/testing/browser-signer.global-setup.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: storybookConfigDir })],
        test: {
          name: 'storybook',
          setupFiles: [fileURLToPath(new URL('src/testing/style-contract.setup.ts', import.meta.url))],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: chromiumLaunchOptions,
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
