import { SeedanceError, type SignerConfig } from '@seedance-kit/core';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@seedance-kit/core/protocol';
import type { Authorize, SeedanceUser } from './authorize';
import type { HandlerContext } from './context';
import { attachErrorReporter } from './error-reporter';
import { createDelivery } from './follower/delivery';
import { createFollower, type FollowDueResult } from './follower/follower';
import { createFollowSchedule } from './follower/schedule';
import { createUpstreamBudget } from './follower/upstream-budget';
import { closingConnection, errorResponse, isBodyAbandoned, jsonResponse, markBuiltInMemory } from './http';
import { createJobRecords } from './jobs/job-records';
import { resolveOptions, type SeedanceHandlerOptions } from './options';
import { createPoller } from './polling';
import { createGenerationRoutes } from './routes/generations';
import { createJobHistoryRoutes } from './routes/job-history';
import { createMediaRoute } from './routes/media';
import { createUploadRoute } from './routes/uploads';
import { createResultCopier } from './storage/copy-results';
import { storeKeys } from './store/keys';
import { createSegmindClient } from './upstream/segmind-client';

/** A web-standard request handler: mount it with an adapter, or call it directly on Bun, Deno or Workers. */
export type SeedanceHandler = (request: Request) => Promise<Response>;

/** What `createSeedanceHandler` returns: the request handler, which also owns the follow-up of accepted jobs. */
export interface SeedanceSigner extends SeedanceHandler {
  /**
   * Advances every job that is due now: read upstream, store the files, deliver. The cron entry of serverless
   * hosts (`follow: { scheduler: false }`); harmless to call on any host.
   */
  followDue(options?: { limit?: number }): Promise<FollowDueResult>;
  /** Stops this instance's follow-up (timers, BullMQ worker); jobs stay scheduled in the store for the others. */
  close(): Promise<void>;
}

const CORS_ALLOWED_HEADERS =
  'authorization, content-type, idempotency-key, last-event-id, x-seedance-protocol, x-seedance-upload-kind, x-seedance-filename';
const CORS_EXPOSED_HEADERS = 'content-range, content-length, accept-ranges, retry-after';

/**
 * Creates the signer: the only place the Segmind key lives. It authorizes every call, validates every body with the
 * shared schemas, applies the deployment's policy and per-user limits, submits to Segmind v2, and hands the browser
 * signed job tokens instead of upstream ids.
 *
 * @example
 * const handler = createSeedanceHandler({
 *   apiKey: process.env.SEGMIND_API_KEY!,
 *   secret: process.env.SEEDANCE_SECRET!,
 *   authorize: async (request) => (await getSession(request))?.user ?? null,
 * });
 */
export function createSeedanceHandler(options: SeedanceHandlerOptions): SeedanceSigner {
  const settings = resolveOptions(options);
  const budget =
    settings.upstreamRequestsPerMinute === undefined
      ? undefined
      : createUpstreamBudget(settings.store, settings.upstreamRequestsPerMinute, settings.now);
  const context: HandlerContext = {
    settings,
    segmind: createSegmindClient({
      apiKey: settings.apiKey,
      baseUrl: settings.upstreamBaseUrl,
      uploadBaseUrl: settings.uploadBaseUrl,
      historyBaseUrl: settings.historyBaseUrl,
      timeoutMs: settings.upstreamTimeoutMs,
      maxAttempts: settings.upstreamAttempts,
      submitTimeoutMs: settings.upstreamSubmitTimeoutMs,
      ...(settings.upstreamFetch === undefined ? {} : { fetch: settings.upstreamFetch }),
      ...(budget === undefined ? {} : { budget }),
      rateLimitGate: {
        async blockedUntil() {
          const until = await settings.store.get(storeKeys.upstreamRateLimit());
          return until === undefined ? undefined : Number(until);
        },
        async block(untilMs) {
          await settings.store.set(storeKeys.upstreamRateLimit(), String(untilMs), Math.max(1, untilMs - Date.now()));
        },
      },
    }),
  };
  const poller = createPoller(context);
  const records = createJobRecords(settings.store);
  const follower = createFollower({
    settings,
    records,
    poller,
    schedule: createFollowSchedule(settings.store, settings.expectedRunMs, settings.pollIntervalMs),
    scheduler: settings.scheduler,
    deliver: createDelivery({
      onGenerationComplete: settings.onGenerationComplete,
      webhook: settings.webhook,
      fetch: globalThis.fetch,
    }),
    copyToStorage: settings.storage ? createResultCopier(settings, settings.storage) : undefined,
    budget,
  });
  const history = createJobHistoryRoutes(context, records, follower, poller);
  const generations = createGenerationRoutes(context, poller, { records, follower, recordFor: history.recordFor });
  const media = createMediaRoute(context, poller, generations, records);
  const upload = createUploadRoute(context);
  const config: SignerConfig = {
    protocolVersion: 1,
    aspectRatios: [...settings.policy.aspectRatios],
    durations: [...settings.policy.durations],
    resolutions: [...settings.policy.resolutions],
    generateAudio: settings.policy.generateAudio,
    maxReferences: { ...settings.policy.maxReferences },
    maxUploadBytes: { ...settings.policy.maxUploadBytes },
    uploadLimits: finiteOnly({
      perMinute: settings.limits.uploadsPerMinute,
      bytesPerDay: settings.limits.uploadBytesPerDay,
      concurrent: settings.limits.concurrentUploads,
    }),
  };

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    // Who is asking comes first, whatever the route: an anonymous caller learns nothing, not even which paths exist.
    const user = await authenticate(request, settings.authorize);
    if (url.pathname !== settings.basePath && !url.pathname.startsWith(`${settings.basePath}/`)) {
      throw new SeedanceError(
        'NOT_FOUND',
        `Nothing is served at ${url.pathname}: this signer answers under its basePath, ${settings.basePath}. Mount it there, or pass the path it is mounted at as createSeedanceHandler({ basePath }).`,
      );
    }
    const match = matchRoute(request.method, url.pathname.slice(settings.basePath.length));
    if (match.kind === 'none') {
      throw new SeedanceError('NOT_FOUND', `No signer route ${request.method} ${url.pathname}. See docs/protocol.md.`);
    }
    if (match.kind === 'method') {
      return errorResponse(
        new SeedanceError('NOT_FOUND', `${url.pathname} does not answer ${request.method}; use ${match.allow}.`),
        { allow: match.allow },
        405,
      );
    }
    switch (match.kind) {
      case 'config':
        // Version 1 clients send no protocol header on reads, and check for protocolVersion 1.
        return jsonResponse(
          request.headers.get(PROTOCOL_HEADER) === String(PROTOCOL_VERSION)
            ? { ...config, protocolVersion: PROTOCOL_VERSION, features: { events: true, history: true } }
            : config,
        );
      case 'submit':
        return generations.submit(request, user);
      case 'list':
        return history.list(request, user);
      case 'job':
        return generations.get(match.token, request, user);
      case 'cancel': {
        // `?intent=cancel` (what the kit's cancel sends) never forgets: a cancel that crosses the job's completion
        // must not delete the paid video. A plain DELETE forgets a finished job and cancels an unfinished one.
        const forgotten =
          url.searchParams.get('intent') === 'cancel'
            ? undefined
            : await history.forget(await generations.claimsFor(match.token, user), match.token, request);
        return forgotten ?? generations.cancel(match.token, request, user);
      }
      case 'events':
        return history.events(await generations.claimsFor(match.token, user), match.token, request);
      case 'video':
      case 'last-frame':
        return media(match.token, match.kind, request, user);
      case 'upload':
        return upload(request, user);
    }
  }

  const seedanceHandler = attachErrorReporter(async function seedanceHandler(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    const corsOrigin = origin !== null && settings.allowedOrigins.includes(origin) ? origin : undefined;
    if (request.method === 'OPTIONS') return preflight(corsOrigin);
    let response: Response;
    try {
      response = await route(request);
    } catch (error) {
      response = failure(error, request);
    }
    // A body the signer stopped reading (one far over the cap, a refused upload) leaves its connection unusable: the
    // server is told to close it, rather than leave the client a kept-alive socket that its next request hangs on.
    if (isBodyAbandoned(request)) response = closingConnection(response);
    return corsOrigin ? withCors(response, corsOrigin) : response;
  }, settings.onError);

  return Object.assign(seedanceHandler, {
    followDue: (options?: { limit?: number }) => follower.followDue(options),
    close: () => follower.close(),
  });

  function failure(error: unknown, request: Request): Response {
    if (SeedanceError.isInstance(error)) {
      if (
        error.code === 'MISCONFIGURED' ||
        error.code === 'INTERNAL' ||
        error.code === 'UNAVAILABLE' ||
        error.code.startsWith('UPSTREAM_')
      ) {
        settings.onError(error, request);
      }
      return errorResponse(error);
    }
    if (request.signal.aborted) return new Response(null, { status: 499 });
    settings.onError(error, request);
    return errorResponse(
      new SeedanceError(
        'INTERNAL',
        'Something went wrong on the server. Try again; if it persists, tell the site owner.',
      ),
    );
  }
}

type Route =
  | { kind: 'config' }
  | { kind: 'submit' }
  | { kind: 'list' }
  | { kind: 'upload' }
  | { kind: 'job' | 'cancel' | 'video' | 'last-frame' | 'events'; token: string }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

function matchRoute(method: string, path: string): Route {
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/config') return read ? { kind: 'config' } : { kind: 'method', allow: 'GET' };
  if (path === '/generations') {
    if (method === 'POST') return { kind: 'submit' };
    return read ? { kind: 'list' } : { kind: 'method', allow: 'GET, POST' };
  }
  if (path === '/uploads') return method === 'POST' ? { kind: 'upload' } : { kind: 'method', allow: 'POST' };
  const match = /^\/generations\/([^/]+)(\/video|\/last-frame|\/events)?$/.exec(path);
  if (!match) return { kind: 'none' };
  let token: string;
  try {
    token = decodeURIComponent(match[1] ?? '');
  } catch {
    return { kind: 'none' };
  }
  if (match[2] === undefined) {
    if (read) return { kind: 'job', token };
    if (method === 'DELETE') return { kind: 'cancel', token };
    return { kind: 'method', allow: 'GET, DELETE' };
  }
  if (!read) return { kind: 'method', allow: 'GET' };
  if (match[2] === '/events') return { kind: 'events', token };
  return { kind: match[2] === '/video' ? 'video' : 'last-frame', token };
}

async function authenticate(request: Request, authorize: Authorize): Promise<SeedanceUser> {
  const user = await authorize(request);
  if (!user) throw new SeedanceError('UNAUTHENTICATED', 'Sign in to generate videos.');
  if (typeof user.id !== 'string' || user.id === '') {
    throw new SeedanceError('MISCONFIGURED', 'authorize() returned a user without a string id.');
  }
  return user;
}

/** JSON has no Infinity: a limit turned off is left out. */
function finiteOnly(limits: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => Number.isFinite(value)));
}

function preflight(origin: string | undefined): Response {
  if (!origin) return new Response(null, { status: 204 });
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  });
}

function withCors(response: Response, origin: string): Response {
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', origin);
  headers.set('access-control-allow-credentials', 'true');
  headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  headers.append('vary', 'Origin');
  return markBuiltInMemory(
    new Response(response.body, { status: response.status, statusText: response.statusText, headers }),
    response,
  );
}
