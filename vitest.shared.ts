import { defaultClientConditions, defaultServerConditions } from 'vite';

/**
 * The export condition every workspace package publishes next to `types` and `default`: it points at `src/`, so
 * tests, Storybook and the playground run on the sources without a build.
 */
export const sourceCondition = '@seedance-kit/source';

/** Vite `resolve` options that prefer workspace sources, for the browser and for Node (SSR) alike. */
export const sourceResolve = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
};
