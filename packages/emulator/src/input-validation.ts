import {
  SEGMIND_ASPECT_RATIOS,
  SEGMIND_DURATIONS,
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

/**
 * One problem with a submit body. `enum` marks a value outside a fixed set (aspect ratio, resolution, duration), which
 * Segmind refuses at submit; every other problem is accepted there and fails the job later (SEGMIND.md).
 */
export interface InputIssue {
  /** The field at fault, or `''` for the body as a whole. */
  field: string;
  kind: 'enum' | 'other';
  /** What is wrong, naming the field. */
  message: string;
}

/** Options of {@link validateSeedanceInput}. */
export interface InputValidationOptions {
  acceptAutoDuration: boolean;
  /** The largest seed accepted. */
  maxSeed: number;
}

/**
 * Every problem found, and the input with Segmind's defaults filled in wherever a field was bad, so that a job Segmind
 * would accept and later fail can still be created. `input` is `undefined` only when the body is not a JSON object.
 */
export type InputValidationResult =
  | { ok: true; input: SeedanceJobInput; issues: [] }
  | { ok: false; input: SeedanceJobInput | undefined; issues: InputIssue[] };

/**
 * Checks a parsed JSON submit body against the documented contract. Unknown fields are ignored, as an HTTP API with
 * model-specific parameters usually does (an assumption: SEGMIND.md does not say). `null` counts as a wrong type,
 * not as absent, so a client that sends `null` for unset fields is caught here rather than upstream.
 */
export function validateSeedanceInput(body: unknown, options: InputValidationOptions): InputValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      input: undefined,
      issues: [{ field: '', kind: 'other', message: 'the request body must be a JSON object of model parameters' }],
    };
  }
  const fields = body as Record<string, unknown>;
  const issues: InputIssue[] = [];
  const other = (field: string, message: string) => issues.push({ field, kind: 'other', message });

  const prompt = fields.prompt;
  if (prompt === undefined) other('prompt', 'prompt is required');
  else if (typeof prompt !== 'string') other('prompt', 'prompt must be a string');
  else if (prompt.trim() === '') other('prompt', 'prompt must not be empty');

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
    other(
      'first_frame_url',
      'first_frame_url and reference_images cannot be used together (frames mode or reference mode)',
    );
  }
  if (fields.last_frame_url !== undefined && fields.first_frame_url === undefined) {
    other('last_frame_url', 'last_frame_url requires first_frame_url');
  }
  const referenceCount = referenceImages.length + referenceVideos.length + referenceAudios.length;
  if (referenceCount > SEGMIND_REFERENCE_LIMITS.total) {
    other(
      'reference_images',
      `at most ${SEGMIND_REFERENCE_LIMITS.total} reference files in all, got ${referenceCount}`,
    );
  }
  if (referenceAudios.length > 0 && referenceImages.length + referenceVideos.length === 0) {
    other('reference_audios', 'reference_audios needs at least one reference image or reference video');
  }

  const generateAudio = readBoolean(fields, 'generate_audio', issues);
  const returnLastFrame = readBoolean(fields, 'return_last_frame', issues);
  const seed = readSeed(fields, options.maxSeed, issues);

  const input: SeedanceJobInput = {
    prompt: typeof prompt === 'string' ? prompt : '',
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
  };
  return issues.length > 0 ? { ok: false, input, issues } : { ok: true, input, issues: [] };
}

function readEnum<Value extends string>(
  fields: Record<string, unknown>,
  name: string,
  allowed: readonly Value[],
  issues: InputIssue[],
): Value | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as Value;
  issues.push({
    field: name,
    kind: 'enum',
    message: `${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`,
  });
  return undefined;
}

function readDuration(fields: Record<string, unknown>, acceptAuto: boolean, issues: InputIssue[]): number {
  const value = fields.duration;
  if (value === undefined) return 5;
  const allowed: readonly number[] = acceptAuto ? [...SEGMIND_DURATIONS, -1] : SEGMIND_DURATIONS;
  if (typeof value === 'number' && allowed.includes(value)) return value;
  issues.push({
    field: 'duration',
    kind: 'enum',
    message: `duration must be one of ${allowed.join(', ')} (seconds), got ${describe(value)}`,
  });
  return 5;
}

function readUrl(fields: Record<string, unknown>, name: string, issues: InputIssue[]): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (isHttpUrl(value)) return value;
  issues.push({ field: name, kind: 'other', message: `${name} must be an http(s) URL, got ${describe(value)}` });
  return undefined;
}

function readUrlList(fields: Record<string, unknown>, name: string, limit: number, issues: InputIssue[]): string[] {
  const other = (message: string) => issues.push({ field: name, kind: 'other', message });
  const value = fields[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    other(`${name} must be an array of http(s) URLs, got ${describe(value)}`);
    return [];
  }
  if (value.length > limit) other(`${name} allows at most ${limit} URLs, got ${value.length}`);
  value.forEach((item, index) => {
    if (!isHttpUrl(item)) other(`${name}[${index}] must be an http(s) URL, got ${describe(item)}`);
  });
  return value.filter(isHttpUrl);
}

function readBoolean(fields: Record<string, unknown>, name: string, issues: InputIssue[]): boolean {
  const value = fields[name];
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  issues.push({ field: name, kind: 'other', message: `${name} must be a boolean, got ${describe(value)}` });
  return false;
}

function readSeed(fields: Record<string, unknown>, maxSeed: number, issues: InputIssue[]): number {
  const value = fields.seed;
  if (value === undefined) return -1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -1 && value <= maxSeed) return value;
  issues.push({
    field: 'seed',
    kind: 'other',
    message: `seed must be an integer from -1 to ${maxSeed}, got ${describe(value)}`,
  });
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
