import { describe, expect, it, vi } from 'vitest';
import { estimateJobTime, readTimingSamples, recordTiming } from './generation-progress';
import type { SucceededJob } from './generation-state';
import {
  createGenerationStore,
  type GenerationStorage,
  RESULT_LIFETIME_MS,
  resolveStorage,
} from './generation-storage';

function memoryStorage(): GenerationStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const created = Date.parse('2026-01-01T00:00:00.000Z');
const succeeded = (id: string): SucceededJob => ({
  id,
  status: 'succeeded',
  createdAt: new Date(created).toISOString(),
  updatedAt: new Date(created).toISOString(),
  input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
  result: { videoUrl: `/${id}.mp4`, downloadUrl: `/${id}.mp4`, contentType: 'video/mp4' },
  metrics: { inferenceTimeMs: 204_000 },
});

describe('createGenerationStore', () => {
  it('saves, reads and clears the active generation per key', () => {
    const storage = memoryStorage();
    const store = createGenerationStore(storage, { key: 'a' });
    expect(store.readActive()).toBeUndefined();
    store.writeActive({ jobId: 'job-1', input: { prompt: 'p' } });
    expect(store.readActive()).toEqual({ jobId: 'job-1', input: { prompt: 'p' } });
    expect(createGenerationStore(storage, { key: 'b' }).readActive()).toBeUndefined();
    store.clearActive();
    expect(store.readActive()).toBeUndefined();
  });

  it('keeps a short history, newest first, until the links expire, and tells subscribers', () => {
    const store = createGenerationStore(memoryStorage(), { historySize: 2 });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.addToHistory(succeeded('one'), undefined, created + 1000);
    store.addToHistory(succeeded('two'), { prompt: 'p' }, created + 2000);
    store.addToHistory(succeeded('three'), undefined, created + 3000);
    expect(listener).toHaveBeenCalledTimes(3);
    const entries = store.readHistory(created + 4000);
    expect(entries.map((entry) => entry.job.id)).toEqual(['three', 'two']);
    expect(store.readHistory(created + 4000)).toBe(entries);
    expect(entries[0]?.expiresAt).toBe(created + RESULT_LIFETIME_MS);
    expect(store.readHistory(created + RESULT_LIFETIME_MS)).toEqual([]);
    store.removeFromHistory('three');
    expect(store.readHistory(created).map((entry) => entry.job.id)).toEqual(['two']);
    unsubscribe();
    store.clearHistory();
    expect(listener).toHaveBeenCalledTimes(4);
  });

  it('ignores broken values and survives a storage that throws', () => {
    const storage = memoryStorage();
    storage.data.set('seedance-kit:default:active', '{not json');
    storage.data.set('seedance-kit:default:history', '[{"job":{}}]');
    const store = createGenerationStore(storage);
    expect(store.readActive()).toBeUndefined();
    expect(store.readHistory()).toEqual([]);
    const throwing: GenerationStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {},
    };
    const fragile = createGenerationStore(throwing);
    expect(() => fragile.writeActive({ jobId: 'x' })).not.toThrow();
    expect(fragile.readActive()).toBeUndefined();
  });

  it('resolves named storages only where they exist', () => {
    expect(resolveStorage(undefined)).toBeUndefined();
    expect(resolveStorage('session')).toBeUndefined();
    const own = memoryStorage();
    expect(resolveStorage(own)).toBe(own);
  });
});

describe('estimateJobTime', () => {
  it('estimates from the model, then from what this browser has seen', () => {
    const input = succeeded('x').input;
    const model = estimateJobTime(input);
    expect(model).toMatchObject({ isEstimate: true, basis: 'model', totalMs: { low: 87_000, high: 117_000 } });
    expect(estimateJobTime(input, { runningForMs: 100_000 }).remainingMs).toEqual({ low: 0, high: 17_000 });

    const storage = memoryStorage();
    recordTiming(storage, succeeded('x'));
    expect(readTimingSamples(storage)).toEqual([2]);
    const refined = estimateJobTime(input, { samples: readTimingSamples(storage) });
    expect(refined).toMatchObject({ basis: 'history', samples: 1, totalMs: { low: 174_000, high: 234_000 } });
  });
});
