import * as z from 'zod/mini';
import { SEEDANCE_ERROR_CODES } from './error-codes';
import { ASPECT_RATIOS, AUTO_DURATION, DURATIONS, RESOLUTIONS } from './generation-input';
import { JOB_STATUSES, PROTOCOL_VERSION, UPLOAD_KINDS } from './protocol-constants';

/** The error object of every non-2xx response. */
export const errorBodySchema = z.object({
  code: z.enum(SEEDANCE_ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
  issues: z.optional(z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))),
});

/** Every non-2xx response: `{ "error": { code, message, retryable, retryAfterMs?, issues? } }`. */
export const errorResponseSchema = z.object({ error: errorBodySchema });

/** What the job remembers of its input: enough for a UI to lay out and estimate, nothing private. */
export const jobInputSummarySchema = z.object({
  aspectRatio: z.enum(ASPECT_RATIOS),
  duration: z.union([...DURATIONS.map((seconds) => z.literal(seconds)), z.literal(AUTO_DURATION)]),
  resolution: z.enum(RESOLUTIONS),
  generateAudio: z.boolean(),
  /** The start of the prompt (protocol version 2; kept by servers with job records, for history lists). */
  prompt: z.optional(z.string()),
  /** How many reference files the job cited (protocol version 2). */
  referenceCount: z.optional(z.int().check(z.nonnegative())),
});

/** The finished video. URLs point at the signer, which streams from the upstream CDN. */
export const jobResultSchema = z.object({
  /** Where to play the MP4 from (supports `Range`). */
  videoUrl: z.string(),
  /** The same video served as an attachment. */
  downloadUrl: z.string(),
  /** The last frame as an image, when `return_last_frame` was set. */
  lastFrameUrl: z.optional(z.string()),
  /** The seed that was used, to reproduce the video. */
  seed: z.optional(z.int()),
  contentType: z.string(),
  bytes: z.optional(z.int().check(z.nonnegative())),
});

/** Timings and cost reported by the upstream. */
export const jobMetricsSchema = z.object({
  inferenceTimeMs: z.optional(z.number().check(z.nonnegative())),
  queueTimeMs: z.optional(z.number().check(z.nonnegative())),
  totalTimeMs: z.optional(z.number().check(z.nonnegative())),
  costUsd: z.optional(z.number().check(z.nonnegative())),
});

/** A generation job as the signer reports it. `id` is an opaque signed token: never parse it. */
export const jobSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.enum(JOB_STATUSES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** When to ask again, in milliseconds; absent once the status is terminal. */
  pollAfterMs: z.optional(z.int().check(z.nonnegative())),
  input: jobInputSummarySchema,
  result: z.optional(jobResultSchema),
  error: z.optional(errorBodySchema),
  metrics: z.optional(jobMetricsSchema),
  /** On a `canceled` job: whether the upstream work was stopped too (Segmind cannot cancel, so `false` there). */
  remoteCancel: z.optional(z.boolean()),
});

/** The body of `202 POST /generations` and `200 GET /generations/:id`. */
export const jobResponseSchema = z.object({ job: jobSchema });

/** A file stored upstream by `POST /uploads`, ready to be cited in `reference_images`, `first_frame_url` and so on. */
export const uploadedAssetSchema = z.object({
  /** The absolute http(s) URL the model reads the file from. Needs no key; treat it as unguessable but public. */
  url: z.string().check(z.regex(/^https?:\/\//i)),
  kind: z.enum(UPLOAD_KINDS),
  /** The file's MIME type as checked by the signer (`audio/mp3` is reported as `audio/mpeg`). */
  contentType: z.string(),
  /** The file's size in bytes. */
  bytes: z.int().check(z.nonnegative()),
  /** The length of a video or MP3, when the signer could read it from the file's first bytes. */
  durationSeconds: z.optional(z.number().check(z.nonnegative())),
});

/** The body of `201 POST /uploads`. */
export const uploadResponseSchema = z.object({ asset: uploadedAssetSchema });

/** What `GET /config` tells the UI to respect: the deployment's policy, a subset of what the model accepts. */
export const signerConfigSchema = z.object({
  protocolVersion: z.union([z.literal(1), z.literal(PROTOCOL_VERSION)]),
  /** What the server offers beyond version 1 (protocol version 2): the event stream and the history list. */
  features: z.optional(z.object({ events: z.boolean(), history: z.boolean() })),
  aspectRatios: z.array(z.enum(ASPECT_RATIOS)),
  durations: z.array(z.union([...DURATIONS.map((seconds) => z.literal(seconds)), z.literal(AUTO_DURATION)])),
  resolutions: z.array(z.enum(RESOLUTIONS)),
  /** Whether native audio (`generate_audio`) may be turned on. */
  generateAudio: z.boolean(),
  /** Most reference files of each kind in one generation. */
  maxReferences: z.object({ images: z.int(), videos: z.int(), audios: z.int() }),
  /** Largest upload of each kind, in bytes. */
  maxUploadBytes: z.object({ image: z.int(), video: z.int(), audio: z.int() }),
  /** The caller's upload limits; a limit the site turned off is absent. Absent on servers older than this field. */
  uploadLimits: z.optional(
    z.object({
      /** Uploads per minute. */
      perMinute: z.optional(z.int()),
      /** Bytes per UTC day. */
      bytesPerDay: z.optional(z.int()),
      /** Uploads streaming at once. */
      concurrent: z.optional(z.int()),
    }),
  ),
});

/** The body of `GET /generations` (protocol version 2): the caller's jobs, newest first. */
export const jobListResponseSchema = z.object({
  jobs: z.array(jobSchema),
  /** Pass as `cursor` to read the next page; `null` on the last. */
  nextCursor: z.nullable(z.string()),
});

/**
 * The body of `200 DELETE /generations/:id` (protocol version 2): `{ deleted: true }` when a finished job was
 * forgotten (gone from the history, its stored files deleted), or `{ job }` when an unfinished one was canceled.
 */
export const deleteGenerationResponseSchema = z.union([z.object({ deleted: z.literal(true) }), jobResponseSchema]);

/** A generation job. */
export type GenerationJob = z.infer<typeof jobSchema>;
/** What a job remembers of its input. */
export type JobInputSummary = z.infer<typeof jobInputSummarySchema>;
/** A finished job's video. */
export type JobResult = z.infer<typeof jobResultSchema>;
/** Upstream timings and cost. */
export type JobMetrics = z.infer<typeof jobMetricsSchema>;
/** The policy served by `GET /config`. */
export type SignerConfig = z.infer<typeof signerConfigSchema>;
/** A page of the caller's history. */
export type JobList = z.infer<typeof jobListResponseSchema>;
/** A file stored by `POST /uploads`. */
export type UploadedAsset = z.infer<typeof uploadedAssetSchema>;
