import {
  type AspectRatio,
  AUTO_DURATION,
  DURATIONS,
  type GenerationInput,
  INPUT_DEFAULTS,
  INPUT_LIMITS,
  type Resolution,
} from '../generation-input';

/** Frames per second of every Seedance output (and of the billing formula). */
export const OUTPUT_FRAMES_PER_SECOND = 24;

/** Segmind's price per one million video tokens, in US dollars. */
export const USD_PER_MILLION_TOKENS = 2.8;

/**
 * The average wall-clock time of one generation reported for Seedance 2.0 Fast on Segmind, in seconds. Taken here
 * as the time of the default request (5 s, 720p, 16:9, no audio), from which other requests are scaled.
 */
export const AVERAGE_GENERATION_SECONDS = { low: 87, high: 117 } as const;

/** A low-high range. */
export interface EstimateRange {
  /** The lower bound. */
  low: number;
  /** The upper bound (equal to `low` when the input fixes the value). */
  high: number;
}

/** What {@link estimateGeneration} expects a request to cost and take. Estimates, never quotes. */
export interface GenerationEstimate {
  /** Always `true`: say "estimate" wherever these numbers are shown. */
  isEstimate: true;
  /** Wall-clock seconds from submit to a finished video, queueing excluded. */
  seconds: EstimateRange;
  /** Price in US dollars, from the billing formula. */
  costUsd: EstimateRange;
  /** Billed tokens: `(input video s + output s) × width × height × fps / 1024`. */
  tokens: EstimateRange;
  /** Output seconds: a range when the duration is auto. */
  outputSeconds: EstimateRange;
  /** The output frame size the estimate assumes. */
  width: number;
  /** The output frame size the estimate assumes. */
  height: number;
}

/** Options of {@link estimateGeneration}. */
export interface EstimateGenerationOptions {
  /** Total length of the reference videos, when known. Otherwise their allowed range is assumed (2-15 s each, 15 s in all). */
  referenceVideoSeconds?: number;
}

const SHORT_SIDE: Record<Resolution, number> = { '480p': 480, '720p': 720 };

// The part of the run time that does not grow with the work (model load, upload of the result). With it the time
// grows more slowly than the token count, as observed for video models: twice the pixels is not twice the wait.
const FIXED_SHARE = 0.35;
// Native audio adds a second generation pass; a modest, assumed overhead.
const AUDIO_FACTOR = 1.15;

/**
 * Estimates the time and the price of one generation, as ranges.
 *
 * - **Cost** follows Segmind's billing formula: `(input video seconds + output seconds) × W × H × 24 / 1024` tokens
 *   at $2.80 per million, with W × H from {@link outputSize}. Auto duration gives the 4-15 s range.
 * - **Time** scales the reported average of 87-117 s (taken as the default 5 s 720p request) by the token count,
 *   with 35% of the time fixed and the rest proportional to the tokens, and 15% more with native audio. Queueing
 *   is not included. This is a rough model: show it as an estimate.
 *
 * @example
 * estimateGeneration({ prompt: 'A paper boat', duration: 5, resolution: '720p' });
 * // { seconds: { low: 87, high: 117 }, costUsd: { low: 0.3024, high: 0.3024 }, ... }
 */
export function estimateGeneration(
  input: Partial<GenerationInput>,
  options: EstimateGenerationOptions = {},
): GenerationEstimate {
  const resolution = input.resolution ?? INPUT_DEFAULTS.resolution;
  const aspectRatio = input.aspect_ratio ?? INPUT_DEFAULTS.aspect_ratio;
  const duration = input.duration ?? INPUT_DEFAULTS.duration;
  const { width, height } = outputSize(resolution, aspectRatio);
  const outputSeconds: EstimateRange =
    duration === AUTO_DURATION
      ? { low: DURATIONS[0], high: DURATIONS[DURATIONS.length - 1]! }
      : { low: duration, high: duration };
  const referenceVideos = input.reference_videos?.length ?? 0;
  const inputSeconds: EstimateRange =
    options.referenceVideoSeconds !== undefined
      ? { low: options.referenceVideoSeconds, high: options.referenceVideoSeconds }
      : referenceVideos === 0
        ? { low: 0, high: 0 }
        : {
            low: referenceVideos * INPUT_LIMITS.minVideoSeconds,
            high: INPUT_LIMITS.maxVideoSeconds,
          };
  const tokensFor = (seconds: number) => (seconds * width * height * OUTPUT_FRAMES_PER_SECOND) / 1024;
  const tokens = {
    low: tokensFor(inputSeconds.low + outputSeconds.low),
    high: tokensFor(inputSeconds.high + outputSeconds.high),
  };
  const baseline = outputSize(INPUT_DEFAULTS.resolution, INPUT_DEFAULTS.aspect_ratio);
  const baselineTokens = (INPUT_DEFAULTS.duration * baseline.width * baseline.height * OUTPUT_FRAMES_PER_SECOND) / 1024;
  const audio = input.generate_audio === true ? AUDIO_FACTOR : 1;
  const scale = (value: number) => (FIXED_SHARE + (1 - FIXED_SHARE) * (value / baselineTokens)) * audio;
  return {
    isEstimate: true,
    seconds: {
      low: Math.round(AVERAGE_GENERATION_SECONDS.low * scale(tokens.low)),
      high: Math.round(AVERAGE_GENERATION_SECONDS.high * scale(tokens.high)),
    },
    costUsd: { low: toUsd(tokens.low), high: toUsd(tokens.high) },
    tokens: { low: Math.round(tokens.low), high: Math.round(tokens.high) },
    outputSeconds,
    width,
    height,
  };
}

/**
 * The output frame size for a resolution and an aspect ratio: the short side is the resolution's lines (720 or
 * 480), the long side follows the ratio, rounded to an even number of pixels (720p 16:9 → 1280 × 720, 480p 16:9 →
 * 854 × 480, 720p 1:1 → 720 × 720). `adaptive` follows the inputs, so it is counted as 16:9.
 */
export function outputSize(resolution: Resolution, aspectRatio: AspectRatio): { width: number; height: number } {
  const short = SHORT_SIDE[resolution];
  const [across, down] = (aspectRatio === 'adaptive' ? '16:9' : aspectRatio).split(':').map(Number) as [number, number];
  const long = Math.round((short * Math.max(across, down)) / Math.min(across, down) / 2) * 2;
  return across >= down ? { width: long, height: short } : { width: short, height: long };
}

function toUsd(tokens: number): number {
  return Math.round(((tokens * USD_PER_MILLION_TOKENS) / 1_000_000) * 10_000) / 10_000;
}
