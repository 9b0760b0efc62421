/** A byte range of a stored file, both ends included (as in HTTP `Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** A stored file being read. */
export interface StoredObject {
  /** The requested bytes (all of them without a range), streamed. */
  body: ReadableStream<Uint8Array>;
  /** The whole file's size in bytes. */
  size: number;
}

/**
 * Where finished videos and last frames are kept, so they outlive Segmind's CDN (about 7 days). Streamed both ways:
 * nothing holds a whole file in memory. Keys are `[A-Za-z0-9._/-]` paths chosen by the signer.
 */
export interface ResultStorage {
  /**
   * Stores `body` under `key`, replacing any file there, only if exactly `bytes` bytes arrive (else nothing is kept
   * and it throws). Idempotent: the same file put twice leaves one copy.
   */
  put(key: string, body: ReadableStream<Uint8Array>, meta: { contentType: string; bytes: number }): Promise<void>;
  /** Reads a file, or the bytes of `range` (clamped to the file); `undefined` when there is none under `key`. */
  get(key: string, range?: ByteRange): Promise<StoredObject | undefined>;
  /** The size of the file under `key`, or `undefined` when there is none. */
  size(key: string): Promise<number | undefined>;
  /** Removes the file under `key` (no error when absent). */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Refuses a key that could leave the storage's root (`..`) or is not a plain path. */
export function checkStorageKey(key: string): string {
  if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '.' || part === '..') || key.length > 512) {
    throw new TypeError(`Not a storage key: ${JSON.stringify(key.slice(0, 80))}. Use letters, digits and "._-/".`);
  }
  return key;
}

/** Parses one `Range: bytes=` header against a size: a range, `'unsatisfiable'`, or `undefined` for the whole file. */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: serve the whole file, as HTTP allows.
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}
