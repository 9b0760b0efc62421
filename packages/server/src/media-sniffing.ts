import { INPUT_LIMITS, SeedanceError, type UploadKind } from '@seedance-kit/core';

/**
 * The MIME types accepted per upload kind: what Seedance takes as reference images, videos and audios. `audio/mp3`
 * is not registered but some browsers report it for `.mp3` files, so it is taken as `audio/mpeg`.
 */
export const ALLOWED_UPLOAD_TYPES: Readonly<Record<UploadKind, readonly string[]>> = {
  image: ['image/jpeg', 'image/png', 'image/webp'],
  video: ['video/mp4', 'video/quicktime'],
  audio: ['audio/mpeg', 'audio/mp3'],
};

/** A container format recognised from its first bytes. MP4 and QuickTime share one (ISO base media file format). */
export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'iso-media' | 'mp3';

/** What {@link inspectUpload} learnt about a file it accepted. */
export interface UploadInspection {
  /** The registered MIME type to send upstream and report (`audio/mp3` becomes `audio/mpeg`). */
  contentType: string;
  /** The format the bytes showed. */
  format: SniffedFormat;
  /** The duration of a video or MP3, when the first bytes tell it. */
  durationSeconds?: number;
}

/** What {@link inspectUpload} reads. */
export interface UploadInspectionInput {
  kind: UploadKind;
  /** The normalised declared type (see {@link normalizeMediaType}), already checked against the kind. */
  contentType: string;
  /** The first bytes of the file (all of it when it is small). */
  head: Uint8Array;
  /** The size of the whole file, from `Content-Length`. */
  totalBytes: number;
}

const FORMAT_OF_TYPE: Readonly<Record<string, SniffedFormat>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'iso-media',
  'video/quicktime': 'iso-media',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

const FORMAT_NAMES: Readonly<Record<SniffedFormat, string>> = {
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  webp: 'a WebP image',
  'iso-media': 'an MP4/QuickTime video',
  mp3: 'an MP3',
};

/** Lowercases a `Content-Type` and drops its parameters: `Image/JPEG; q=1` → `image/jpeg`. Empty when absent. */
export function normalizeMediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Checks that the bytes are what the declared type says and, for videos and MP3s, that the duration fits the
 * model's limits when the first bytes tell it. Throws a `SeedanceError` (`UNSUPPORTED_MEDIA_TYPE` for a mismatch,
 * `VALIDATION_FAILED` for a duration out of range) saying what was found and what to do.
 */
export function inspectUpload({ kind, contentType, head, totalBytes }: UploadInspectionInput): UploadInspection {
  const declared = FORMAT_OF_TYPE[contentType];
  const sniffed = sniffFormat(head);
  if (declared === undefined || sniffed !== declared) {
    throw new SeedanceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The file was declared as ${contentType} but its bytes are ${sniffed ? FORMAT_NAMES[sniffed] : 'not a format this server recognises'}. Upload ${declared ? FORMAT_NAMES[declared] : `a ${kind}`} whose content matches its type.`,
    );
  }
  const inspection: UploadInspection = {
    contentType: contentType === 'audio/mp3' ? 'audio/mpeg' : contentType,
    format: sniffed,
  };
  if (sniffed === 'iso-media') {
    const seconds = readMp4DurationSeconds(head);
    if (seconds !== undefined) {
      if (seconds < INPUT_LIMITS.minVideoSeconds || seconds > INPUT_LIMITS.maxVideoSeconds) {
        throw new SeedanceError(
          'VALIDATION_FAILED',
          `This video is ${formatSeconds(seconds)} long; reference videos must be ${INPUT_LIMITS.minVideoSeconds}-${INPUT_LIMITS.maxVideoSeconds} s. Trim or pick another clip.`,
        );
      }
      inspection.durationSeconds = seconds;
    }
  }
  if (sniffed === 'mp3') {
    const seconds = readMp3DurationSeconds(head, totalBytes);
    if (seconds !== undefined) {
      if (seconds > INPUT_LIMITS.maxAudioSeconds) {
        throw new SeedanceError(
          'VALIDATION_FAILED',
          `This MP3 is about ${formatSeconds(seconds)} long; reference audios may be at most ${INPUT_LIMITS.maxAudioSeconds} s. Trim it and upload it again.`,
        );
      }
      inspection.durationSeconds = seconds;
    }
  }
  return inspection;
}

/**
 * The format the magic number at the start of `head` shows, or `undefined` for anything else. Needs 12 bytes.
 *
 * JPEG `FF D8 FF`; PNG's 8-byte signature; WebP `RIFF....WEBP`; ISO media (MP4, MOV) a `ftyp` box at offset 4, or
 * one of the top-level atoms that old QuickTime files start with; MP3 an `ID3` tag or an MPEG-1/2/2.5 Layer III
 * frame header.
 */
export function sniffFormat(head: Uint8Array): SniffedFormat | undefined {
  if (startsWith(head, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  const box = ascii(head, 4, 4);
  if (box === 'ftyp' || QUICKTIME_LEADING_ATOMS.has(box)) return 'iso-media';
  if (ascii(head, 0, 3) === 'ID3' || readMp3FrameHeader(head, 0) !== undefined) return 'mp3';
  return undefined;
}

/**
 * The duration in seconds from the `mvhd` box of an MP4/MOV, when the `moov` box lies wholly inside `head` and
 * before any `mdat` (a "fast start" file). `undefined` when it cannot tell: `moov` at the end of the file (the usual
 * layout of phone recordings), a fragmented file whose `mvhd` has no duration, or a box that is cut off.
 */
export function readMp4DurationSeconds(head: Uint8Array): number | undefined {
  for (const box of boxes(head, 0, head.length)) {
    if (box.type === 'mdat') return undefined;
    if (box.type !== 'moov') continue;
    if (box.end > head.length) return undefined;
    const children = [...boxes(head, box.payload, box.end)];
    const header = children.find((child) => child.type === 'mvhd');
    if (!header || header.end > box.end) return undefined;
    const fragmented = children.some((child) => child.type === 'mvex');
    const view = new DataView(head.buffer, head.byteOffset + header.payload, header.end - header.payload);
    const version = view.byteLength > 0 ? view.getUint8(0) : -1;
    let timescale: number;
    let duration: number;
    if (version === 0 && view.byteLength >= 20) {
      timescale = view.getUint32(12);
      duration = view.getUint32(16);
      if (duration === 0xffffffff) return undefined;
    } else if (version === 1 && view.byteLength >= 32) {
      timescale = view.getUint32(20);
      const high = view.getUint32(24);
      const low = view.getUint32(28);
      if (high === 0xffffffff && low === 0xffffffff) return undefined;
      duration = high * 2 ** 32 + low;
    } else {
      return undefined;
    }
    // A fragmented file keeps its length in the fragments; its mvhd says 0 and means "unknown".
    if (timescale === 0 || (duration === 0 && fragmented)) return undefined;
    return duration / timescale;
  }
  return undefined;
}

/**
 * The duration in seconds of an MP3: exact from a Xing/Info or VBRI header's frame count, else estimated as a
 * constant bit rate stream (`audio bytes × 8 / bitrate`). `undefined` when the first frame is not in `head` (a
 * large ID3 tag, e.g. embedded cover art) or uses a free bit rate.
 */
export function readMp3DurationSeconds(head: Uint8Array, totalBytes: number): number | undefined {
  let start = 0;
  if (ascii(head, 0, 3) === 'ID3') {
    if (head.length < 10) return undefined;
    const size = ((head[6] ?? 0) << 21) | ((head[7] ?? 0) << 14) | ((head[8] ?? 0) << 7) | (head[9] ?? 0);
    const hasFooter = ((head[5] ?? 0) & 0x10) !== 0;
    start = 10 + size + (hasFooter ? 10 : 0);
  }
  // Encoders may pad between the tag and the first frame; a short scan finds it without false syncs in audio data.
  const scanEnd = Math.min(head.length - 4, start + MP3_SYNC_SCAN_BYTES);
  let frame: Mp3FrameHeader | undefined;
  for (; start <= scanEnd; start++) {
    frame = readMp3FrameHeader(head, start);
    if (frame) break;
  }
  if (!frame || frame.bitrate === 0) return undefined;
  const sideInformation = frame.version === 1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
  const xing = start + 4 + sideInformation;
  const tag = ascii(head, xing, 4);
  if ((tag === 'Xing' || tag === 'Info') && head.length >= xing + 12) {
    const view = new DataView(head.buffer, head.byteOffset);
    if ((view.getUint32(xing + 4) & 1) !== 0) {
      return (view.getUint32(xing + 8) * frame.samplesPerFrame) / frame.sampleRate;
    }
  }
  const vbri = start + 4 + 32;
  if (ascii(head, vbri, 4) === 'VBRI' && head.length >= vbri + 18) {
    const frames = new DataView(head.buffer, head.byteOffset).getUint32(vbri + 14);
    return (frames * frame.samplesPerFrame) / frame.sampleRate;
  }
  return ((totalBytes - start) * 8) / frame.bitrate;
}

/** Atoms a QuickTime file without `ftyp` (before 2001) may start with. */
const QUICKTIME_LEADING_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const MP3_SYNC_SCAN_BYTES = 4096;
const MP3_BITRATES_KBPS = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Readonly<Record<1 | 2 | 2.5, readonly number[]>> = {
  1: [44_100, 48_000, 32_000],
  2: [22_050, 24_000, 16_000],
  2.5: [11_025, 12_000, 8_000],
};

interface Mp3FrameHeader {
  version: 1 | 2 | 2.5;
  /** Bits per second; 0 for a free-format stream. */
  bitrate: number;
  sampleRate: number;
  samplesPerFrame: number;
  mono: boolean;
}

function readMp3FrameHeader(bytes: Uint8Array, offset: number): Mp3FrameHeader | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const [first = 0, second = 0, third = 0, fourth = 0] = bytes.subarray(offset, offset + 4);
  if (first !== 0xff || (second & 0xe0) !== 0xe0) return undefined;
  const versionBits = (second >> 3) & 0b11;
  const layerBits = (second >> 1) & 0b11;
  const bitrateIndex = third >> 4;
  const sampleRateIndex = (third >> 2) & 0b11;
  // Layer III only: the model takes MP3. This also keeps AAC in ADTS (layer bits 00) out.
  if (versionBits === 0b01 || layerBits !== 0b01 || bitrateIndex === 0b1111 || sampleRateIndex === 0b11) {
    return undefined;
  }
  const version = versionBits === 0b11 ? 1 : versionBits === 0b10 ? 2 : 2.5;
  const bitrates = version === 1 ? MP3_BITRATES_KBPS.mpeg1 : MP3_BITRATES_KBPS.mpeg2;
  return {
    version,
    bitrate: (bitrates[bitrateIndex] ?? 0) * 1000,
    sampleRate: MP3_SAMPLE_RATES[version][sampleRateIndex] ?? 44_100,
    samplesPerFrame: version === 1 ? 1152 : 576,
    mono: fourth >> 6 === 0b11,
  };
}

interface Box {
  type: string;
  /** Where the box's content starts. */
  payload: number;
  /** Where the box ends; may lie past the bytes at hand. */
  end: number;
}

/** Walks the boxes between `start` and `end`, stopping at one that is cut off or malformed. */
function* boxes(bytes: Uint8Array, start: number, end: number): Generator<Box> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      size = view.getUint32(offset + 8) * 2 ** 32 + view.getUint32(offset + 12);
      header = 16;
    } else if (size === 0) {
      // "Extends to the end of the file": only the last box may say so, and its end is not in the head.
      size = Number.POSITIVE_INFINITY;
    }
    if (size < header) return;
    const type = ascii(bytes, offset + 4, 4);
    yield { type, payload: offset + header, end: offset + size };
    offset += size;
  }
}

function startsWith(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  return expected.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(seconds < 10 ? 2 : 1).replace(/\.?0+$/, '')} s`;
}
