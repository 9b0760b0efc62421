import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { transform } from 'lightningcss';

/**
 * The one stylesheet hosts import: `src/styles.css` with each `@import '…' layer(x)` inlined as `@layer x { … }`
 * (so no bundler is needed to consume it), then minified. Used by the build and by the bundle-size check, so what is
 * measured is what ships.
 */
export async function buildStylesheet(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  let inlined = text;
  for (const [statement, path, layer] of text.matchAll(/^@import\s+['"](.+?)['"]\s+layer\((.+?)\);$/gm)) {
    const content = await readFile(join(dirname(file), path!), 'utf8');
    inlined = inlined.replace(statement, `@layer ${layer} {\n${content.trim()}\n}`);
  }
  // No `targets`: the CSS is written for current browsers and must not be rewritten for old ones.
  const { code } = transform({ filename: 'styles.css', code: Buffer.from(inlined), minify: true });
  return code.toString();
}
