import {
  ASPECT_RATIOS,
  AUTO_DURATION,
  DEFAULT_BASE_PATH,
  DURATIONS,
  type GenerationJob,
  IDEMPOTENCY_KEY_HEADER,
  type JobMetrics,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  RESOLUTIONS,
  type ResolvedGenerationInput,
  SeedanceError,
  type SignerConfig,
  submitGenerationRequestSchema,
  validationError,
} from '@seedance-kit/core';
import type { Authorize, SeedanceUser } from './authorize';
import { errorResponse, jsonResponse, readBodyText } from './http';
import { type JobTokenClaims, signJobToken, verifyJobToken } from './job-token';
import {
  createSegmindClient,
  SEGMIND_API_URL,
  type SegmindMetrics,
  type SegmindResult,
} from './upstream/segmind-client';

/** Where the signer sends requests: Segmind by default, or the emulator. */
export interface UpstreamOptions {
  /** Segmind's API origin, or the emulator's URL. Default `https://api.segmind.com`. */
  baseUrl?: string;
  /**
   * Hosts the video route may fetch from (no SSRF: any other host in an upstream answer is refused). Default
   * `images.segmind.com`, or the host of `baseUrl` when `baseUrl` is set (the emulator serves its own media).
   */
  mediaHosts?: string[];
  /** Per-call timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** A custom fetch for upstream calls. */
  fetch?: typeof globalThis.fetch;
}

/** Options of {@link createSeedanceHandler}. `apiKey`, `secret` and `authorize` are required. */
export interface SeedanceHandlerOptions {
  /** The Segmind API key. It is only ever sent to the upstream API host. */
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
  /** How long clients should wait between polls, in ms. Default 2000. */
  pollIntervalMs?: number;
  /** Largest JSON body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Called with every error the operator should see (misconfiguration, upstream trouble, bugs). Default `console.error`. */
  onError?: (error: unknown, request: Request) => void;
}

/** A web-standard request handler: mount it with an adapter, or call it directly on Bun, Deno or Workers. */
export type SeedanceHandler = (request: Request) => Promise<Response>;

/** Segmind keeps request records one hour after submit; after that a job can only be `expired`. */
const UPSTREAM_RECORD_LIFETIME_MS = 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,200}$/;
const MIN_SECRET_LENGTH = 32;

/**
 * Creates the signer: the only place the Segmind key lives. It authorizes every call, validates every body with the
 * shared schemas, submits to Segmind v2, and hands the browser signed job tokens instead of upstream ids.
 *
 * @example
 * const handler = createSeedanceHandler({
 *   apiKey: process.env.SEGMIND_API_KEY!,
 *   secret: process.env.SEEDANCE_SECRET!,
 *   authorize: async (request) => (await getSession(request))?.user ?? null,
 * });
 */
export function createSeedanceHandler(options: SeedanceHandlerOptions): SeedanceHandler {
  const settings = resolveOptions(options);
  const segmind = createSegmindClient({
    apiKey: settings.apiKey,
    baseUrl: settings.upstreamBaseUrl,
    ...(options.upstream?.timeoutMs === undefined ? {} : { timeoutMs: options.upstream.timeoutMs }),
    ...(options.upstream?.fetch === undefined ? {} : { fetch: options.upstream.fetch }),
  });
  const idempotency = new Map<string, { fingerprint: string; job: Promise<GenerationJob>; expiresAt: number }>();
  const results = new Map<string, SegmindResult>();

  async function submit(request: Request, user: SeedanceUser): Promise<Response> {
    if (request.headers.get(PROTOCOL_HEADER) !== String(PROTOCOL_VERSION)) {
      throw new SeedanceError(
        'VALIDATION_FAILED',
        `POST requests need the header ${PROTOCOL_HEADER}: ${PROTOCOL_VERSION} (it protects against cross-site request forgery). createSignerTransport sends it.`,
      );
    }
    const contentType = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      throw new SeedanceError(
        'UNSUPPORTED_MEDIA_TYPE',
        `POST /generations takes a JSON body: send Content-Type: application/json (got ${contentType ? `"${contentType.slice(0, 80)}"` : 'none'}).`,
      );
    }
    const idempotencyKey = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (!idempotencyKey || !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new SeedanceError(
        'VALIDATION_FAILED',
        `POST /generations needs an ${IDEMPOTENCY_KEY_HEADER} header of 8-200 letters, digits or "-_.:" (a fresh UUID per generation), so a retried request never bills twice.`,
      );
    }
    const text = await readBodyText(request, settings.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SeedanceError('VALIDATION_FAILED', 'The request body is not valid JSON. Send { "input": { ... } }.');
    }
    const parsed = submitGenerationRequestSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error, 'The generation input is not valid.');
    const input = parsed.data.input;

    const now = Date.now();
    for (const [key, entry] of idempotency) if (entry.expiresAt <= now) idempotency.delete(key);
    const scope = `${user.id}\u0000${idempotencyKey}`;
    const fingerprint = JSON.stringify(input);
    const existing = idempotency.get(scope);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new SeedanceError(
          'VALIDATION_FAILED',
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different input. Use a new key for a new generation.`,
        );
      }
      return jsonResponse({ job: await existing.job }, 202);
    }
    const job = createJob(input, user, request.signal);
    idempotency.set(scope, { fingerprint, job, expiresAt: now + IDEMPOTENCY_TTL_MS });
    // A failed submit billed nothing, so the same key may be retried.
    job.catch(() => idempotency.delete(scope));
    return jsonResponse({ job: await job }, 202);
  }

  async function createJob(
    input: ResolvedGenerationInput,
    user: SeedanceUser,
    signal: AbortSignal,
  ): Promise<GenerationJob> {
    const submission = await segmind.submit(input, signal);
    const createdAt = Date.now();
    const claims: JobTokenClaims = {
      requestId: submission.requestId,
      userId: user.id,
      createdAt,
      expiresAt: createdAt + UPSTREAM_RECORD_LIFETIME_MS,
      input: {
        aspectRatio: input.aspect_ratio,
        duration: input.duration,
        resolution: input.resolution,
        generateAudio: input.generate_audio,
      },
    };
    const id = await signJobToken(claims, settings.secrets);
    return {
      ...jobBase(id, claims, createdAt),
      status: submission.status.toUpperCase() === 'PROCESSING' ? 'running' : 'queued',
      pollAfterMs: settings.pollIntervalMs,
    };
  }

  async function claimsFor(token: string, user: SeedanceUser): Promise<JobTokenClaims> {
    const verification = await verifyJobToken(token, settings.secrets);
    if (!verification.ok) {
      throw new SeedanceError(
        'NOT_FOUND',
        verification.problem === 'bad-signature'
          ? 'No generation has this id: it was not issued by this server, or it was altered.'
          : 'This is not a generation id. Use the id returned when the generation was created.',
      );
    }
    if (verification.claims.userId !== user.id) {
      throw new SeedanceError('FORBIDDEN', 'This generation belongs to another user.');
    }
    return verification.claims;
  }

  async function getJob(token: string, user: SeedanceUser, signal: AbortSignal): Promise<Response> {
    const claims = await claimsFor(token, user);
    const base = jobBase(token, claims, Date.now());
    if (Date.now() >= claims.expiresAt) return jsonResponse({ job: expiredJob(base) });
    const state = await segmind.status(claims.requestId, signal);
    switch (state.status) {
      case 'NOT_FOUND':
        return jsonResponse({ job: expiredJob(base) });
      case 'FAILED':
        return jsonResponse({ job: failedJob(base, state.message, state.metrics) });
      case 'QUEUED':
        return jsonResponse({ job: { ...base, status: 'queued', pollAfterMs: settings.pollIntervalMs } });
      case 'PROCESSING':
      case 'UNKNOWN':
        return jsonResponse({ job: { ...base, status: 'running', pollAfterMs: settings.pollIntervalMs } });
      case 'COMPLETED': {
        const result = await resultFor(claims.requestId, signal);
        if (result.status === 'NOT_FOUND') return jsonResponse({ job: expiredJob(base) });
        if (result.status === 'FAILED') return jsonResponse({ job: failedJob(base, result.message, result.metrics) });
        const videoUrl = `${settings.basePath}/generations/${encodeURIComponent(token)}/video`;
        const job: GenerationJob = {
          ...base,
          status: 'succeeded',
          result: {
            videoUrl,
            downloadUrl: `${videoUrl}?download=1`,
            ...(result.value.lastFrameUrl
              ? { lastFrameUrl: `${settings.basePath}/generations/${encodeURIComponent(token)}/last-frame` }
              : {}),
            ...(result.value.seed === undefined ? {} : { seed: result.value.seed }),
            contentType: result.value.contentType,
            ...(result.value.bytes === undefined ? {} : { bytes: result.value.bytes }),
          },
          metrics: toJobMetrics(result.value.metrics),
        };
        return jsonResponse({ job });
      }
    }
  }

  async function resultFor(
    requestId: string,
    signal: AbortSignal,
  ): Promise<
    | { status: 'OK'; value: SegmindResult }
    | { status: 'NOT_FOUND' }
    | { status: 'FAILED'; message: string; metrics: SegmindMetrics }
  > {
    const cached = results.get(requestId);
    if (cached) return { status: 'OK', value: cached };
    const result = await segmind.result(requestId, signal);
    if ('status' in result) return result;
    // Bounded: the media routes need the CDN URL again for every Range request of the player.
    if (results.size >= 1000) results.delete(results.keys().next().value as string);
    results.set(requestId, result);
    return { status: 'OK', value: result };
  }

  async function media(
    token: string,
    which: 'video' | 'last-frame',
    user: SeedanceUser,
    request: Request,
  ): Promise<Response> {
    const claims = await claimsFor(token, user);
    const result = await resultFor(claims.requestId, request.signal);
    if (result.status !== 'OK') {
      throw new SeedanceError(
        result.status === 'NOT_FOUND' ? 'EXPIRED' : 'NOT_FOUND',
        result.status === 'NOT_FOUND'
          ? 'This video is no longer available from the video service.'
          : 'This generation failed, so it has no video.',
      );
    }
    const source = which === 'video' ? result.value.videoUrl : result.value.lastFrameUrl;
    if (!source) throw new SeedanceError('NOT_FOUND', 'This generation has no last frame: set return_last_frame.');
    const url = new URL(source);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw mediaHostError();
    if (!settings.mediaHosts.includes(url.host) && !settings.mediaHosts.includes(url.hostname)) throw mediaHostError();
    const forwarded = new Headers();
    for (const name of ['range', 'if-range', 'if-none-match', 'if-modified-since']) {
      const value = request.headers.get(name);
      if (value) forwarded.set(name, value);
    }
    let upstream: Response;
    try {
      // The CDN needs no key, and must never see it: only the headers above go out.
      upstream = await (options.upstream?.fetch ?? globalThis.fetch)(url, {
        headers: forwarded,
        signal: request.signal,
        redirect: 'error',
      });
    } catch (error) {
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video could not be fetched. Try again shortly.', {
        cause: error,
      });
    }
    if (upstream.status === 404 || upstream.status === 410) {
      throw new SeedanceError('EXPIRED', 'This video is no longer available from the video service.');
    }
    if (!upstream.ok && upstream.status !== 304 && upstream.status !== 416) {
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', `The video could not be fetched (HTTP ${upstream.status}).`);
    }
    const headers = new Headers({ 'cache-control': 'private, max-age=3600' });
    for (const name of ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified']) {
      const value = upstream.headers.get(name);
      if (value) headers.set(name, value);
    }
    if (which === 'video' && new URL(request.url).searchParams.get('download') === '1') {
      headers.set('content-disposition', `attachment; filename="seedance-${claims.createdAt}.mp4"`);
    }
    return new Response(upstream.body, { status: upstream.status, headers });
  }

  function config(): SignerConfig {
    return {
      protocolVersion: PROTOCOL_VERSION,
      aspectRatios: [...ASPECT_RATIOS],
      durations: [...DURATIONS, AUTO_DURATION],
      resolutions: [...RESOLUTIONS],
      generateAudio: true,
    };
  }

  return async function seedanceHandler(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      if (url.pathname !== settings.basePath && !url.pathname.startsWith(`${settings.basePath}/`)) {
        throw new SeedanceError('NOT_FOUND', `Nothing is served at ${url.pathname}.`);
      }
      const route = matchRoute(request.method, url.pathname.slice(settings.basePath.length));
      if (route.kind === 'none') {
        throw new SeedanceError(
          'NOT_FOUND',
          `No signer route ${request.method} ${url.pathname}. See docs/protocol.md.`,
        );
      }
      if (route.kind === 'method') {
        return errorResponse(
          new SeedanceError('NOT_FOUND', `${url.pathname} does not answer ${request.method}; use ${route.allow}.`),
          { allow: route.allow },
          405,
        );
      }
      const user = await authenticate(request, settings.authorize);
      switch (route.kind) {
        case 'config':
          return jsonResponse(config());
        case 'submit':
          return await submit(request, user);
        case 'job':
          return await getJob(route.token, user, request.signal);
        case 'video':
          return await media(route.token, 'video', user, request);
        case 'last-frame':
          return await media(route.token, 'last-frame', user, request);
      }
    } catch (error) {
      if (SeedanceError.isInstance(error)) {
        if (error.code === 'MISCONFIGURED' || error.code === 'INTERNAL' || error.code.startsWith('UPSTREAM_')) {
          settings.onError(error, request);
        }
        return errorResponse(error);
      }
      settings.onError(error, request);
      return errorResponse(
        new SeedanceError(
          'INTERNAL',
          'Something went wrong on the server. Try again; if it persists, tell the site owner.',
        ),
      );
    }
  };
}

type Route =
  | { kind: 'config' }
  | { kind: 'submit' }
  | { kind: 'job'; token: string }
  | { kind: 'video'; token: string }
  | { kind: 'last-frame'; token: string }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

function matchRoute(method: string, path: string): Route {
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/config') return read ? { kind: 'config' } : { kind: 'method', allow: 'GET' };
  if (path === '/generations') return method === 'POST' ? { kind: 'submit' } : { kind: 'method', allow: 'POST' };
  const match = /^\/generations\/([^/]+)(\/video|\/last-frame)?$/.exec(path);
  if (!match) return { kind: 'none' };
  if (!read) return { kind: 'method', allow: 'GET' };
  let token: string;
  try {
    token = decodeURIComponent(match[1] ?? '');
  } catch {
    return { kind: 'none' };
  }
  if (match[2] === '/video') return { kind: 'video', token };
  if (match[2] === '/last-frame') return { kind: 'last-frame', token };
  return { kind: 'job', token };
}

async function authenticate(request: Request, authorize: Authorize): Promise<SeedanceUser> {
  const user = await authorize(request);
  if (!user) throw new SeedanceError('UNAUTHENTICATED', 'Sign in to generate videos.');
  if (typeof user.id !== 'string' || user.id === '') {
    throw new SeedanceError('MISCONFIGURED', 'authorize() returned a user without a string id.');
  }
  return user;
}

function jobBase(id: string, claims: JobTokenClaims, updatedAt: number) {
  return {
    id,
    createdAt: new Date(claims.createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    input: claims.input,
  };
}

function expiredJob(base: ReturnType<typeof jobBase>): GenerationJob {
  return {
    ...base,
    status: 'expired',
    error: {
      code: 'EXPIRED',
      message: 'This generation is older than the video service keeps jobs (1 hour). Generate it again.',
      retryable: false,
    },
  };
}

function failedJob(base: ReturnType<typeof jobBase>, message: string, metrics: SegmindMetrics): GenerationJob {
  return {
    ...base,
    status: 'failed',
    error: { code: 'GENERATION_FAILED', message: `The video could not be generated: ${message}`, retryable: true },
    metrics: toJobMetrics(metrics),
  };
}

function toJobMetrics(metrics: SegmindMetrics): JobMetrics {
  const result: JobMetrics = {};
  if (metrics.inferenceTime !== undefined) result.inferenceTimeMs = Math.round(metrics.inferenceTime * 1000);
  if (metrics.queueTime !== undefined) result.queueTimeMs = Math.round(metrics.queueTime * 1000);
  if (metrics.totalTime !== undefined) result.totalTimeMs = Math.round(metrics.totalTime * 1000);
  if (metrics.cost !== undefined) result.costUsd = metrics.cost;
  return result;
}

function mediaHostError(): SeedanceError {
  return new SeedanceError(
    'MISCONFIGURED',
    'The video service pointed at a media host this server does not allow. The site owner must add it to upstream.mediaHosts.',
  );
}

function resolveOptions(options: SeedanceHandlerOptions) {
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
  let upstreamBaseUrl = SEGMIND_API_URL;
  if (given.upstream?.baseUrl !== undefined) {
    try {
      const parsed = new URL(given.upstream.baseUrl);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
      upstreamBaseUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
    } catch {
      problems.push(`upstream.baseUrl must be an absolute http(s) URL (got "${given.upstream.baseUrl}")`);
    }
  }
  if (problems.length > 0) {
    throw new SeedanceError('MISCONFIGURED', `createSeedanceHandler cannot start: ${problems.join('; ')}.`);
  }
  const mediaHosts =
    given.upstream?.mediaHosts ??
    (given.upstream?.baseUrl === undefined ? ['images.segmind.com'] : [new URL(upstreamBaseUrl).host]);
  return {
    apiKey: given.apiKey as string,
    secrets: secrets as string[],
    authorize: given.authorize as Authorize,
    basePath,
    upstreamBaseUrl,
    mediaHosts,
    pollIntervalMs: given.pollIntervalMs ?? 2000,
    maxBodyBytes: given.maxBodyBytes ?? 64 * 1024,
    onError:
      given.onError ??
      ((error: unknown, request: Request) => {
        console.error(`[seedance] ${request.method} ${new URL(request.url).pathname}:`, error);
      }),
  };
}
