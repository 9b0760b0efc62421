import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions, sourceResolve } from '../../vitest.shared.ts';

// Baselines of the visual regression (src/testing/visual-regression.setup.ts), outside `src` so they are not published.
const visualBaselines = fileURLToPath(new URL('visual-baselines', import.meta.url));
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
          // The visual captures run in an afterEach hook: four of a tall story take seconds on a busy machine.
          hookTimeout: 60_000,
          setupFiles: [
            fileURLToPath(new URL('src/testing/style-contract.setup.ts', import.meta.url)),
            // `SEEDANCE_SKIP_VISUAL=1` runs the stories without their captures (to time them, or offline from fonts).
            ...(process.env.SEEDANCE_SKIP_VISUAL
              ? []
              : [fileURLToPath(new URL('src/testing/visual-regression.setup.ts', import.meta.url))]),
          ],
          browser: {
            enabled: true,
            expect: {
              toMatchScreenshot: {
                resolveScreenshotPath: ({ arg, ext }) => `${visualBaselines}/${arg}${ext}`,
                // Anti-aliasing is ignored and a pixel must change visibly to count (YIQ 0.1); a few hundred such
                // pixels are tolerated (decoder and font hinting noise), a restyled button (thousands) is not.
                comparatorName: 'pixelmatch',
                comparatorOptions: { threshold: 0.1, includeAA: false, allowedMismatchedPixels: 200 },
                // Two equal captures in a row make a stable one; on a busy 2-core machine one capture may take seconds.
                timeout: 30_000,
              },
            },
            headless: true,
            provider: playwright({
              launchOptions: chromiumLaunchOptions,
              // Large enough that no story is scaled down to fit: the visual captures are taken at 1:1.
              contextOptions: { viewport: { width: 1280, height: 6000 } },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
