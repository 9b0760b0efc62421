import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsdown';
import { buildStylesheet } from './scripts/stylesheet';

export default defineConfig({
  entry: { index: 'src/index.ts', components: 'src/components.ts' },
  // File by file, like the sources: a host's bundler keeps only the modules it imports, and each file keeps its own
  // `'use client'` (so `seedanceKeys` and `generationQueryOptions` stay callable from a server component).
  unbundle: true,
  format: 'esm',
  platform: 'browser',
  dts: true,
  sourcemap: true,
  hooks: {
    // Hosts import one stylesheet; its `@import`s are inlined so no bundler is needed to consume it.
    'build:done': async () => {
      await writeFile('dist/styles.css', await buildStylesheet('src/styles.css'));
    },
  },
});
