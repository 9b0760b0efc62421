// zod/mini: functional checks tree-shake, so a host that bundles zod pays for what these schemas use and nothing
// else (the classic API pulls in all of zod).
import * as z from 'zod/mini';

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

const mediaUrl = (what: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${what} must be an absolute http(s) URL; upload local files first`,
  });

const mediaUrlList = (what: string, max: number) =>
  z
    .array(mediaUrl(`each of ${what}`), { error: `${what} must be a list of URLs` })
    .check(z.maxLength(max, { error: `${what} takes at most ${max} URLs` }));

/**
 * The input of `seedance-2.0-fast`, with every rule of the upstream contract: the enums, the duration set, the seed
 * range, frames mode (first/last frame) versus reference mode, reference counts, and "audio needs an image or a
 * video". Unknown fields are refused so a typo never silently changes what is generated. Parsing fills the defaults.
 */
export const generationInputSchema = z
  .strictObject(
    {
      prompt: z
        .string({ error: 'prompt is required: describe the video to generate' })
        .check(z.trim(), z.minLength(1, { error: 'prompt is required: describe the video to generate' })),
      aspect_ratio: z._default(
        z.enum(ASPECT_RATIOS, { error: `aspect_ratio must be one of ${ASPECT_RATIOS.join(', ')}` }),
        INPUT_DEFAULTS.aspect_ratio,
      ),
      duration: z._default(
        z.union([...DURATIONS.map((seconds) => z.literal(seconds)), z.literal(AUTO_DURATION)], {
          error: `duration must be one of ${DURATIONS.join(', ')} seconds, or ${AUTO_DURATION} to let the model choose`,
        }),
        INPUT_DEFAULTS.duration,
      ),
      resolution: z._default(
        z.enum(RESOLUTIONS, { error: `resolution must be ${RESOLUTIONS.join(' or ')} (the Fast model has no 1080p)` }),
        INPUT_DEFAULTS.resolution,
      ),
      first_frame_url: z.optional(mediaUrl('first_frame_url')),
      last_frame_url: z.optional(mediaUrl('last_frame_url')),
      reference_images: z.optional(mediaUrlList('reference_images', INPUT_LIMITS.maxReferenceImages)),
      reference_videos: z.optional(mediaUrlList('reference_videos', INPUT_LIMITS.maxReferenceVideos)),
      reference_audios: z.optional(mediaUrlList('reference_audios', INPUT_LIMITS.maxReferenceAudios)),
      generate_audio: z._default(
        z.boolean({ error: 'generate_audio must be true or false' }),
        INPUT_DEFAULTS.generate_audio,
      ),
      seed: z._default(
        z
          .int({
            error: `seed must be a whole number from ${INPUT_LIMITS.minSeed} (random) to ${INPUT_LIMITS.maxSeed}`,
          })
          .check(
            z.gte(INPUT_LIMITS.minSeed, { error: `seed must be at least ${INPUT_LIMITS.minSeed} (-1 means random)` }),
            z.lte(INPUT_LIMITS.maxSeed, { error: `seed must be at most ${INPUT_LIMITS.maxSeed}` }),
          ),
        INPUT_DEFAULTS.seed,
      ),
      return_last_frame: z._default(
        z.boolean({ error: 'return_last_frame must be true or false' }),
        INPUT_DEFAULTS.return_last_frame,
      ),
    },
    {
      // zod/mini carries no locale, so the one message zod would write itself is written here.
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}: the model takes prompt, aspect_ratio, duration, resolution, first_frame_url, last_frame_url, reference_images, reference_videos, reference_audios, generate_audio, seed and return_last_frame`
          : issue.input === undefined
            ? 'the input must be an object with at least a prompt'
            : undefined,
    },
  )
  .check(
    z.superRefine((input, context) => {
      const images = input.reference_images?.length ?? 0;
      const videos = input.reference_videos?.length ?? 0;
      const audios = input.reference_audios?.length ?? 0;
      if (input.last_frame_url !== undefined && input.first_frame_url === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['last_frame_url'],
          message: 'last_frame_url needs a first_frame_url: set the first frame too, or remove the last frame',
        });
      }
      if (input.first_frame_url !== undefined && images + videos + audios > 0) {
        const field = images > 0 ? 'reference_images' : videos > 0 ? 'reference_videos' : 'reference_audios';
        context.addIssue({
          code: 'custom',
          path: [field],
          message:
            'first/last frame mode cannot be mixed with references: remove the references, or remove the first frame',
        });
      }
      if (audios > 0 && images + videos === 0) {
        context.addIssue({
          code: 'custom',
          path: ['reference_audios'],
          message: 'reference_audios need at least one reference image or video to go with them',
        });
      }
      if (images + videos + audios > INPUT_LIMITS.maxReferenceFiles) {
        context.addIssue({
          code: 'custom',
          path: ['reference_images'],
          message: `at most ${INPUT_LIMITS.maxReferenceFiles} reference files in all (images, videos and audios together); this has ${images + videos + audios}`,
        });
      }
    }),
  );

/** What a caller writes: only `prompt` is required; the rest falls back to {@link INPUT_DEFAULTS}. */
export type GenerationInput = z.input<typeof generationInputSchema>;

/** A validated input with every default filled in: exactly what is sent upstream. */
export type ResolvedGenerationInput = z.output<typeof generationInputSchema>;
