/**
 * Tiny, valid-enough media files built byte by byte for tests: an MP4 whose `mvhd` says a chosen duration, and MP3
 * frames at a known bit rate. No ffmpeg, no binary fixtures in the repository.
 */

/** Options of {@link makeMp4}. */
export interface Mp4FixtureOptions {
  /** What `mvhd` says the movie lasts. */
  seconds: number;
  /** `mvhd` version: 0 (32-bit fields) or 1 (64-bit). Default 0. */
  version?: 0 | 1;
  /** Put `moov` before `mdat` ("fast start"). Default true. */
  moovFirst?: boolean;
  /** Bytes of media data in `mdat`. Default 16. */
  mediaBytes?: number;
  /** The major brand of `ftyp`: `isom` (MP4) or `qt  ` (QuickTime). Default `isom`. */
  brand?: string;
}

/** An MP4: `ftyp`, `moov` holding only `mvhd` (timescale 1000), and `mdat`. */
export function makeMp4({
  seconds,
  version = 0,
  moovFirst = true,
  mediaBytes = 16,
  brand = 'isom',
}: Mp4FixtureOptions): Uint8Array<ArrayBuffer> {
  const ftyp = box('ftyp', [...ascii(brand), 0, 0, 2, 0, ...ascii('isommp41')]);
  const moov = box('moov', movieHeader(seconds, version));
  const mdat = box('mdat', new Array<number>(mediaBytes).fill(0x55));
  return Uint8Array.from(moovFirst ? [...ftyp, ...moov, ...mdat] : [...ftyp, ...mdat, ...moov]);
}

/** The `ftyp` + `moov` + `mdat` header of an MP4 of `totalBytes` whose media data is left for the caller to send. */
export function makeMp4Head(seconds: number, totalBytes: number): Uint8Array<ArrayBuffer> {
  const head = [
    ...box('ftyp', [...ascii('isom'), 0, 0, 2, 0, ...ascii('isom')]),
    ...box('moov', movieHeader(seconds, 0)),
  ];
  const mdatSize = totalBytes - head.length;
  return Uint8Array.from([...head, ...uint32(mdatSize), ...ascii('mdat')]);
}

/** Options of {@link makeMp3}. */
export interface Mp3FixtureOptions {
  /** The file's total size in bytes. */
  bytes: number;
  /** Write a Xing header with this frame count into the first frame. */
  xingFrames?: number;
  /** Start with an ID3v2 tag of this many bytes of body. */
  id3Bytes?: number;
}

/** MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz, stereo: one second is 16 000 bytes of frames. */
export function makeMp3({ bytes, xingFrames, id3Bytes }: Mp3FixtureOptions): Uint8Array<ArrayBuffer> {
  const file = new Uint8Array(bytes);
  let offset = 0;
  if (id3Bytes !== undefined) {
    file.set([...ascii('ID3'), 4, 0, 0, ...synchsafe(id3Bytes)]);
    offset = 10 + id3Bytes;
  }
  const first = offset;
  for (; offset + 4 <= bytes; offset += MP3_FRAME_BYTES) file.set(MP3_FRAME_HEADER, offset);
  if (xingFrames !== undefined) file.set([...ascii('Xing'), 0, 0, 0, 1, ...uint32(xingFrames)], first + 4 + 32);
  return file;
}

const MP3_FRAME_HEADER = [0xff, 0xfb, 0x90, 0x00];
/** 144 × 128 000 / 44 100, rounded down, without padding. */
const MP3_FRAME_BYTES = 417;

function movieHeader(seconds: number, version: 0 | 1): number[] {
  const timescale = 1000;
  const duration = Math.round(seconds * timescale);
  const times =
    version === 0
      ? [...uint32(0), ...uint32(0), ...uint32(timescale), ...uint32(duration)]
      : [
          ...uint32(0),
          ...uint32(0),
          ...uint32(0),
          ...uint32(0),
          ...uint32(timescale),
          ...uint32(0),
          ...uint32(duration),
        ];
  // rate 1.0, volume 1.0, reserved, identity matrix, pre-defined, next track id
  const rest = [0, 1, 0, 0, 1, 0, ...new Array<number>(10).fill(0)];
  const matrix = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].flatMap(uint32);
  return box('mvhd', [version, 0, 0, 0, ...times, ...rest, ...matrix, ...new Array<number>(24).fill(0), ...uint32(2)]);
}

function box(type: string, payload: number[]): number[] {
  return [...uint32(8 + payload.length), ...ascii(type), ...payload];
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function synchsafe(value: number): number[] {
  return [(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f];
}

function ascii(text: string): number[] {
  return [...text].map((character) => character.charCodeAt(0));
}
