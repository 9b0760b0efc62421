import { SeedanceError } from '@seedance-kit/core';
import type { GenerationStorage, GenerationStore, PersistOption } from '@seedance-kit/core/client';
import { createGenerationStore, resolveStorage } from '@seedance-kit/core/internal';

/**
 * Where `useSeedanceGeneration` saves the job it watches and `useSeedanceHistory` finds the finished videos. Made by
 * {@link createPersistence}; pages that pass none download none of it.
 */
export interface GenerationPersistence {
  /** The store of one generator (`persistKey`): the same object for the same storage and key. */
  store(key: string): GenerationStore;
  /** Whether a reload can resume the job being watched (`false` in memory, or where the storage is unavailable). */
  resumes: boolean;
}

// One memory for the page, so the generation hook and the history hook share it whoever created the persistence.
const memory = new Map<string, string>();
const memoryStorage: GenerationStorage = {
  getItem: (key) => memory.get(key) ?? null,
  setItem: (key, value) => {
    memory.set(key, value);
  },
  removeItem: (key) => {
    memory.delete(key);
  },
};
const stores = new WeakMap<GenerationStorage, Map<string, GenerationStore>>();

/**
 * Persistence for the `persist` option of `useSeedanceGeneration` and `useSeedanceHistory`: `'session'` (this tab,
 * survives reloads), `'local'` (every tab, survives restarts), a storage of your own (`{ getItem, setItem,
 * removeItem }`), or `'memory'` (the history for this page's lifetime, no resume). Where the browser storage is
 * unavailable (server rendering, blocked storage) it keeps the history in memory.
 *
 * @example
 * const persist = createPersistence('session');
 * const generation = useSeedanceGeneration({ persist });
 * const { entries } = useSeedanceHistory({ persist });
 */
export function createPersistence(where: PersistOption | 'memory'): GenerationPersistence {
  const storage = where === 'memory' ? undefined : resolveStorage(where);
  const target = storage ?? memoryStorage;
  return {
    resumes: storage !== undefined,
    store(key) {
      let byKey = stores.get(target);
      if (!byKey) {
        byKey = new Map();
        stores.set(target, byKey);
      }
      let store = byKey.get(key);
      if (!store) {
        store = createGenerationStore(target, { key });
        byKey.set(key, store);
      }
      return store;
    },
  };
}

/** The store of a `persist` option and key, refusing the strings the option took before {@link createPersistence}. */
export function storeOf(persist: GenerationPersistence | undefined, key = 'default'): GenerationStore | undefined {
  if (typeof persist === 'string') {
    throw new SeedanceError(
      'MISCONFIGURED',
      `persist takes createPersistence('${persist}') (from @seedance-kit/react), not the string '${persist}'.`,
    );
  }
  return persist?.store(key);
}
