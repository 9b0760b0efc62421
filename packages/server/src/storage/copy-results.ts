import { createHash } from 'node:crypto';
import type { CopyToStorage } from '../follower/follower';
import type { JobRecord, StoredFile } from '../jobs/job-record';
import { sniffFormat } from '../media-sniffing';
import type { ResolvedSettings } from '../options';
import type { ResultStorage } from './result-storage';

/** Largest video copied (Seedance 2.0 Fast makes at most 15 s of 720p: a few tens of MB). */
const MAX_VIDEO_BYTES = 512 * 1024 * 1024;
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
const COPY_TIMEOUT_MS = 10 * 60 * 1000;
const IMAGE_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * Copies a succeeded job's MP4 and last frame from the CDN into storage: streamed, its size and type checked against
 * what the CDN announced and what the first bytes show, under keys derived from the request id (so a repeat
 * overwrites the same files, and a complete copy already there is kept).
 */
export function createResultCopier(settings: ResolvedSettings, storage: ResultStorage): CopyToStorage {
  const doFetch = settings.upstreamFetch ?? globalThis.fetch;

  async function copy(url: string, key: string, kind: 'video' | 'image', expectedBytes?: number): Promise<StoredFile> {
    if (kind === 'video' && expectedBytes !== undefined && (await storage.size(key)) === expectedBytes) {
      // A complete copy from an earlier attempt (the step repeated after a crash): the CDN is not asked again.
      return { key, contentType: 'video/mp4', bytes: expectedBytes };
    }
    const source = new URL(url);
    if (!settings.mediaHosts.includes(source.host) && !settings.mediaHosts.includes(source.hostname)) {
      throw new Error(`The result points at ${source.host}, which is not in upstream.mediaHosts; it was not copied.`);
    }
    const response = await doFetch(source, { redirect: 'error', signal: AbortSignal.timeout(COPY_TIMEOUT_MS) });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`The CDN answered HTTP ${response.status} for a result file.`);
    }
    const bytes = Number(response.headers.get('content-length'));
    const limit = kind === 'video' ? MAX_VIDEO_BYTES : MAX_IMAGE_BYTES;
    if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes > limit || !response.body) {
      await response.body?.cancel();
      throw new Error(
        `The CDN announced no usable length for a result file (${response.headers.get('content-length')}).`,
      );
    }
    const { head, rest } = await peek(response.body, 64);
    const format = sniffFormat(head);
    if (kind === 'video' && format !== 'iso-media') {
      await rest.cancel();
      throw new Error('The CDN served a result video that is not an MP4.');
    }
    const contentType = kind === 'video' ? 'video/mp4' : format && IMAGE_TYPES[format];
    if (!contentType) {
      await rest.cancel();
      throw new Error('The CDN served a last frame that is not a JPEG, PNG or WebP image.');
    }
    if ((await storage.size(key)) === bytes) {
      // A complete copy from an earlier attempt (the step is repeated after a crash): keep it.
      await rest.cancel();
      return { key, contentType, bytes };
    }
    await storage.put(key, rest, { contentType, bytes });
    return { key, contentType, bytes };
  }

  return async (record: JobRecord) => {
    const result = record.result;
    if (!result) return undefined;
    const folder = `generations/${storageName(record.requestId)}`;
    const video = await copy(result.videoUrl, `${folder}/video.mp4`, 'video', result.bytes);
    const lastFrame = result.lastFrameUrl
      ? await copy(result.lastFrameUrl, `${folder}/last-frame`, 'image')
      : undefined;
    return lastFrame ? { video, lastFrame } : { video };
  };
}

/** Segmind's request ids are opaque: use them as names only when plainly safe, else their hash. */
function storageName(requestId: string): string {
  return /^[A-Za-z0-9-]{8,80}$/.test(requestId) ? requestId : createHash('sha256').update(requestId).digest('hex');
}

/** Reads at least `bytes` bytes (or all) of a stream and gives back a stream that still starts with them. */
async function peek(
  body: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  let head = new Uint8Array(0);
  let done = false;
  while (head.length < bytes && !done) {
    const next = await reader.read();
    done = next.done;
    if (next.value) {
      const joined = new Uint8Array(head.length + next.value.length);
      joined.set(head);
      joined.set(next.value, head.length);
      head = joined;
    }
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, rest };
}
