import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', 'adapters/node': 'src/adapters/node.ts' },
  format: 'esm',
  platform: 'node',
  dts: true,
  sourcemap: true,
});
