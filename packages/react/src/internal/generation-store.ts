import {
  createGenerationStore,
  type GenerationStorage,
  type GenerationStore,
  type PersistOption,
  resolveStorage,
} from '@seedance-kit/core';

// Without `persist`, finished videos are still kept for this page's lifetime, in memory.
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

/** The store of a persist option and key; the same object for the same storage and key. */
export function storeFor(persist: PersistOption | undefined, key = 'default'): GenerationStore {
  const storage = resolveStorage(persist) ?? memoryStorage;
  let byKey = stores.get(storage);
  if (!byKey) {
    byKey = new Map();
    stores.set(storage, byKey);
  }
  let store = byKey.get(key);
  if (!store) {
    store = createGenerationStore(storage, { key });
    byKey.set(key, store);
  }
  return store;
}

/** Whether a persist option names a storage that exists here (so a reload can resume). */
export function canPersist(persist: PersistOption | undefined): boolean {
  return resolveStorage(persist) !== undefined;
}
