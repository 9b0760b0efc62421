import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import {
  type ApiRequest,
  handleGeneration,
  handleResult,
  handleStatus,
  handleSubmit,
  handleSync,
  handleUpload,
} from './api-routes';
import { handleCdn } from './cdn';
import { RATE_LIMIT_RESET_HEADER, SEGMIND_MAX_SEED } from './constants';
import type { EmulatorContext, EmulatorJob, EmulatorSettings, StoredAsset } from './context';
import { CONTROL_PATH_PREFIX, handleControl } from './control-api';
import { type EmulatorFault, type EmulatorFaultStatus, type EmulatorRoute, FaultQueue } from './faults';
import { htmlReply, jsonReply, MAX_BODY_BYTES, parseJson, type Reply, readBody } from './http';
import { settleBilling } from './jobs';
import { loadMediaCatalog } from './media';
import { RateLimiter } from './rate-limiter';

/** Options of {@link startSegmindEmulator}. Every one has a default; defaults are realistic but short. */
export interface SegmindEmulatorOptions {
  /** Port to listen on; default `0`, a free port (read it from `url`). */
  port?: number;
  /** Interface to listen on; default `'127.0.0.1'`. */
  host?: string;
  /**
   * When set, only this `x-api-key` is accepted (401 otherwise). When unset, any non-empty key is. A missing key is
   * always 401.
   */
  apiKey?: string;
  /** How long things take. */
  latency?: {
    /** Time a job stays QUEUED after submit; default 2000. */
    queuedMs?: number;
    /** Time it then stays PROCESSING before COMPLETED or FAILED; default 6000. */
    processingMs?: number;
    /**
     * Each v2 job's PROCESSING time is `processingMs` plus a whole number of ms drawn uniformly from 0 to this, so
     * run times vary as Segmind's do (its result's `metrics` tell each job's own times); default 0.
     */
    processingSpreadMs?: number;
    /** Extra delay before every answer of the emulated API (not the control API); default 0. */
    responseMs?: number;
    /**
     * Extra delay before answering a v2 submit, after the job is created and billed: an upstream that accepts the
     * work but answers late (past a client's timeout). Default 0.
     */
    submitResponseMs?: number;
  };
  /** How long a request record lives after submit before it answers 404; default 3_600_000 (1 h). */
  expiryMs?: number;
  /** How long CDN files of a generation stay after submit; default 7 days. They outlive `expire()`. */
  cdnExpiryMs?: number;
  /**
   * The starting USD balance. Each job is billed when it completes (a FAILED job costs nothing, as on Segmind) by
   * SEGMIND.md's token formula (~$0.30 for 5 s of 720p 16:9); when the balance cannot pay for a job, submit answers
   * 406 "Insufficient credits". Default 1000.
   */
  credits?: number;
  /**
   * A team spend limit in USD: once completed jobs have cost this much (since start or `reset()`), a submit that
   * would go past it answers 406 "Team spend limit reached". Default none.
   */
  spendLimit?: number;
  /** When set, a per-key sliding-minute limit on submits (v2 and v1) that answers 429; default unlimited. */
  rateLimitPerMinute?: number;
  /** Whether status, result and generation reads count toward `rateLimitPerMinute` too; default false (unknown). */
  rateLimitCountsPolls?: boolean;
  /**
   * Where invalid input is refused. `'segmind'` (default), as Segmind does: a value outside a fixed set (aspect ratio,
   * resolution, duration) at submit with 400 (see `enumRejectionStatus`); anything else is accepted and the job ends
   * FAILED ("Prompt is Mandatory and must be string", "Validation error in ..."), unbilled. `'strict'`: every problem
   * at submit, as 422 listing them all.
   */
  validation?: 'segmind' | 'strict';
  /** The status of a value outside a fixed set at submit in `segmind` validation: 400 (default) or 406 "Parameter rejected". */
  enumRejectionStatus?: 400 | 406;
  /** The form of request ids: `'uuid'` (default) or `'hex32'`, 32 hex characters, which Segmind also issues. */
  requestIdFormat?: 'uuid' | 'hex32';
  /**
   * The result's `output`: `'url'` (default), the MP4 URL with a `video` object beside it; or `'json-string'`, the
   * provider's JSON as a string (`{"content":{"video_url",...},"seed"}`) and no `video` object, as some models answer.
   */
  outputFormat?: 'url' | 'json-string';
  /** The largest seed accepted; default 2147483647 as documented. Other hosts of the model accept up to 4294967295. */
  maxSeed?: number;
  /**
   * Whether `GET /inference-request/request-history/:id` (SDK 1.3's `generations.get`, a request of any age) finds
   * jobs; default true.
   */
  recovery?: boolean;
  /** How a FAILED job is served: HTTP 422 (default) or 200; SEGMIND.md says both happen. */
  failedStatusCode?: 422 | 200;
  /** The upload-asset answer: `'file_urls'` (default, with a message, as the SDK shows) or `'urls'` (as the docs say). */
  uploadResponseKey?: 'urls' | 'file_urls';
  /** Whether `duration: -1` (auto) is accepted; default true (unconfirmed on Segmind). */
  acceptAutoDuration?: boolean;
  /** The error of a job failed by a `fail-job` fault without a message of its own. */
  failureMessage?: string;
  /**
   * The origin written into the URLs the emulator answers (`status_url`, `output`, upload URLs...) and into `url`,
   * for clients that reach it by another name (a Docker service, a tunnel). Default: the address it listens on, with
   * a wildcard host (`0.0.0.0`, `::`) shown as loopback.
   */
  publicUrl?: string;
  /** Called with one line per request answered (control API excluded); default silent. */
  log?: (line: string) => void;
}

/** A running emulator. */
export interface SegmindEmulator {
  /**
   * The origin, e.g. `http://127.0.0.1:54321`, standing for `https://api.segmind.com`,
   * `https://workflows-api.segmind.com` and the CDN all at once.
   */
  url: string;
  /** Closes the server and every open socket, hanging ones included; resolves once closed. */
  stop(): Promise<void>;
  /** Fault injection: each fault applies to the next `times` matching requests, in the order injected. */
  faults: {
    /** Adds a fault; throws a `TypeError` when it is not a valid {@link EmulatorFault}. */
    inject(fault: EmulatorFault): void;
    /** Drops every pending fault. */
    clear(): void;
    /** The faults not used up yet, `times` being what is left. */
    pending(): readonly EmulatorFault[];
  };
  /** Every request to the emulated API, in the order received (control API excluded). */
  requests(): readonly RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Makes a job's request record expire now (its CDN files stay); throws when the id is unknown. */
  expire(requestId: string): void;
  /** Forgets jobs, uploads, faults, recorded requests and rate-limit windows; puts the credits back to the start. */
  reset(): void;
}

/** One request the emulator received. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path with the query string. */
  path: string;
  /** The route it matched, or `null` when none did (answered 404/405). */
  route: EmulatorRoute | null;
  /** Request headers, lower-case; the `x-api-key` value is `'[REDACTED]'`. */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
  /** The HTTP status answered; `null` while pending, and for good when a fault hung or reset the request. */
  status: number | null;
  /** The fault that acted on this request, if any. */
  fault?: EmulatorFault;
  /** When it was received, ISO 8601. */
  time: string;
}

/**
 * Starts a local HTTP emulator of Segmind's `seedance-2.0-fast` API (v2 async, v1 sync, upload-asset, CDN with
 * `Range`) with fault injection, so the kit runs and is tested with no network and no key.
 */
export async function startSegmindEmulator(options: SegmindEmulatorOptions = {}): Promise<SegmindEmulator> {
  const settings = resolveSettings(options);
  const media = await loadMediaCatalog();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const records: RecordedRequest[] = [];
  let stopped = false;
  let origin = '';

  const context: EmulatorContext = {
    settings,
    origin: () => origin,
    jobs: new Map<string, EmulatorJob>(),
    assets: new Map<string, StoredAsset>(),
    faults: new FaultQueue(),
    account: { balance: settings.credits, spent: 0 },
    rateLimiter: settings.rateLimitPerMinute === undefined ? undefined : new RateLimiter(settings.rateLimitPerMinute),
    media,
    delay: (milliseconds) =>
      new Promise((resolve) => {
        if (stopped) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, milliseconds);
        timers.add(timer);
      }),
  };

  const emulator: SegmindEmulator = {
    url: '',
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    faults: {
      inject: (fault) => context.faults.add(fault),
      clear: () => context.faults.clear(),
      pending: () => context.faults.pending(),
    },
    requests: () => records.map((record) => structuredClone(record)),
    clearRequests: () => {
      records.length = 0;
    },
    expire: (requestId) => {
      const job = context.jobs.get(requestId);
      if (job === undefined) throw new Error(`Request ${requestId} not found: it was never submitted to this emulator`);
      job.expiresAt = Math.min(job.expiresAt, Date.now());
    },
    reset: () => {
      context.jobs.clear();
      context.assets.clear();
      context.faults.clear();
      context.rateLimiter?.clear();
      context.account.balance = settings.credits;
      context.account.spent = 0;
      records.length = 0;
    },
  };

  const server = createServer((request, response) => {
    handleRequest(context, emulator, records, request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `Emulator error: ${(error as Error).message}` }));
      } else {
        response.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = settings.publicUrl ?? listeningOrigin(server.address() as AddressInfo);
  emulator.url = origin;
  return emulator;
}

/** Routes one request, applies faults, waits the response latency, answers, and records what happened. */
async function handleRequest(
  context: EmulatorContext,
  emulator: SegmindEmulator,
  records: RecordedRequest[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const rawPath = request.url ?? '/';
  const path = rawPath.split('?')[0] ?? '/';
  const method = request.method ?? 'GET';
  const body = await readBody(request);

  if (path === CONTROL_PATH_PREFIX || path.startsWith(`${CONTROL_PATH_PREFIX}/`)) {
    await send(response, handleControl(emulator, request, path, body ?? Buffer.alloc(0)));
    return;
  }

  const match = matchRoute(method, path);
  const record: RecordedRequest = {
    method,
    path: rawPath,
    route: match.route,
    headers: redactHeaders(request),
    status: null,
    time: new Date(started).toISOString(),
  };
  const json = body === undefined ? undefined : parseJson(body.toString('utf8'));
  if (json?.ok) record.body = json.value;
  records.push(record);

  const fault = match.route === null ? undefined : context.faults.take(match.route, 'response');
  if (fault !== undefined) record.fault = fault;
  const reply =
    fault !== undefined
      ? faultReply(fault)
      : body === undefined
        ? jsonReply(413, { error: `Request body larger than ${MAX_BODY_BYTES} bytes` })
        : await routeReply(context, match, {
            request,
            body,
            noteFault: (jobFault) => {
              record.fault = jobFault;
            },
          });

  if (reply.kind === 'answer') {
    if (context.settings.responseMs > 0) await context.delay(context.settings.responseMs);
    if (match.route === 'submit' && context.settings.submitResponseMs > 0) {
      await context.delay(context.settings.submitResponseMs);
    }
    record.status = reply.status;
    await send(response, reply);
  } else if (reply.kind === 'reset') {
    request.socket.destroy();
  }
  context.settings.log?.(
    `${method} ${rawPath} ${match.route ?? '-'} ${reply.kind === 'answer' ? reply.status : reply.kind} ${Date.now() - started}ms`,
  );
}

/** Which route a method and path go to: a route, a 405 (known path, wrong method) or a 404. */
type RouteMatch =
  | { route: 'submit' | 'sync'; model: string }
  | { route: 'status' | 'result' | 'generation'; id: string }
  | { route: 'upload' | 'cdn' }
  | { route: null; problem: 'not-found' | 'method-not-allowed' };

function matchRoute(method: string, path: string): RouteMatch {
  const candidates: [RegExp, string[], (groups: string[]) => RouteMatch][] = [
    [/^\/v2\/requests\/([^/]+)\/status$/, ['GET'], ([id = '']) => ({ route: 'status', id })],
    [/^\/v[12]\/requests\/([^/]+)$/, ['GET'], ([id = '']) => ({ route: 'result', id })],
    [/^\/v2\/([^/]+)$/, ['POST'], ([model = '']) => ({ route: 'submit', model })],
    [/^\/v1\/([^/]+)$/, ['POST'], ([model = '']) => ({ route: 'sync', model })],
    [/^\/inference-request\/request-history\/([^/]+)$/, ['GET'], ([id = '']) => ({ route: 'generation', id })],
    [/^\/upload-asset$/, ['POST'], () => ({ route: 'upload' })],
    [/^\/cdn\/.+$/, ['GET', 'HEAD'], () => ({ route: 'cdn' })],
  ];
  for (const [pattern, methods, build] of candidates) {
    const found = pattern.exec(path);
    if (found === null) continue;
    if (!methods.includes(method)) return { route: null, problem: 'method-not-allowed' };
    return build(found.slice(1).map((part) => decodeURIComponent(part)));
  }
  return { route: null, problem: 'not-found' };
}

async function routeReply(context: EmulatorContext, match: RouteMatch, request: ApiRequest): Promise<Reply> {
  settleBilling(context, Date.now());
  switch (match.route) {
    case 'submit':
      return handleSubmit(context, request, match.model);
    case 'sync':
      return handleSync(context, request, match.model);
    case 'status':
      return handleStatus(context, request, match.id);
    case 'result':
      return handleResult(context, request, match.id);
    case 'generation':
      return handleGeneration(context, request, match.id);
    case 'upload':
      return handleUpload(context, request);
    case 'cdn':
      return handleCdn(context, request.request, (request.request.url ?? '/').split('?')[0] ?? '/');
    case null:
      return match.problem === 'method-not-allowed'
        ? htmlReply(405, '405 Not Allowed')
        : jsonReply(404, { error: `Not found: ${request.request.method} ${request.request.url}` });
  }
}

/** The answer a response fault stands for, with the bodies Segmind or its gateway send. */
function faultReply(fault: EmulatorFault): Reply {
  const { kind } = fault;
  if ('type' in kind) {
    if (kind.type === 'hang') return { kind: 'hang' };
    if (kind.type === 'reset') return { kind: 'reset' };
    if (kind.type === 'body') return jsonReply(kind.status ?? 200, kind.body);
    // A body cut off mid-way, as a dropped proxy connection or a buggy upstream would leave it.
    return {
      kind: 'answer',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"status":"QUEUED","request_id":"${randomUUID().slice(0, 13)}`,
    };
  }
  const { status, message } = kind;
  if (status === 405) return htmlReply(405, '405 Not Allowed', message);
  if (status === 502) return htmlReply(502, '502 Bad Gateway', message);
  if (status === 504) return htmlReply(504, '504 Gateway Time-out', message);
  if (status === 429) {
    const resetAt = new Date(Date.now() + 60_000).toISOString();
    return jsonReply(429, { error: message ?? 'Rate limit exceeded' }, { [RATE_LIMIT_RESET_HEADER]: resetAt });
  }
  return jsonReply(status, { error: message ?? DEFAULT_FAULT_MESSAGES[status] });
}

const DEFAULT_FAULT_MESSAGES: Record<Exclude<EmulatorFaultStatus, 405 | 429 | 502 | 504>, string> = {
  400: 'Bad request',
  401: 'Unauthorized: invalid API key',
  403: 'Forbidden: your account does not have access to this model',
  404: 'Not found',
  406: 'Insufficient credits: add credits to continue',
  410: 'This model has been retired',
  422: 'Invalid parameters',
  500: 'Internal server error',
};

async function send(response: ServerResponse, reply: Reply): Promise<void> {
  if (reply.kind !== 'answer') return;
  response.writeHead(reply.status, reply.headers);
  if (typeof reply.body === 'function') {
    // A client that hangs up mid-stream is normal for video (seeking, closing the tab); nothing to report.
    await pipeline(reply.body(), response).catch(() => undefined);
    return;
  }
  response.end(reply.body);
}

function redactHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = REDACTED_HEADERS.has(name) ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const REDACTED_HEADERS = new Set(['x-api-key', 'authorization']);

function listeningOrigin(address: AddressInfo): string {
  if (address.family === 'IPv6') {
    return `http://[${address.address === '::' ? '::1' : address.address}]:${address.port}`;
  }
  return `http://${address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${address.port}`;
}

function resolveSettings(options: SegmindEmulatorOptions): EmulatorSettings {
  const settings: EmulatorSettings = {
    apiKey: options.apiKey,
    queuedMs: options.latency?.queuedMs ?? 2000,
    processingMs: options.latency?.processingMs ?? 6000,
    processingSpreadMs: options.latency?.processingSpreadMs ?? 0,
    responseMs: options.latency?.responseMs ?? 0,
    submitResponseMs: options.latency?.submitResponseMs ?? 0,
    expiryMs: options.expiryMs ?? 3_600_000,
    cdnExpiryMs: options.cdnExpiryMs ?? 7 * 24 * 3_600_000,
    credits: options.credits ?? 1000,
    rateLimitPerMinute: options.rateLimitPerMinute,
    failedStatusCode: options.failedStatusCode ?? 422,
    uploadResponseKey: options.uploadResponseKey ?? 'file_urls',
    acceptAutoDuration: options.acceptAutoDuration ?? true,
    failureMessage: options.failureMessage ?? 'Generation failed: the model could not produce a video for this input',
    validation: options.validation ?? 'segmind',
    enumRejectionStatus: options.enumRejectionStatus ?? 400,
    spendLimit: options.spendLimit,
    requestIdFormat: options.requestIdFormat ?? 'uuid',
    outputFormat: options.outputFormat ?? 'url',
    maxSeed: options.maxSeed ?? SEGMIND_MAX_SEED,
    rateLimitCountsPolls: options.rateLimitCountsPolls ?? false,
    recovery: options.recovery ?? true,
    log: options.log,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
  };
  for (const name of [
    'queuedMs',
    'processingMs',
    'processingSpreadMs',
    'responseMs',
    'submitResponseMs',
    'expiryMs',
    'cdnExpiryMs',
    'credits',
  ] as const) {
    if (!Number.isFinite(settings[name]) || settings[name] < 0) {
      throw new RangeError(`SegmindEmulatorOptions: ${name} must be a finite number >= 0, got ${settings[name]}`);
    }
  }
  if (settings.spendLimit !== undefined && !(Number.isFinite(settings.spendLimit) && settings.spendLimit >= 0)) {
    throw new RangeError(`SegmindEmulatorOptions: spendLimit must be a finite number >= 0, got ${settings.spendLimit}`);
  }
  if (!(Number.isSafeInteger(settings.maxSeed) && settings.maxSeed >= 0)) {
    throw new RangeError(`SegmindEmulatorOptions: maxSeed must be a whole number >= 0, got ${settings.maxSeed}`);
  }
  for (const [name, value, allowed] of [
    ['validation', settings.validation, ['segmind', 'strict']],
    ['enumRejectionStatus', settings.enumRejectionStatus, [400, 406]],
    ['requestIdFormat', settings.requestIdFormat, ['uuid', 'hex32']],
    ['outputFormat', settings.outputFormat, ['url', 'json-string']],
  ] as const) {
    if (!(allowed as readonly unknown[]).includes(value)) {
      throw new RangeError(
        `SegmindEmulatorOptions: ${name} must be one of ${allowed.join(', ')}, got ${String(value)}`,
      );
    }
  }
  const limit = settings.rateLimitPerMinute;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new RangeError(`SegmindEmulatorOptions: rateLimitPerMinute must be a positive integer, got ${limit}`);
  }
  if (settings.publicUrl !== undefined && !/^https?:\/\/[^/?#]+$/.test(settings.publicUrl)) {
    throw new RangeError(`SegmindEmulatorOptions: publicUrl must be an http(s) origin, got ${options.publicUrl}`);
  }
  if (settings.apiKey !== undefined && settings.apiKey.trim() === '') {
    throw new RangeError('SegmindEmulatorOptions: apiKey must not be empty; leave it unset to accept any key');
  }
  return settings;
}
