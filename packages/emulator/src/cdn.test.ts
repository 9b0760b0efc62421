import { open, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmindEmulator } from './emulator';
import { loadMediaCatalog } from './media';
import { parseRangeHeader } from './range';
import { call, startTestEmulator, submitJob } from './test-helpers';

let emulator: SegmindEmulator;
let videoUrl: string;
let lastFrameUrl: string;
let size: number;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const { response_url } = await submitJob(emulator, { prompt: 'p', aspect_ratio: '4:3', return_last_frame: true });
  const result = await (await call(emulator, response_url)).json();
  videoUrl = result.video.url;
  lastFrameUrl = result.video.last_frame_url;
  size = Number(result.video.file_size);
});
afterAll(() => emulator.stop());

describe('CDN', () => {
  it('serves the whole MP4 without a key, starting with an ftyp box', async () => {
    const response = await fetch(videoUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe(String(size));
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(size);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const catalog = await loadMediaCatalog();
    expect(bytes.equals(await readFile(catalog['4:3'].video.path))).toBe(true);
  });

  it('serves the clip of the requested aspect ratio, and the 16:9 one for adaptive', async () => {
    const catalog = await loadMediaCatalog();
    const sizes = new Set(Object.values(catalog).map((clip) => clip.video.size));
    expect(sizes.size).toBe(6);
    for (const [ratio, expected] of [
      ['9:16', catalog['9:16'].video.size],
      ['adaptive', catalog['16:9'].video.size],
    ] as const) {
      const { response_url } = await submitJob(emulator, { prompt: 'p', aspect_ratio: ratio });
      const { video } = await (await call(emulator, response_url)).json();
      expect(video.file_size).toBe(String(expected));
      expect((await fetch(video.url, { method: 'HEAD' })).headers.get('content-length')).toBe(String(expected));
    }
  });

  it('answers a byte range with 206 and Content-Range', async () => {
    const response = await fetch(videoUrl, { headers: { range: 'bytes=0-7' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-7/${size}`);
    expect(response.headers.get('content-length')).toBe('8');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(4)
        .toString('latin1'),
    ).toBe('ftyp');
  });

  it('answers open-ended and suffix ranges', async () => {
    const open = await fetch(videoUrl, { headers: { range: `bytes=${size - 10}-` } });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect((await open.arrayBuffer()).byteLength).toBe(10);

    const suffix = await fetch(videoUrl, { headers: { range: 'bytes=-100' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
    const whole = Buffer.from(await (await fetch(videoUrl)).arrayBuffer());
    expect(Buffer.from(await suffix.arrayBuffer()).equals(whole.subarray(size - 100))).toBe(true);

    const clamped = await fetch(videoUrl, { headers: { range: `bytes=100-${size * 2}` } });
    expect(clamped.headers.get('content-range')).toBe(`bytes 100-${size - 1}/${size}`);
  });

  it('answers 416 with Content-Range */size when the range cannot be met', async () => {
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
      const response = await fetch(videoUrl, { headers: { range } });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const whole = await fetch(videoUrl, { method: 'HEAD' });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(size));
    expect(await whole.text()).toBe('');
    const part = await fetch(videoUrl, { method: 'HEAD', headers: { range: 'bytes=-1' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-length')).toBe('1');
  });

  it('serves the last frame as a JPEG, only for jobs that asked for it', async () => {
    const response = await fetch(lastFrameUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 2)
        .toString('hex'),
    ).toBe('ffd8');

    const { request_id } = await submitJob(emulator, { prompt: 'p' });
    expect((await fetch(`${emulator.url}/cdn/generations/${request_id}-last-frame.jpg`)).status).toBe(404);
  });

  it('answers 404 for files of unknown or unfinished jobs and unknown assets', async () => {
    const slow = await startTestEmulator({ latency: { queuedMs: 10_000, processingMs: 0 } });
    try {
      const { request_id } = await submitJob(slow);
      expect((await fetch(`${slow.url}/cdn/generations/${request_id}.mp4`)).status).toBe(404);
    } finally {
      await slow.stop();
    }
    for (const path of [
      '/cdn/generations/00000000-0000-4000-8000-000000000000.mp4',
      '/cdn/assets/00000000-0000-4000-8000-000000000000.png',
      '/cdn/other',
    ]) {
      const response = await fetch(`${emulator.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toHaveProperty('error');
    }
  });
});

describe('parseRangeHeader', () => {
  it.each<[string | undefined, number, ReturnType<typeof parseRangeHeader>]>([
    [undefined, 100, undefined],
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=50-500', 100, { start: 50, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=9-0', 100, undefined],
    ['bytes=0-1,5-6', 100, undefined],
    ['items=0-1', 100, undefined],
    ['bytes=-', 100, undefined],
  ])('%s of %i bytes → %j', (header, total, expected) => {
    expect(parseRangeHeader(header, total)).toEqual(expected);
  });
});

describe('media files', () => {
  it('are small H.264 MP4s with the moov atom at the start (faststart) and JPEG last frames', async () => {
    const catalog = await loadMediaCatalog();
    for (const { video, lastFrame } of Object.values(catalog)) {
      expect(video.size).toBeLessThan(200 * 1024);
      const boxes = await topLevelBoxes(video.path, 4);
      expect(boxes.slice(0, 2)).toEqual(['ftyp', 'moov']);
      expect(boxes).toContain('mdat');
      const contents = await readFile(video.path);
      expect(contents.includes(Buffer.from('avc1'))).toBe(true);
      expect((await readFile(lastFrame.path)).subarray(0, 3).toString('hex')).toBe('ffd8ff');
    }
  });
});

/** The types of the first top-level boxes of an MP4, read by walking box sizes. */
async function topLevelBoxes(path: string, count: number): Promise<string[]> {
  const file = await open(path);
  try {
    const types: string[] = [];
    const header = Buffer.alloc(8);
    let offset = 0;
    while (types.length < count) {
      const { bytesRead } = await file.read(header, 0, 8, offset);
      if (bytesRead < 8) break;
      types.push(header.subarray(4, 8).toString('latin1'));
      offset += header.readUInt32BE(0);
    }
    return types;
  } finally {
    await file.close();
  }
}
