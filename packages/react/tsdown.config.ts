import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsdown';
import { buildStylesheet } from './scripts/stylesheet';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  platform: 'browser',
  dts: true,
  sourcemap: true,
  // Every export is a hook or a component, so the whole entry is client code for React Server Components hosts.
  // The bundler drops module-level directives when it merges files, so the directive is added back here.
  banner: { js: "'use client';" },
  hooks: {
    // Hosts import one stylesheet; its `@import`s are inlined so no bundler is needed to consume it.
    'build:done': async () => {
      await writeFile('dist/styles.css', await buildStylesheet('src/styles.css'));
    },
  },
});
