import type { SegmindAspectRatio, SegmindResolution } from './constants';
import type { SeedanceJobInput } from './input-validation';

/** Segmind's price per million tokens for `seedance-2.0-fast` (SEGMIND.md, confirmed). */
export const SEGMIND_USD_PER_MILLION_TOKENS = 2.8;

/** The output frame rate Seedance renders at, which the token formula multiplies by. */
export const SEEDANCE_FPS = 24;

/**
 * Output sizes per resolution and aspect ratio, from ByteDance's Seedance tables (an assumption for 2.0 Fast on
 * Segmind). `adaptive` follows the input image upstream; the emulator bills it as 16:9.
 */
const OUTPUT_SIZES: Record<SegmindResolution, Record<Exclude<SegmindAspectRatio, 'adaptive'>, [number, number]>> = {
  '480p': {
    '16:9': [864, 496],
    '9:16': [496, 864],
    '1:1': [640, 640],
    '4:3': [752, 560],
    '3:4': [560, 752],
    '21:9': [992, 432],
  },
  '720p': {
    '16:9': [1280, 720],
    '9:16': [720, 1280],
    '1:1': [960, 960],
    '4:3': [1112, 834],
    '3:4': [834, 1112],
    '21:9': [1470, 630],
  },
};

/** Seconds billed for an auto (`-1`) duration: the emulator cannot know what the model would pick. */
const AUTO_DURATION_SECONDS = 5;

/** Seconds billed per reference video: the emulator never downloads references, so it cannot measure them. */
const REFERENCE_VIDEO_SECONDS = 5;

/**
 * The USD cost of one job by SEGMIND.md's formula: `(input video s + output s) x W x H x fps / 1024` tokens at
 * $2.80 per million, rounded to 6 decimals.
 */
export function estimateJobCost(input: SeedanceJobInput): number {
  const ratio = input.aspectRatio === 'adaptive' ? '16:9' : input.aspectRatio;
  const [width, height] = OUTPUT_SIZES[input.resolution][ratio];
  const outputSeconds = input.duration === -1 ? AUTO_DURATION_SECONDS : input.duration;
  const inputSeconds = input.referenceVideos.length * REFERENCE_VIDEO_SECONDS;
  const tokens = ((inputSeconds + outputSeconds) * width * height * SEEDANCE_FPS) / 1024;
  return roundUsd((tokens / 1_000_000) * SEGMIND_USD_PER_MILLION_TOKENS);
}

/** Rounds a USD amount to 6 decimals, enough for per-job costs without float noise in JSON. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 1_000_000) / 1_000_000;
}
