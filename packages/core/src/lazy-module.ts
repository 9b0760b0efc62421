import { SeedanceError } from './errors';

/**
 * Memoizes a dynamic `import()` so a part of the code is downloaded on its first use instead of with the page (the
 * kit loads its schemas, its submit path and its upload code this way). A failed load (a deploy replaced the chunk,
 * the network dropped) is forgotten so the next call tries again, and rejects with a retryable `NETWORK_ERROR`
 * naming `what` could not be loaded.
 *
 * @example
 * const loadEditor = lazyModule(() => import('./editor'), 'the editor');
 * const { Editor } = await loadEditor();
 */
export function lazyModule<Module>(load: () => Promise<Module>, what: string): () => Promise<Module> {
  let loading: Promise<Module> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new SeedanceError(
        'NETWORK_ERROR',
        `Could not load ${what} of Seedance Kit (a part of the library fetched on first use). Check the connection and try again.`,
        { cause: error },
      );
    });
    return loading;
  };
}
