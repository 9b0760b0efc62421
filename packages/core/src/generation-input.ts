// The rules of the model input as plain values. The zod schema that enforces them is in generation-input-schema.ts,
// a module of its own so a bundle can load it only when an input is validated.
import type * as z from 'zod/mini';
import type { generationInputSchema } from './generation-input-schema';

/** Aspect ratios Seedance 2.0 Fast accepts. `adaptive` lets the model follow the first frame or references. */
export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', 'adaptive'] as const;

/** Output durations in seconds. {@link AUTO_DURATION} (-1) asks the model to choose. */
export const DURATIONS = [4, 5, 6, 8, 10, 12, 15] as const;

/** The `duration` value that lets the model choose the length (unconfirmed on Segmind; hosts may refuse it). */
export const AUTO_DURATION = -1;

/** Output resolutions of the Fast model (no 1080p). */
export const RESOLUTIONS = ['480p', '720p'] as const;

/** An aspect ratio the model accepts. */
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
/** A duration in seconds, or -1 for auto. */
export type Duration = (typeof DURATIONS)[number] | typeof AUTO_DURATION;
/** An output resolution. */
export type Resolution = (typeof RESOLUTIONS)[number];

/** Every numeric rule of the model input, in one place so UIs can show the same limits the schema enforces. */
export const INPUT_LIMITS = {
  /** Most reference images in one request. */
  maxReferenceImages: 9,
  /** Most reference videos in one request. */
  maxReferenceVideos: 3,
  /** Most reference MP3s in one request. */
  maxReferenceAudios: 3,
  /** Most reference files of all kinds together. */
  maxReferenceFiles: 12,
  /** Smallest seed; -1 means random. */
  minSeed: -1,
  /** Largest seed (a signed 32-bit integer). */
  maxSeed: 2_147_483_647,
  /** Largest reference image, in bytes (30 MB). */
  maxImageBytes: 30 * 1024 * 1024,
  /** Largest reference video, in bytes (50 MB). */
  maxVideoBytes: 50 * 1024 * 1024,
  /** Largest reference MP3, in bytes (15 MB). */
  maxAudioBytes: 15 * 1024 * 1024,
  /** Shortest reference video, in seconds. */
  minVideoSeconds: 2,
  /** Longest reference video, in seconds; the upstream also caps all reference videos together at this. */
  maxVideoSeconds: 15,
  /** Longest reference MP3, in seconds. */
  maxAudioSeconds: 15,
} as const;

/** The defaults the model applies, made explicit so the server and the UI agree on what will be generated. */
export const INPUT_DEFAULTS = {
  aspect_ratio: '16:9',
  duration: 5,
  resolution: '720p',
  generate_audio: false,
  seed: -1,
  return_last_frame: false,
} as const;

/** What a caller writes: only `prompt` is required; the rest falls back to {@link INPUT_DEFAULTS}. */
export type GenerationInput = z.input<typeof generationInputSchema>;

/** A validated input with every default filled in: exactly what is sent upstream. */
export type ResolvedGenerationInput = z.output<typeof generationInputSchema>;
