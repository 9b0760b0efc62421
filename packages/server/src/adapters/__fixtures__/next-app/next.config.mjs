/**
 * The App Router app that next.test.ts serves with `next dev`. `@seedance-kit/core` is aliased to its sources, as the
 * workspace's source export condition does for Vitest, so the app runs on the same code as the tests without a build.
 */
export default {
  turbopack: {
    resolveAlias: { '@seedance-kit/core': '../../../../../core/src/index.ts' },
  },
};
