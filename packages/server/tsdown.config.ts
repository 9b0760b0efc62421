import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapters/node': 'src/adapters/node.ts',
    'adapters/express': 'src/adapters/express.ts',
    'adapters/hono': 'src/adapters/hono.ts',
    'adapters/next': 'src/adapters/next.ts',
    'store/redis-store': 'src/store/redis-store.ts',
    'follower/bullmq-scheduler': 'src/follower/bullmq-scheduler.ts',
    'storage/s3-storage': 'src/storage/s3-storage.ts',
  },
  format: 'esm',
  platform: 'node',
  fixedExtension: false,
  dts: true,
  sourcemap: true,
});
