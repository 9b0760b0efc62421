import {
  SEGMIND_ASPECT_RATIOS,
  SEGMIND_DURATIONS,
  SEGMIND_MAX_SEED,
  SEGMIND_REFERENCE_LIMITS,
  SEGMIND_RESOLUTIONS,
  type SegmindAspectRatio,
  type SegmindResolution,
} from './constants';

/**
 * A submit body that passed validation, with Segmind's defaults filled in. Written from SEGMIND.md's parameter table
 * on purpose, never from `@seedance-kit/core`'s schema, so the two can disagree and tests notice.
 */
export interface SeedanceJobInput {
  prompt: string;
  aspectRatio: SegmindAspectRatio;
  /** Seconds; `-1` means auto. */
  duration: number;
  resolution: SegmindResolution;
  firstFrameUrl: string | undefined;
  lastFrameUrl: string | undefined;
  referenceImages: readonly string[];
  referenceVideos: readonly string[];
  referenceAudios: readonly string[];
  generateAudio: boolean;
  /** `-1` means random. */
  seed: number;
  returnLastFrame: boolean;
}

/** Either the accepted input or every problem found, each naming the field. */
export type InputValidationResult = { ok: true; input: SeedanceJobInput } | { ok: false; issues: string[] };

/**
 * Checks a parsed JSON submit body against the documented contract. Unknown fields are ignored, as an HTTP API with
 * model-specific parameters usually does (an assumption: SEGMIND.md does not say). `null` counts as a wrong type,
 * not as absent, so a client that sends `null` for unset fields is caught here rather than upstream.
 */
export function validateSeedanceInput(body: unknown, options: { acceptAutoDuration: boolean }): InputValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: ['the request body must be a JSON object of model parameters'] };
  }
  const fields = body as Record<string, unknown>;
  const issues: string[] = [];

  const prompt = fields.prompt;
  if (prompt === undefined) issues.push('prompt is required');
  else if (typeof prompt !== 'string') issues.push('prompt must be a string');
  else if (prompt.trim() === '') issues.push('prompt must not be empty');

  const aspectRatio = readEnum(fields, 'aspect_ratio', SEGMIND_ASPECT_RATIOS, issues) ?? '16:9';
  const resolution = readEnum(fields, 'resolution', SEGMIND_RESOLUTIONS, issues) ?? '720p';
  const duration = readDuration(fields, options.acceptAutoDuration, issues);

  const firstFrameUrl = readUrl(fields, 'first_frame_url', issues);
  const lastFrameUrl = readUrl(fields, 'last_frame_url', issues);
  const referenceImages = readUrlList(fields, 'reference_images', SEGMIND_REFERENCE_LIMITS.images, issues);
  const referenceVideos = readUrlList(fields, 'reference_videos', SEGMIND_REFERENCE_LIMITS.videos, issues);
  const referenceAudios = readUrlList(fields, 'reference_audios', SEGMIND_REFERENCE_LIMITS.audios, issues);

  if (
    fields.first_frame_url !== undefined &&
    Array.isArray(fields.reference_images) &&
    fields.reference_images.length > 0
  ) {
    issues.push('first_frame_url and reference_images cannot be used together (frames mode or reference mode)');
  }
  if (fields.last_frame_url !== undefined && fields.first_frame_url === undefined) {
    issues.push('last_frame_url requires first_frame_url');
  }
  const referenceCount = referenceImages.length + referenceVideos.length + referenceAudios.length;
  if (referenceCount > SEGMIND_REFERENCE_LIMITS.total) {
    issues.push(`at most ${SEGMIND_REFERENCE_LIMITS.total} reference files in all, got ${referenceCount}`);
  }
  if (referenceAudios.length > 0 && referenceImages.length + referenceVideos.length === 0) {
    issues.push('reference_audios needs at least one reference image or reference video');
  }

  const generateAudio = readBoolean(fields, 'generate_audio', issues);
  const returnLastFrame = readBoolean(fields, 'return_last_frame', issues);
  const seed = readSeed(fields, issues);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    input: {
      prompt: prompt as string,
      aspectRatio,
      duration,
      resolution,
      firstFrameUrl,
      lastFrameUrl,
      referenceImages,
      referenceVideos,
      referenceAudios,
      generateAudio,
      seed,
      returnLastFrame,
    },
  };
}

function readEnum<Value extends string>(
  fields: Record<string, unknown>,
  name: string,
  allowed: readonly Value[],
  issues: string[],
): Value | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as Value;
  issues.push(`${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  return undefined;
}

function readDuration(fields: Record<string, unknown>, acceptAuto: boolean, issues: string[]): number {
  const value = fields.duration;
  if (value === undefined) return 5;
  const allowed: readonly number[] = acceptAuto ? [...SEGMIND_DURATIONS, -1] : SEGMIND_DURATIONS;
  if (typeof value === 'number' && allowed.includes(value)) return value;
  issues.push(`duration must be one of ${allowed.join(', ')} (seconds), got ${describe(value)}`);
  return 5;
}

function readUrl(fields: Record<string, unknown>, name: string, issues: string[]): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (isHttpUrl(value)) return value;
  issues.push(`${name} must be an http(s) URL, got ${describe(value)}`);
  return undefined;
}

function readUrlList(fields: Record<string, unknown>, name: string, limit: number, issues: string[]): string[] {
  const value = fields[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push(`${name} must be an array of http(s) URLs, got ${describe(value)}`);
    return [];
  }
  if (value.length > limit) issues.push(`${name} allows at most ${limit} URLs, got ${value.length}`);
  value.forEach((item, index) => {
    if (!isHttpUrl(item)) issues.push(`${name}[${index}] must be an http(s) URL, got ${describe(item)}`);
  });
  return value.filter(isHttpUrl);
}

function readBoolean(fields: Record<string, unknown>, name: string, issues: string[]): boolean {
  const value = fields[name];
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  issues.push(`${name} must be a boolean, got ${describe(value)}`);
  return false;
}

function readSeed(fields: Record<string, unknown>, issues: string[]): number {
  const value = fields.seed;
  if (value === undefined) return -1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -1 && value <= SEGMIND_MAX_SEED) return value;
  issues.push(`seed must be an integer from -1 to ${SEGMIND_MAX_SEED}, got ${describe(value)}`);
  return -1;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
