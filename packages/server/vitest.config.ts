import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { sourceCondition, sourceResolve } from '../../vitest.shared';

export default defineConfig({
  ...sourceResolve,
  // Node's resolution, without `module`: the AWS SDK's `module` build uses extensionless imports that only bundlers
  // resolve, and it is listed first in its exports.
  ssr: {
    resolve: {
      conditions: [sourceCondition, ...defaultServerConditions.filter((condition) => condition !== 'module')],
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
