import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeMp3, makeMp4 } from './media-fixtures';
import {
  inspectUpload,
  normalizeMediaType,
  readMp3DurationSeconds,
  readMp4DurationSeconds,
  sniffFormat,
} from './media-sniffing';

const emulatorMedia = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../emulator/media/${name}`, import.meta.url)));

const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const WEBP = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');

describe('sniffFormat', () => {
  it.each([
    ['a real JPEG', emulatorMedia('seedance-16x9-last-frame.jpg'), 'jpeg'],
    ['a real MP4', emulatorMedia('seedance-1x1.mp4'), 'iso-media'],
    ['a PNG signature', PNG, 'png'],
    ['a WebP RIFF header', WEBP, 'webp'],
    ['a QuickTime ftyp', makeMp4({ seconds: 5, brand: 'qt  ' }), 'iso-media'],
    ['MP3 frames', makeMp3({ bytes: 2000 }), 'mp3'],
    ['an ID3 tag', makeMp3({ bytes: 2000, id3Bytes: 100 }), 'mp3'],
  ])('recognises %s', (_name, bytes, format) => {
    expect(sniffFormat(bytes)).toBe(format);
  });

  it.each([
    ['text', new TextEncoder().encode('<!doctype html><html>')],
    ['AAC in ADTS (layer bits 00)', Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0)],
    ['a RIFF WAV', new TextEncoder().encode('RIFF\x24\x00\x00\x00WAVEfmt ')],
    ['too few bytes', Uint8Array.of(0xff, 0xd8)],
    ['nothing', new Uint8Array(0)],
  ])('recognises nothing in %s', (_name, bytes) => {
    expect(sniffFormat(bytes)).toBeUndefined();
  });
});

describe('readMp4DurationSeconds', () => {
  it('reads the emulator clip (5 s, fast start)', () => {
    expect(readMp4DurationSeconds(emulatorMedia('seedance-16x9.mp4'))).toBeCloseTo(5, 1);
  });

  it.each([0, 1] as const)('reads mvhd version %i', (version) => {
    expect(readMp4DurationSeconds(makeMp4({ seconds: 7.25, version }))).toBe(7.25);
  });

  it('cannot tell when mdat comes first, or when moov is cut off', () => {
    expect(readMp4DurationSeconds(makeMp4({ seconds: 5, moovFirst: false }))).toBeUndefined();
    const whole = makeMp4({ seconds: 5 });
    expect(readMp4DurationSeconds(whole.subarray(0, 60))).toBeUndefined();
  });

  it('cannot tell for a corrupt box size', () => {
    const corrupt = makeMp4({ seconds: 5 });
    corrupt.set([0, 0, 0, 3], 0);
    expect(readMp4DurationSeconds(corrupt)).toBeUndefined();
  });
});

describe('readMp3DurationSeconds', () => {
  it('estimates a constant bit rate file from its size', () => {
    expect(readMp3DurationSeconds(makeMp3({ bytes: 16_000 }), 16_000)).toBeCloseTo(1, 5);
    expect(readMp3DurationSeconds(makeMp3({ bytes: 2000 }), 320_000)).toBeCloseTo(20, 5);
  });

  it('reads a Xing frame count exactly, whatever the size', () => {
    // 1000 frames × 1152 samples / 44 100 Hz
    expect(readMp3DurationSeconds(makeMp3({ bytes: 4000, xingFrames: 1000 }), 4000)).toBeCloseTo(26.122, 3);
  });

  it('skips an ID3 tag, and cannot tell when the first frame lies beyond the bytes at hand', () => {
    const tagged = makeMp3({ bytes: 16_000 + 1010, id3Bytes: 1000 });
    expect(readMp3DurationSeconds(tagged, tagged.length)).toBeCloseTo(1, 5);
    expect(readMp3DurationSeconds(tagged.subarray(0, 500), tagged.length)).toBeUndefined();
  });
});

describe('inspectUpload', () => {
  const inspect = (kind: 'image' | 'video' | 'audio', contentType: string, head: Uint8Array) =>
    inspectUpload({ kind, contentType, head, totalBytes: head.length });

  it('accepts matching bytes and reports what it learnt', () => {
    expect(inspect('video', 'video/mp4', makeMp4({ seconds: 5 }))).toEqual({
      contentType: 'video/mp4',
      format: 'iso-media',
      durationSeconds: 5,
    });
    // MP4 and QuickTime are one container family: a .mov declared as MP4 (or the reverse) is fine.
    expect(inspect('video', 'video/quicktime', makeMp4({ seconds: 5 }))).toMatchObject({ format: 'iso-media' });
    expect(inspect('audio', 'audio/mp3', makeMp3({ bytes: 32_000 }))).toEqual({
      contentType: 'audio/mpeg',
      format: 'mp3',
      durationSeconds: 2,
    });
    expect(inspect('image', 'image/png', PNG)).toEqual({ contentType: 'image/png', format: 'png' });
  });

  it('accepts and says nothing when the duration cannot be read', () => {
    expect(inspect('video', 'video/mp4', makeMp4({ seconds: 60, moovFirst: false }))).toEqual({
      contentType: 'video/mp4',
      format: 'iso-media',
    });
  });

  it('refuses bytes that are not the declared type, naming both', () => {
    expect(() => inspect('image', 'image/png', emulatorMedia('seedance-1x1-last-frame.jpg'))).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringMatching(/declared as image\/png but its bytes are a JPEG image/),
      }),
    );
    expect(() => inspect('video', 'video/mp4', new TextEncoder().encode('#!/bin/sh\necho hi'))).toThrow(
      /not a format this server recognises/,
    );
  });

  it.each([
    [1, /1 s long; reference videos must be 2-15 s/],
    [20, /20 s long; reference videos must be 2-15 s/],
  ])('refuses a %i s video', (seconds, message) => {
    expect(() => inspect('video', 'video/mp4', makeMp4({ seconds }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) }),
    );
  });

  it('refuses an MP3 over 15 s', () => {
    expect(() =>
      inspectUpload({ kind: 'audio', contentType: 'audio/mpeg', head: makeMp3({ bytes: 4000 }), totalBytes: 320_000 }),
    ).toThrow(/about 20 s long; reference audios may be at most 15 s/);
  });
});

describe('normalizeMediaType', () => {
  it('lowercases and drops parameters', () => {
    expect(normalizeMediaType('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(normalizeMediaType(null)).toBe('');
  });
});
