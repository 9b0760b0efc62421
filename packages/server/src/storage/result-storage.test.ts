import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStorage } from './file-storage';
import { checkStorageKey, parseRange, type ResultStorage } from './result-storage';
import { type S3Server, startS3Server } from './s3-server.test-helper';
import { createS3Storage } from './s3-storage';

let directory: string;
let s3: S3Server;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'seedance-files-'));
  s3 = await startS3Server();
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
  await s3.stop();
});

/** A body in several chunks, as a CDN download arrives. */
function streamOf(bytes: Uint8Array, chunk = 1000): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function text(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const payload = Uint8Array.from({ length: 10_000 }, (_, n) => n % 251);

describe.each<[string, () => ResultStorage]>([
  ['file', () => createFileStorage(directory)],
  ['S3 (s3rver)', () => createS3Storage({ bucket: s3.bucket, client: s3.client, prefix: 'test/' })],
])('%s storage', (_name, make) => {
  it('stores a streamed file, reads it whole and by range, and deletes it', async () => {
    const storage = make();
    await storage.put('generations/a/video.mp4', streamOf(payload), {
      contentType: 'video/mp4',
      bytes: payload.length,
    });
    expect(await storage.size('generations/a/video.mp4')).toBe(payload.length);
    const whole = await storage.get('generations/a/video.mp4');
    expect(whole?.size).toBe(payload.length);
    expect(await text(whole!.body)).toEqual(payload);
    const part = await storage.get('generations/a/video.mp4', { start: 100, end: 199 });
    expect(part?.size).toBe(payload.length);
    expect(await text(part!.body)).toEqual(payload.slice(100, 200));
    await storage.delete('generations/a/video.mp4');
    expect(await storage.get('generations/a/video.mp4')).toBeUndefined();
    expect(await storage.size('generations/a/video.mp4')).toBeUndefined();
    await storage.delete('generations/a/video.mp4');
  });

  it('keeps nothing when fewer or more bytes arrive than announced, and a repeated put leaves one copy', async () => {
    const storage = make();
    await expect(
      storage.put('short', streamOf(payload), { contentType: 'video/mp4', bytes: payload.length + 5 }),
    ).rejects.toThrow();
    expect(await storage.get('short')).toBeUndefined();
    await expect(
      storage.put('long', streamOf(payload), { contentType: 'video/mp4', bytes: payload.length - 5 }),
    ).rejects.toThrow();
    expect(await storage.get('long')).toBeUndefined();
    await storage.put('twice', streamOf(payload), { contentType: 'video/mp4', bytes: payload.length });
    await storage.put('twice', streamOf(payload), { contentType: 'video/mp4', bytes: payload.length });
    expect(await storage.size('twice')).toBe(payload.length);
  });
});

describe('storage keys and ranges', () => {
  it('refuses keys that could leave the storage root', () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/absolute', 'a//b', 'spaces are bad', '']) {
      expect(() => checkStorageKey(key)).toThrow(/Not a storage key/);
    }
    expect(checkStorageKey('generations/abc-123/video.mp4')).toBe('generations/abc-123/video.mp4');
  });

  it('leaves no partial file behind in the folder', async () => {
    const files = await readdir(directory, { recursive: true });
    expect(files.filter((file) => String(file).endsWith('.partial'))).toEqual([]);
  });

  it('parses single byte ranges as HTTP does', () => {
    expect(parseRange(null, 100)).toBeUndefined();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
  });
});
