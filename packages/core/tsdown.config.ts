import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'client-entry': 'src/client-entry.ts',
    'protocol-entry': 'src/protocol-entry.ts',
    'internal-entry': 'src/internal-entry.ts',
    'testing/index': 'src/testing/index.ts',
  },
  // File by file, like the sources, so a host's bundler keeps only the modules it imports.
  unbundle: true,
  format: 'esm',
  platform: 'neutral',
  dts: true,
  sourcemap: true,
});
