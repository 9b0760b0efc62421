import {
  ASPECT_RATIOS,
  type AspectRatio,
  AUTO_DURATION,
  DEFAULT_BASE_PATH,
  DURATIONS,
  type Duration,
  type GenerationJob,
  INPUT_LIMITS,
  RESOLUTIONS,
  type Resolution,
  SeedanceError,
} from '@seedance-kit/core';
import type { Authorize, SeedanceUser } from './authorize';
import type { ReferenceUrlRules } from './reference-urls';
import { guardStore } from './store/guarded-store';
import { createMemoryStore } from './store/memory-store';
import type { Store } from './store/store';
import { SEGMIND_API_URL, SEGMIND_HISTORY_URL, SEGMIND_UPLOAD_URL } from './upstream/segmind-client';

/** Where the signer sends requests: Segmind by default, or the emulator. */
export interface UpstreamOptions {
  /** Segmind's API origin, or the emulator's URL. Default `https://api.segmind.com`. */
  baseUrl?: string;
  /** Origin of Segmind's asset upload API. Default `https://workflows-api.segmind.com`, or `baseUrl` when that is set. */
  uploadBaseUrl?: string;
  /**
   * Origin of Segmind's generation history, read when a job's 1-hour request record answers 404 so a finished job is
   * not lost (`docs/upstream.md`; the call is unconfirmed). Default `https://api.spotprod.segmind.com`, or `baseUrl`
   * when that is set; `false` turns recovery off (such a job is `expired` at once).
   */
  historyBaseUrl?: string | false;
  /**
   * Hosts the media routes may fetch from (no SSRF: any other host in an upstream answer is refused). Default
   * `images.segmind.com`, or the host of `baseUrl` when `baseUrl` is set (the emulator serves its own media).
   */
  mediaHosts?: string[];
  /** Per-call timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Attempts for status reads and for submits that got no request id back. Default 3. */
  maxAttempts?: number;
  /** A custom fetch for upstream calls. */
  fetch?: typeof globalThis.fetch;
}

/** What this deployment allows: a subset of what the model accepts. Served by `GET /config` and enforced. */
export interface SeedancePolicy {
  /** Allowed aspect ratios. Default: all. */
  aspectRatios?: readonly AspectRatio[];
  /** Allowed durations (include -1 to allow auto). Default: all. */
  durations?: readonly Duration[];
  /** Allowed resolutions. Default: both. */
  resolutions?: readonly Resolution[];
  /** Whether native audio may be generated. Default true. */
  generateAudio?: boolean;
  /** Most reference files per kind. Defaults: the model's 9 images, 3 videos, 3 audios. */
  maxReferences?: { images?: number; videos?: number; audios?: number };
  /** Largest upload per kind, in bytes. Defaults: the model's 30 MB, 50 MB, 15 MB. */
  maxUploadBytes?: { image?: number; video?: number; audio?: number };
  /**
   * The only hosts (`host` or `host:port`) reference and frame URLs may point at, besides this signer's upload host
   * and media CDN, which are always allowed. Default: any public host. Internal addresses, credentials in URLs and
   * non-default ports are refused whatever this says, except for hosts listed here.
   */
  referenceHosts?: readonly string[];
}

/** Per-user limits, kept in the store. `Infinity` turns one off. */
export interface SeedanceLimits {
  /** Generations a user may start per minute. Default 10. */
  requestsPerMinute?: number;
  /** Seconds of video a user may generate per UTC day (auto duration counts as 15). Default 600. */
  videoSecondsPerDay?: number;
  /** Generations a user may have queued or running at once. Default 2. */
  concurrentJobs?: number;
  /** Reference files a user may upload per minute. Default 20. */
  uploadsPerMinute?: number;
  /** Bytes a user may upload per UTC day (counted from `Content-Length` before the body is read). Default 1 GiB. */
  uploadBytesPerDay?: number;
  /** Uploads a user may have streaming at once. Default 3. */
  concurrentUploads?: number;
  /**
   * Lowest average rate an upload may arrive at, in bytes per second, judged after its first 10 s: a stalled or
   * trickling client is cut off instead of holding a connection to the upstream. Default 32 KiB/s.
   */
  uploadMinBytesPerSecond?: number;
  /** Longest an upload may take in all, in ms (Node's own request timeout is 300 s). Default 300 000. */
  uploadMaxMs?: number;
}

/** What `onGenerationComplete` receives. */
export interface GenerationCompleteEvent {
  /** The user who created the job. */
  user: SeedanceUser;
  /** The finished job, with its result. */
  job: GenerationJob;
  /** The upstream CDN URL of the MP4 (needs no key; Segmind keeps it about 7 days): copy it to keep it. */
  upstreamVideoUrl: string;
}

/** Options of `createSeedanceHandler`. `apiKey`, `secret` and `authorize` are required. */
export interface SeedanceHandlerOptions {
  /** The Segmind API key. It is only ever sent to the upstream API hosts. */
  apiKey: string;
  /**
   * The secret that signs job tokens, at least 32 characters. Pass an array to rotate: the first signs, every one
   * verifies, so jobs created before a rotation keep working.
   */
  secret: string | string[];
  /** Decides who is asking (see {@link Authorize}). Required: use `allowAnonymous()` to open it on purpose. */
  authorize: Authorize;
  /** Where the handler is mounted. Default `/api/seedance`. */
  basePath?: string;
  /** Where requests go upstream. */
  upstream?: UpstreamOptions;
  /** What this deployment allows. */
  policy?: SeedancePolicy;
  /** Per-user limits. */
  limits?: SeedanceLimits;
  /** Shared state. Default: in this process's memory. Use `createRedisStore` for several instances. */
  store?: Store;
  /**
   * Longest wait for one store call, in ms, before the request is answered `503 UNAVAILABLE` (retryable, with
   * `retryAfterMs`) instead of stalling. Default 1 000 for a store you pass; the built-in memory store cannot stall.
   */
  storeTimeoutMs?: number;
  /**
   * Runs once per succeeded job across every instance sharing the store, the first time any client sees it
   * finished: persist the video before Segmind's links expire. A throw is reported to `onError` and retried on a
   * later poll.
   */
  onGenerationComplete?: (event: GenerationCompleteEvent) => void | Promise<void>;
  /** Keeps background work (the completion hook) alive on serverless runtimes, e.g. `ctx.waitUntil`. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** How long clients should wait between polls, in ms. Also the coalescing window of upstream polls. Default 2000. */
  pollIntervalMs?: number;
  /** Largest JSON body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Origins allowed to call the signer cross-origin (CORS). Default none: the signer answers no preflight and sends
   * no CORS headers, so only same-origin pages can call it.
   */
  allowedOrigins?: string[];
  /** Called with every error the operator should see (misconfiguration, upstream trouble, bugs). Default `console.error`. */
  onError?: (error: unknown, request: Request) => void;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Options after defaults and checks: what the routes read. */
export interface ResolvedSettings {
  apiKey: string;
  secrets: string[];
  authorize: Authorize;
  basePath: string;
  upstreamBaseUrl: string;
  uploadBaseUrl: string;
  historyBaseUrl: string | false;
  mediaHosts: string[];
  upstreamTimeoutMs: number;
  upstreamAttempts: number;
  upstreamFetch: typeof globalThis.fetch | undefined;
  policy: Required<Omit<SeedancePolicy, 'maxReferences' | 'maxUploadBytes' | 'referenceHosts'>> & {
    maxReferences: { images: number; videos: number; audios: number };
    maxUploadBytes: { image: number; video: number; audio: number };
  };
  limits: Required<SeedanceLimits>;
  referenceUrlRules: ReferenceUrlRules;
  store: Store;
  onGenerationComplete: SeedanceHandlerOptions['onGenerationComplete'];
  waitUntil: (promise: Promise<unknown>) => void;
  pollIntervalMs: number;
  maxBodyBytes: number;
  allowedOrigins: string[];
  onError: (error: unknown, request: Request) => void;
  now: () => number;
}

const MIN_SECRET_LENGTH = 32;
const DEFAULT_STORE_TIMEOUT_MS = 1_000;

/** Applies defaults and refuses to start on anything missing or unsafe, naming every problem at once. */
export function resolveOptions(options: SeedanceHandlerOptions): ResolvedSettings {
  const problems: string[] = [];
  const given = (options ?? {}) as Partial<SeedanceHandlerOptions>;
  if (typeof given.apiKey !== 'string' || given.apiKey.trim() === '') {
    problems.push('apiKey is missing: pass your Segmind API key (e.g. process.env.SEGMIND_API_KEY)');
  }
  const secrets = typeof given.secret === 'string' ? [given.secret] : Array.isArray(given.secret) ? given.secret : [];
  if (secrets.length === 0) {
    problems.push(
      `secret is missing: pass a random string of at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`,
    );
  } else if (secrets.some((secret) => typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH)) {
    problems.push(`every secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (typeof given.authorize !== 'function') {
    problems.push('authorize is missing: pass (request) => user | null; use allowAnonymous() only for open demos');
  }
  const basePath = (given.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  if (!basePath.startsWith('/')) problems.push(`basePath must start with "/" (got "${given.basePath}")`);
  const upstreamBaseUrl = checkedOrigin(given.upstream?.baseUrl, 'upstream.baseUrl', problems) ?? SEGMIND_API_URL;
  const uploadBaseUrl =
    checkedOrigin(given.upstream?.uploadBaseUrl, 'upstream.uploadBaseUrl', problems) ??
    (given.upstream?.baseUrl === undefined ? SEGMIND_UPLOAD_URL : upstreamBaseUrl);
  const historyBaseUrl =
    given.upstream?.historyBaseUrl === false
      ? false
      : (checkedOrigin(given.upstream?.historyBaseUrl, 'upstream.historyBaseUrl', problems) ??
        (given.upstream?.baseUrl === undefined ? SEGMIND_HISTORY_URL : upstreamBaseUrl));
  const policy = resolvePolicy(given.policy ?? {}, problems);
  const limits = {
    requestsPerMinute: given.limits?.requestsPerMinute ?? 10,
    videoSecondsPerDay: given.limits?.videoSecondsPerDay ?? 600,
    concurrentJobs: given.limits?.concurrentJobs ?? 2,
    uploadsPerMinute: given.limits?.uploadsPerMinute ?? 20,
    uploadBytesPerDay: given.limits?.uploadBytesPerDay ?? 1024 * 1024 * 1024,
    concurrentUploads: given.limits?.concurrentUploads ?? 3,
    uploadMinBytesPerSecond: given.limits?.uploadMinBytesPerSecond ?? 32 * 1024,
    uploadMaxMs: given.limits?.uploadMaxMs ?? 300_000,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!(typeof value === 'number' && value > 0)) {
      problems.push(`limits.${name} must be a positive number, or Infinity to turn it off (got ${String(value)})`);
    }
  }
  for (const origin of given.allowedOrigins ?? []) {
    if (checkedOrigin(origin, 'allowedOrigins', problems) !== origin) {
      problems.push(`allowedOrigins entries must be bare origins like "https://app.example.com" (got "${origin}")`);
    }
  }
  if (given.storeTimeoutMs !== undefined && !(given.storeTimeoutMs > 0 && Number.isFinite(given.storeTimeoutMs))) {
    problems.push(`storeTimeoutMs must be a positive number of ms (got ${String(given.storeTimeoutMs)})`);
  }
  const mediaHosts =
    given.upstream?.mediaHosts ??
    (given.upstream?.baseUrl === undefined ? ['images.segmind.com'] : [new URL(upstreamBaseUrl).host]);
  const referenceHosts = given.policy?.referenceHosts;
  if (referenceHosts !== undefined && !(Array.isArray(referenceHosts) && referenceHosts.every(isHostEntry))) {
    problems.push('policy.referenceHosts must be a list of host names like "cdn.example.com" (no scheme or path)');
  }
  if (problems.length > 0) {
    throw new SeedanceError('MISCONFIGURED', `createSeedanceHandler cannot start: ${problems.join('; ')}.`);
  }
  return {
    apiKey: given.apiKey as string,
    secrets: secrets as string[],
    authorize: given.authorize as Authorize,
    basePath,
    upstreamBaseUrl,
    uploadBaseUrl,
    historyBaseUrl,
    mediaHosts,
    upstreamTimeoutMs: given.upstream?.timeoutMs ?? 30_000,
    upstreamAttempts: Math.max(1, given.upstream?.maxAttempts ?? 3),
    upstreamFetch: given.upstream?.fetch,
    policy,
    limits,
    referenceUrlRules: {
      trustedHosts: [...mediaHosts, new URL(uploadBaseUrl).host],
      allowedHosts: referenceHosts === undefined ? undefined : [...referenceHosts],
    },
    store: guardStore(
      given.store ?? createMemoryStore(given.now ? { now: given.now } : {}),
      given.store === undefined ? undefined : (given.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS),
    ),
    onGenerationComplete: given.onGenerationComplete,
    waitUntil: given.waitUntil ?? (() => {}),
    pollIntervalMs: given.pollIntervalMs ?? 2000,
    maxBodyBytes: given.maxBodyBytes ?? 64 * 1024,
    allowedOrigins: given.allowedOrigins ?? [],
    onError: neverThrowing(
      given.onError ??
        ((error: unknown, request: Request) => {
          console.error(`[seedance] ${request.method} ${new URL(request.url).pathname}:`, error);
        }),
    ),
    now: given.now ?? Date.now,
  };
}

/** `onError` runs inside catch blocks and fire-and-forget tasks: a reporter that throws must not escape from there. */
function neverThrowing(
  onError: (error: unknown, request: Request) => void,
): (error: unknown, request: Request) => void {
  return (error, request) => {
    try {
      onError(error, request);
    } catch (reporterError) {
      console.error('[seedance] onError threw while reporting', error, reporterError);
    }
  };
}

function resolvePolicy(policy: SeedancePolicy, problems: string[]): ResolvedSettings['policy'] {
  const subset = <T>(name: string, given: readonly T[] | undefined, all: readonly T[]): T[] => {
    if (given === undefined) return [...all];
    const unknown = given.filter((value) => !all.includes(value));
    if (unknown.length > 0 || given.length === 0) {
      problems.push(
        `policy.${name} must be a non-empty subset of ${all.join(', ')} (got ${given.join(', ') || 'none'})`,
      );
    }
    return [...given];
  };
  const cap = (name: string, given: number | undefined, model: number): number => {
    if (given === undefined) return model;
    if (!Number.isInteger(given) || given < 0 || given > model) {
      problems.push(`policy.${name} must be a whole number from 0 to ${model} (got ${given})`);
    }
    return given;
  };
  return {
    aspectRatios: subset('aspectRatios', policy.aspectRatios, ASPECT_RATIOS),
    durations: subset<Duration>('durations', policy.durations, [...DURATIONS, AUTO_DURATION]),
    resolutions: subset('resolutions', policy.resolutions, RESOLUTIONS),
    generateAudio: policy.generateAudio ?? true,
    maxReferences: {
      images: cap('maxReferences.images', policy.maxReferences?.images, INPUT_LIMITS.maxReferenceImages),
      videos: cap('maxReferences.videos', policy.maxReferences?.videos, INPUT_LIMITS.maxReferenceVideos),
      audios: cap('maxReferences.audios', policy.maxReferences?.audios, INPUT_LIMITS.maxReferenceAudios),
    },
    maxUploadBytes: {
      image: cap('maxUploadBytes.image', policy.maxUploadBytes?.image, INPUT_LIMITS.maxImageBytes),
      video: cap('maxUploadBytes.video', policy.maxUploadBytes?.video, INPUT_LIMITS.maxVideoBytes),
      audio: cap('maxUploadBytes.audio', policy.maxUploadBytes?.audio, INPUT_LIMITS.maxAudioBytes),
    },
  };
}

function isHostEntry(value: unknown): boolean {
  return typeof value === 'string' && /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(value);
}

function checkedOrigin(value: string | undefined, name: string, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
    return parsed.origin + parsed.pathname.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} must be an absolute http(s) URL (got "${value}")`);
    return undefined;
  }
}
