import { fileURLToPath } from 'node:url';
import { Rolldown } from 'tsdown';
const source = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url));
const ENTRY_ID = '\0e';
const which = process.argv[2] ?? 'headless';
const ENTRY = which === 'headless' ? [
  `export { SeedanceProvider } from ${JSON.stringify(source('seedance-provider.tsx'))};`,
  `export { useSeedanceGeneration } from ${JSON.stringify(source('use-seedance-generation.ts'))};`,
  `export { createSignerTransport } from '@seedance-kit/core';`,
].join('\n') : `export * from ${JSON.stringify(source('index.ts'))};`;
const bundleZod = process.argv[3] === 'zod';
const PEERS = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];
const bundle = await Rolldown.rolldown({
  input: ENTRY_ID, platform: 'browser', cwd: fileURLToPath(new URL('..', import.meta.url)),
  external: bundleZod ? PEERS : [...PEERS, /^zod($|\/)/],
  resolve: { conditionNames: ['@seedance-kit/source', 'browser', 'import', 'module', 'default'] },
  transform: { define: { 'process.env.NODE_ENV': '"production"' } }, logLevel: 'silent',
  plugins: [{ name: 'e', resolveId: (id) => (id === ENTRY_ID ? id : undefined), load: (id) => (id === ENTRY_ID ? ENTRY : undefined) }],
});
const { output } = await bundle.generate({ format: 'esm', minify: true });
for (const c of output) if (c.type === 'chunk') {
  console.log('CHUNK', c.fileName, c.code.length, c.isEntry);
  const mods = Object.entries(c.modules).map(([id, m]) => [id.replace(/.*node_modules\/.pnpm\//, '').replace('/work/main/', ''), m.renderedLength] as const).sort((a, b) => b[1] - a[1]);
  for (const [id, len] of mods.slice(0, 40)) console.log(String(len).padStart(7), id);
}
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/out.js', (output[0] as any).code);
const loaded = output.filter((c: any) => c.type === 'chunk' && (c.isEntry || (output[0] as any).imports.includes(c.fileName)));
const all = loaded.map((c: any) => c.code).join('\n');
writeFileSync('/tmp/startup.js', all);
const strs = all.match(/`[^`]{30,}`|"[^"]{30,}"/g) ?? [];
console.log('strings', strs.length, strs.reduce((a, s) => a + s.length, 0));
const { gzipSync } = await import('node:zlib');
console.log('gzip all', gzipSync(all, { level: 9 }).length, 'without long strings', gzipSync(all.replace(/`[^`]{30,}`|"[^"]{30,}"/g, '``'), { level: 9 }).length);
