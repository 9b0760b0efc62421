import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ByteRange, checkStorageKey, type ResultStorage } from './result-storage';

/**
 * Keeps results as files under `directory` (created when missing): the single-machine default. A file is written
 * under a temporary name and renamed once complete, so a reader never sees half a video and a crash leaves none.
 *
 * @example
 * createSeedanceHandler({ ..., storage: createFileStorage('./data/seedance') });
 */
export function createFileStorage(directory: string): ResultStorage {
  const root = resolve(directory);
  const pathOf = (key: string) => join(root, checkStorageKey(key));

  return {
    async put(key, body, meta) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomUUID()}.partial`;
      let received = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          if (received > meta.bytes) callback(new Error(`more than the announced ${meta.bytes} bytes arrived`));
          else callback(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(body as import('node:stream/web').ReadableStream),
          counter,
          createWriteStream(temporary),
        );
        if (received !== meta.bytes) throw new Error(`${received} bytes arrived, ${meta.bytes} were announced`);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key, range?: ByteRange) {
      const path = pathOf(key);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        return undefined;
      }
      const start = range ? Math.min(range.start, Math.max(0, size - 1)) : 0;
      const end = range ? Math.min(range.end, size - 1) : size - 1;
      if (size === 0) return { body: new ReadableStream({ start: (controller) => controller.close() }), size };
      const stream = createReadStream(path, { start, end });
      return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size };
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch {
        return undefined;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
