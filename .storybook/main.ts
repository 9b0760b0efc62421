import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { sourceResolve } from '../vitest.shared.ts';

const packagesDirectory = fileURLToPath(new URL('../packages', import.meta.url));

// One entry per package rather than one `../packages/*/src/**` glob: Storybook matches story files relative to the
// working directory, and the story tests run from inside a package (`pnpm --filter @seedance-kit/react test`), where
// a single glob starting above the working directory matches nothing of that package.
const stories = readdirSync(packagesDirectory, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${packagesDirectory}/${entry.name}/src`))
  .map((entry) => ({ directory: `../packages/${entry.name}/src`, files: '**/*.stories.tsx' }));

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  // The guides (MDX) first, so the documentation site opens on the introduction.
  stories: [{ directory: './docs', files: '*.mdx', titlePrefix: '' }, ...stories],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // The emulator's real clips, so stories (and the story tests in Chromium) play actual H.264 MP4s.
  staticDirs: [
    { from: '../packages/emulator/media', to: '/media' },
    { from: '../packages/react/docs/screenshots', to: '/screenshots' },
  ],
  core: { disableTelemetry: true },
  viteFinal: (viteConfig) => mergeConfig(viteConfig, sourceResolve),
};

export default config;
