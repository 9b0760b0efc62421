/** The Segmind model slug the emulator serves, as it appears in `/v2/<model>` and `/v1/<model>`. */
export const SEGMIND_MODEL = 'seedance-2.0-fast';

/** The aspect ratios `seedance-2.0-fast` accepts (SEGMIND.md's parameter table). */
export const SEGMIND_ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', 'adaptive'] as const;

/** The fixed durations in seconds `seedance-2.0-fast` accepts; `-1` (auto) is an option of the emulator. */
export const SEGMIND_DURATIONS = [4, 5, 6, 8, 10, 12, 15] as const;

/** The resolutions `seedance-2.0-fast` accepts; there is no 1080p on Fast. */
export const SEGMIND_RESOLUTIONS = ['480p', '720p'] as const;

/** The largest seed Segmind accepts; `-1` asks for a random one. */
export const SEGMIND_MAX_SEED = 2_147_483_647;

/** Reference limits per kind and in all (SEGMIND.md; the total of 12 is inferred there). */
export const SEGMIND_REFERENCE_LIMITS = { images: 9, videos: 3, audios: 3, total: 12 } as const;

/** The job statuses Segmind reports. */
export const SEGMIND_JOB_STATUSES = ['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;

/** The header Segmind sends on a 429 to say when the limit resets; it sends no `Retry-After`. */
export const RATE_LIMIT_RESET_HEADER = 'x-rate-limit-reset-at-utc';

/** One of {@link SEGMIND_ASPECT_RATIOS}. */
export type SegmindAspectRatio = (typeof SEGMIND_ASPECT_RATIOS)[number];

/** One of {@link SEGMIND_RESOLUTIONS}. */
export type SegmindResolution = (typeof SEGMIND_RESOLUTIONS)[number];

/** One of {@link SEGMIND_JOB_STATUSES}. */
export type SegmindJobStatus = (typeof SEGMIND_JOB_STATUSES)[number];
