import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsdown';

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
      await writeFile('dist/styles.css', await inlineImports('src/styles.css'));
    },
  },
});

async function inlineImports(file: string): Promise<string> {
  const source = await readFile(file, 'utf8');
  const imports = [...source.matchAll(/^@import\s+['"](.+?)['"]\s+layer\((.+?)\);$/gm)];
  let output = source;
  for (const [statement, path, layer] of imports) {
    const content = await readFile(join(dirname(file), path!), 'utf8');
    output = output.replace(statement, `@layer ${layer} {\n${content.trim()}\n}`);
  }
  return output;
}
