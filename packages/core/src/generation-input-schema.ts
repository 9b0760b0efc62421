// zod/mini: functional checks tree-shake, so a host that bundles zod pays for what these schemas use and nothing
// else (the classic API pulls in all of zod).
import * as z from 'zod/mini';
import { ASPECT_RATIOS, AUTO_DURATION, DURATIONS, INPUT_DEFAULTS, INPUT_LIMITS, RESOLUTIONS } from './generation-input';

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
          ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}: the model takes ${fieldList()}`
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

/** The JSON body of `POST /generations` (signer protocol). */
export const submitGenerationRequestSchema = z.strictObject({ input: generationInputSchema });

/** The input's field names as a sentence (`prompt, aspect_ratio, … and return_last_frame`), read from the schema. */
function fieldList(): string {
  const names = Object.keys(generationInputSchema.shape);
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
