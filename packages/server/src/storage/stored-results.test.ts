import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationJob } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type SignerHarness, startSignerHarness, TEST_API_KEY } from '../test-harness';
import { createFileStorage } from './file-storage';
import type { ResultStorage } from './result-storage';
import { startS3Server } from './s3-server.test-helper';
import { createS3Storage } from './s3-storage';

// The emulator serves this clip for every 16:9 job; its CDN drops files shortly after completion here.
const CLIP = new URL('../../../emulator/media/seedance-16x9.mp4', import.meta.url);
const FRAME = new URL('../../../emulator/media/seedance-16x9-last-frame.jpg', import.meta.url);
const CDN_EXPIRY_MS = 2_000;
const jobRequestId = (emulator: SegmindEmulator) =>
  (emulator.requests().find((request) => request.route === 'result')?.path ?? '').split('/').pop();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function storages(): Promise<[string, ResultStorage][]> {
  const directory = await mkdtemp(join(tmpdir(), 'seedance-results-'));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  const s3 = await startS3Server();
  cleanups.push(() => s3.stop());
  return [
    ['file', createFileStorage(directory)],
    ['S3', createS3Storage({ bucket: s3.bucket, client: s3.client })],
  ];
}

describe('results kept in host storage', () => {
  it('copies the MP4 and last frame, then serves them with Range after the CDN dropped them, to their owner only', async () => {
    for (const [name, storage] of await storages()) {
      const emulator = await startSegmindEmulator({
        apiKey: TEST_API_KEY,
        latency: { queuedMs: 100, processingMs: 150 },
        cdnExpiryMs: CDN_EXPIRY_MS,
      });
      cleanups.push(() => emulator.stop());
      const signer: SignerHarness = await startSignerHarness(
        { storage, follow: { expectedRunMs: { shortestMs: 300, longestMs: 600 } } },
        { emulator },
      );
      cleanups.push(() => signer.close());
      const alice = signer.transportFor('alice');
      const job = await alice.submit(
        { prompt: `kept in ${name}`, return_last_frame: true },
        { idempotencyKey: createIdempotencyKey() },
      );
      const done = await eventually(async () => {
        const current = await alice.getJob(job.id);
        return current.status === 'succeeded' && current.result?.bytes ? current : undefined;
      });
      // Wait for the copy (the follower stores, then announces), then make the CDN forget the files.
      const stored = await eventually(async () => {
        const response = await fetch((done as GenerationJob).result!.videoUrl, {
          headers: { 'x-test-user': 'alice' },
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        const cdn = signer.emulator.requests().filter((request) => request.route === 'cdn').length;
        // Served without touching the CDN means it came from storage.
        return response.status === 200 && cdn <= 2 && bytes.length > 0 ? bytes : undefined;
      });
      expect(sha256(stored)).toBe(sha256(await readFile(CLIP)));
      // The CDN forgets the files; the signer still plays them.
      const submittedAt = Date.parse(emulator.requests().find((request) => request.route === 'submit')!.time);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, submittedAt + CDN_EXPIRY_MS + 100 - Date.now())));
      const cdnUrl = emulator.requests().find((request) => request.route === 'result' && request.status === 200);
      expect(cdnUrl).toBeDefined();
      const gone = await fetch(
        `${emulator.url}/cdn/generations/${job.id.length > 0 ? jobRequestId(emulator) : ''}.mp4`,
      );
      expect(gone.status).toBe(404);
      await gone.arrayBuffer();
      const cdnBefore = signer.emulator.requests().filter((request) => request.route === 'cdn').length;
      const ranged = await fetch(done.result!.videoUrl, {
        headers: { 'x-test-user': 'alice', range: 'bytes=100-199' },
      });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${stored.length}`);
      expect(ranged.headers.get('content-type')).toBe('video/mp4');
      expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(stored.slice(100, 200));
      const frame = await fetch(done.result!.lastFrameUrl!, { headers: { 'x-test-user': 'alice' } });
      expect(frame.headers.get('content-type')).toBe('image/jpeg');
      expect(sha256(new Uint8Array(await frame.arrayBuffer()))).toBe(sha256(await readFile(FRAME)));
      const download = await fetch(done.result!.downloadUrl, { headers: { 'x-test-user': 'alice' } });
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="seedance-\d+\.mp4"$/);
      await download.arrayBuffer();
      // The stored copy is the job's own: another user's request for it is refused.
      for (const url of [done.result!.videoUrl, done.result!.lastFrameUrl!]) {
        const foreign = await fetch(url, { headers: { 'x-test-user': 'mallory' } });
        expect(foreign.status).toBe(403);
        await foreign.arrayBuffer();
      }
      expect(signer.emulator.requests().filter((request) => request.route === 'cdn').length).toBe(cdnBefore);
    }
  }, 30_000);
});
