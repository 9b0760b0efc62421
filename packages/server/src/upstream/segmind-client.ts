import { type ResolvedGenerationInput, SeedanceError } from '@seedance-kit/core';
import type { UpstreamBudget, UpstreamCallKind } from '../follower/upstream-budget';
import { readGenerationRecord } from './generation-record';
import { scrubSecrets } from './scrub-secrets';
import {
  classifyJobFailure,
  type JobFailure,
  notAcceptableError,
  withoutUpstreamIdentifiers,
} from './upstream-failures';

/** The Segmind model this package drives. The browser never names it: the server decides. */
export const SEGMIND_MODEL = 'seedance-2.0-fast';

/** Segmind's API host. */
export const SEGMIND_API_URL = 'https://api.segmind.com';

/** Segmind's asset upload host. */
export const SEGMIND_UPLOAD_URL = 'https://workflows-api.segmind.com';

/** The host of Segmind's request history, which the Python SDK reads (`generations.list`, `.history`, `.get`). */
export const SEGMIND_HISTORY_URL = 'https://api.spotprod.segmind.com';

/** Options of {@link createSegmindClient}. */
export interface SegmindClientOptions {
  /** The Segmind API key, sent as `x-api-key` to the API host only (never to the CDN). */
  apiKey: string;
  /** API origin; the emulator's URL in tests and local development. Default {@link SEGMIND_API_URL}. */
  baseUrl?: string;
  /** Origin of the asset upload API. Default {@link SEGMIND_UPLOAD_URL}. */
  uploadBaseUrl?: string;
  /**
   * Origin of the generation-history API, read to recover a job whose 1-hour request record answers 404 (see
   * `docs/upstream.md`); `false` turns recovery off. Default {@link SEGMIND_HISTORY_URL}.
   */
  historyBaseUrl?: string | false;
  /** Per-call timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Attempts for status/result reads, and for submits refused before they reached Segmind. Default 3. */
  maxAttempts?: number;
  /**
   * How long a submit may wait for Segmind's answer, in ms. Default 300 000. Longer than `timeoutMs` on purpose: a
   * submit that reached Segmind may have started a billed job, so it is never cut short at the usual read timeout.
   */
  submitTimeoutMs?: number;
  /** A custom fetch. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Remembers Segmind's rate-limit reset (shared by every instance through the store). */
  rateLimitGate?: RateLimitGate;
  /** The fleet's requests per minute: every call takes one first (submits and uploads wait a little for one). */
  budget?: UpstreamBudget;
}

/**
 * Segmind's rate limit is per key, shared by every instance of the signer. After a 429, calls are refused locally
 * until `x-rate-limit-reset-at-utc` instead of spending more requests (each refused one could count against the plan).
 */
export interface RateLimitGate {
  /** When the current block ends (ms since the epoch), if there is one. */
  blockedUntil(): Promise<number | undefined>;
  /** Blocks upstream calls until `untilMs`. */
  block(untilMs: number): Promise<void>;
}

/** What Segmind answers when a job is accepted. */
export interface SegmindSubmission {
  requestId: string;
  status: string;
}

/** One read of a job's status or result, normalised from Segmind's several shapes. */
export type SegmindJobState =
  | { status: 'QUEUED' | 'PROCESSING' | 'UNKNOWN'; rawStatus: string }
  | { status: 'COMPLETED'; metrics: SegmindMetrics }
  | { status: 'FAILED'; failure: JobFailure; metrics: SegmindMetrics }
  | { status: 'NOT_FOUND' };

/** The finished video as Segmind describes it. */
export interface SegmindResult {
  videoUrl: string;
  lastFrameUrl?: string;
  seed?: number;
  contentType: string;
  bytes?: number;
  metrics: SegmindMetrics;
}

/** Timings (seconds) and cost (USD) reported by Segmind. */
export interface SegmindMetrics {
  inferenceTime?: number;
  queueTime?: number;
  totalTime?: number;
  cost?: number;
}

/** One file to send to Segmind's upload-asset, as the JSON body already encoded (see `createDataUrlBody`). */
export interface SegmindUpload {
  /** The JSON body `{"data_urls":["data:<mime>;base64,..."]}`, streamed. */
  body: ReadableStream<Uint8Array>;
  /** The exact length of `body` in bytes, sent as `Content-Length`. */
  contentLength: number;
  /** How long the whole upload may take, in ms: scaled to the file's size by the caller. */
  timeoutMs: number;
}

/** A small client of Segmind's v2 async API. Every failure is a `SeedanceError` safe to show to the browser. */
export interface SegmindClient {
  /**
   * `POST /v2/seedance-2.0-fast`. Sent once: re-sent only when it provably never reached Segmind (the connection was
   * refused), since every accepted POST runs, and is billed if it completes. A failure whose outcome is unknown
   * (timeout, reset, gateway error, an answer without a request id) is marked so that {@link isSubmitOutcomeUnknown}
   * says so.
   */
  submit(input: ResolvedGenerationInput, signal?: AbortSignal): Promise<SegmindSubmission>;
  /**
   * `GET /v2/requests/:id/status`. A 404 (the 1-hour record is gone) is answered from the generation-history read
   * when that knows the job; `NOT_FOUND` only when it does not either.
   */
  status(requestId: string, signal?: AbortSignal): Promise<SegmindJobState>;
  /** `GET /v2/requests/:id`: the output of a completed job; on a 404, from the generation-history read likewise. */
  result(
    requestId: string,
    signal?: AbortSignal,
  ): Promise<SegmindResult | Extract<SegmindJobState, { status: 'NOT_FOUND' | 'FAILED' }>>;
  /**
   * `POST {uploadBaseUrl}/upload-asset`: resolves with the absolute http(s) URL of the stored file. Never retried:
   * the body is a one-shot stream, and an upload that may have been accepted must not be stored twice.
   */
  upload(upload: SegmindUpload, signal?: AbortSignal): Promise<string>;
}

const unknownOutcomes = new WeakSet<object>();

/**
 * Whether a failed submit may have reached Segmind and started a (billed) job: a timeout, a dropped connection, a
 * gateway error, or a 2xx without a request id. Such a submit is never re-sent, and the capacity it reserved is kept.
 */
export function isSubmitOutcomeUnknown(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unknownOutcomes.has(error);
}

/** Creates a {@link SegmindClient}. */
export function createSegmindClient(options: SegmindClientOptions): SegmindClient {
  const baseUrl = (options.baseUrl ?? SEGMIND_API_URL).replace(/\/+$/, '');
  const uploadBaseUrl = (options.uploadBaseUrl ?? SEGMIND_UPLOAD_URL).replace(/\/+$/, '');
  const historyBaseUrl =
    options.historyBaseUrl === false ? undefined : (options.historyBaseUrl ?? SEGMIND_HISTORY_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const submitTimeoutMs = options.submitTimeoutMs ?? 300_000;

  async function request(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    callTimeoutMs = timeoutMs,
    kind: UpstreamCallKind = 'read',
  ): Promise<UpstreamReply> {
    const doFetch = options.fetch ?? globalThis.fetch;
    const blockedUntil = await options.rateLimitGate?.blockedUntil();
    if (blockedUntil !== undefined && blockedUntil > Date.now()) {
      throw new SeedanceError('RATE_LIMITED', 'The video service is busy with too many requests. Try again shortly.', {
        retryAfterMs: blockedUntil - Date.now(),
      });
    }
    if (options.budget) await spendBudget(options.budget, kind, signal);
    const timeout = AbortSignal.timeout(callTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(url, {
        // A redirect would carry the key to wherever it points: Segmind's API does not redirect, so refuse any.
        redirect: 'error',
        ...init,
        headers: { ...init.headers, 'x-api-key': options.apiKey, accept: 'application/json' },
        signal: combined,
      });
    } catch (error) {
      if (timeout.aborted) {
        throw new SeedanceError('UPSTREAM_TIMEOUT', 'The video service did not answer in time. Try again shortly.', {
          cause: error,
        });
      }
      if (signal?.aborted) throw error;
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service could not be reached. Try again shortly.', {
        cause: error,
      });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new SeedanceError(
        timeout.aborted ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
        'The video service stopped answering mid-response. Try again shortly.',
        { cause: error },
      );
    }
    if (response.status === 429) await options.rateLimitGate?.block(Date.now() + retryAfterFrom(response.headers));
    return { status: response.status, headers: response.headers, body: parseJson(text) };
  }

  async function spendBudget(budget: UpstreamBudget, kind: UpstreamCallKind, signal: AbortSignal | undefined) {
    // A user's submit or upload waits up to the usual timeout for room, and so does the result read of a job just seen
    // completed (giving up would cost its status read again); a status read is simply put off.
    const deadline = Date.now() + (kind === 'read' ? 0 : timeoutMs);
    for (;;) {
      if (await budget.take(kind)) return;
      if (Date.now() >= deadline || signal?.aborted) {
        throw new SeedanceError(
          'RATE_LIMITED',
          'This site is using all of its video service requests for this minute. Try again shortly.',
          { retryAfterMs: budget.retryAfterMs },
        );
      }
      await delay(Math.min(250, budget.retryAfterMs), signal);
    }
  }

  async function withRetries<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const retryable =
          SeedanceError.isInstance(error) &&
          (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT');
        if (!retryable || tries >= maxAttempts || signal?.aborted) throw error;
        // Full jitter keeps a fleet of signers from retrying in lockstep against a struggling upstream.
        await delay(Math.random() * 250 * 2 ** tries, signal);
      }
    }
  }

  /**
   * Reads a job from the request history (`GET /inference-request/request-history/<id>`, the SDK's `generations.get`),
   * which keeps it past the 1-hour request record. Only a clear answer expires the job: no history configured, 404 or
   * 410 (the SDK's not-found error), 400 or 422 (an id it refuses), or a record that is not this job's or has no video.
   * A refusal of the server's setup (401, 403, 405, 406), a rate limit, an outage or a body that is not JSON is an
   * error for this poll, so a later poll asks again.
   */
  async function recover(
    requestId: string,
    signal: AbortSignal | undefined,
  ): Promise<SegmindResult | Exclude<SegmindJobState, { status: 'COMPLETED' }>> {
    if (historyBaseUrl === undefined) return { status: 'NOT_FOUND' };
    const reply = await request(
      `${historyBaseUrl}/inference-request/request-history/${encodeURIComponent(requestId)}`,
      { method: 'GET' },
      signal,
    );
    if ([400, 404, 410, 422].includes(reply.status)) return { status: 'NOT_FOUND' };
    if (reply.status < 200 || reply.status > 299) throw upstreamError(reply, 'status', options.apiKey);
    if (reply.body === undefined) {
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service answered in an unexpected shape.');
    }
    const record = readGenerationRecord(reply.body, requestId);
    if (record === undefined) return { status: 'NOT_FOUND' };
    if (record.status === 'FAILED') {
      return {
        status: 'FAILED',
        failure: classifyJobFailure(scrubSecrets(record.error ?? '', options.apiKey), [options.apiKey, requestId]),
        metrics: record.metrics,
      };
    }
    if (record.status !== 'COMPLETED') return { status: record.status, rawStatus: record.rawStatus };
    const output = readOutput(record.output);
    const videoUrl = output.videoUrl;
    if (!videoUrl) return { status: 'NOT_FOUND' };
    const lastFrameUrl = httpUrlOf(record.lastFrameUrl) ?? output.lastFrameUrl;
    const seed = record.seed ?? output.seed;
    return {
      videoUrl,
      ...(lastFrameUrl ? { lastFrameUrl } : {}),
      ...(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 ? { seed } : {}),
      contentType: 'video/mp4',
      metrics: record.metrics,
    };
  }

  return {
    async submit(input, signal) {
      for (let tries = 1; ; tries++) {
        try {
          const reply = await request(
            `${baseUrl}/v2/${SEGMIND_MODEL}`,
            { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) },
            signal,
            submitTimeoutMs,
            'submit',
          );
          if (reply.status < 200 || reply.status > 299) {
            const error = upstreamError(reply, 'submit', options.apiKey);
            // A gateway error says nothing of whether the model service took the job behind it.
            if (reply.status === 502 || reply.status === 504) unknownOutcomes.add(error);
            throw error;
          }
          const body = asRecord(reply.body);
          const requestId = body?.request_id;
          if (typeof requestId !== 'string' || requestId === '' || !body?.status_url || !body?.response_url) {
            const error = new SeedanceError(
              'UPSTREAM_UNAVAILABLE',
              'The video service answered the request without a job id, so it cannot be followed. It was not sent again, to avoid a second charge.',
            );
            unknownOutcomes.add(error);
            throw error;
          }
          return { requestId, status: String(body.status ?? 'QUEUED') };
        } catch (error) {
          if (unknownOutcomes.has(error as object) || signal?.aborted) throw error;
          const neverSent = SeedanceError.isInstance(error) && error.code === 'UPSTREAM_UNAVAILABLE' && refused(error);
          if (SeedanceError.isInstance(error) && error.code === 'UPSTREAM_TIMEOUT') unknownOutcomes.add(error);
          else if (SeedanceError.isInstance(error) && error.code === 'UPSTREAM_UNAVAILABLE' && !neverSent) {
            // Sent, then the answer was lost (reset, cut body): Segmind may have started the job.
            if (error.cause !== undefined) unknownOutcomes.add(error);
          }
          if (!neverSent || tries >= maxAttempts) throw error;
          await delay(Math.random() * 250 * 2 ** tries, signal);
        }
      }
    },

    async status(requestId, signal) {
      return withRetries(async () => {
        const reply = await request(
          `${baseUrl}/v2/requests/${encodeURIComponent(requestId)}/status`,
          { method: 'GET' },
          signal,
        );
        const state = readJobState(reply, options.apiKey, requestId);
        if (state.status !== 'NOT_FOUND') return state;
        const recovered = await recover(requestId, signal);
        return 'videoUrl' in recovered ? { status: 'COMPLETED', metrics: recovered.metrics } : recovered;
      }, signal);
    },

    async result(requestId, signal) {
      return withRetries(async () => {
        const reply = await request(
          `${baseUrl}/v2/requests/${encodeURIComponent(requestId)}`,
          { method: 'GET' },
          signal,
          timeoutMs,
          'result',
        );
        const state = readJobState(reply, options.apiKey, requestId);
        if (state.status === 'NOT_FOUND') {
          const recovered = await recover(requestId, signal);
          if ('videoUrl' in recovered || recovered.status === 'NOT_FOUND' || recovered.status === 'FAILED') {
            return recovered;
          }
          throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service has no result for this job yet.');
        }
        if (state.status === 'FAILED') return state;
        if (state.status !== 'COMPLETED') {
          throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service has no result for this job yet.');
        }
        const body = asRecord(reply.body) ?? {};
        const video = asRecord(body.video);
        // `output` may be the provider's JSON as a string (SEGMIND.md): read the URLs from inside it then.
        const output = readOutput(body.output);
        // Read defensively: `video.url` is the likely shape, `output` the documented one.
        const videoUrl = httpUrlOf(video?.url) ?? output.videoUrl;
        if (!videoUrl) {
          throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service finished the job but returned no video.');
        }
        const rawSeed = body.seed ?? output.seed;
        const seed = Number(rawSeed);
        const bytes = Number(video?.file_size);
        const lastFrameUrl = httpUrlOf(video?.last_frame_url) ?? httpUrlOf(body.last_frame_url) ?? output.lastFrameUrl;
        return {
          videoUrl,
          ...(lastFrameUrl ? { lastFrameUrl } : {}),
          ...(rawSeed !== null && rawSeed !== '' && Number.isSafeInteger(seed) ? { seed } : {}),
          contentType: stringOf(video?.content_type) ?? 'video/mp4',
          ...(Number.isSafeInteger(bytes) && bytes > 0 ? { bytes } : {}),
          metrics: state.metrics,
        };
      }, signal);
    },

    async upload(upload, signal) {
      const reply = await request(
        `${uploadBaseUrl}/upload-asset`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(upload.contentLength) },
          body: upload.body,
          // A stream body needs half duplex; with Content-Length set, undici sends it unchunked and fails the
          // request if the stream yields a different number of bytes.
          duplex: 'half',
          // Not only because a one-shot body cannot follow a redirect: with any other mode, fetch clones the request
          // (the spec's HTTP-network-or-cache fetch), teeing the body, and the unread branch keeps every chunk until
          // the upload ends, i.e. the whole file in memory (nodejs/undici#4058).
          redirect: 'error',
        } as RequestInit,
        signal,
        upload.timeoutMs,
        'submit',
      );
      if (reply.status < 200 || reply.status > 299) throw upstreamError(reply, 'upload', options.apiKey);
      const body = asRecord(reply.body);
      // The docs say `urls`, the SDK shows `file_urls`: accept either.
      const urls = Array.isArray(body?.file_urls) ? body.file_urls : Array.isArray(body?.urls) ? body.urls : [];
      const url = stringOf(urls[0]);
      if (!url || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
        throw new SeedanceError(
          'UPSTREAM_UNAVAILABLE',
          'The file service accepted the upload but returned no usable file URL. Try again shortly.',
        );
      }
      return url;
    },
  };
}

/** A connection that was refused (or a host that did not resolve) carried no byte to Segmind. */
function refused(error: SeedanceError): boolean {
  for (let cause: unknown = error.cause, depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

interface UpstreamReply {
  status: number;
  headers: Headers;
  body: unknown;
}

function readJobState(reply: UpstreamReply, apiKey: string, requestId: string): SegmindJobState {
  const body = asRecord(reply.body);
  if (reply.status === 404) return { status: 'NOT_FOUND' };
  const status = typeof body?.status === 'string' ? body.status.toUpperCase() : undefined;
  // A FAILED job comes as 422 or as 200: both mean the generation failed, not that the request was bad.
  if (status === 'FAILED' && (reply.status === 422 || (reply.status >= 200 && reply.status < 300))) {
    return {
      status: 'FAILED',
      failure: classifyJobFailure(scrubSecrets(messageOf(body) ?? '', apiKey), [apiKey, requestId]),
      metrics: readMetrics(body?.metrics),
    };
  }
  if (reply.status < 200 || reply.status > 299) throw upstreamError(reply, 'status', apiKey);
  if (!body) throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service answered in an unexpected shape.');
  if (status === 'COMPLETED') return { status: 'COMPLETED', metrics: readMetrics(body.metrics) };
  if (status === 'QUEUED' || status === 'PROCESSING') return { status, rawStatus: status };
  // Unknown values are treated as "still working" rather than as an error: polling continues.
  return { status: 'UNKNOWN', rawStatus: String(body.status) };
}

function upstreamError(reply: UpstreamReply, call: 'submit' | 'status' | 'upload', apiKey: string): SeedanceError {
  const upstreamMessage = scrubSecrets(messageOf(asRecord(reply.body)) ?? '', apiKey);
  const detail = withoutUpstreamIdentifiers(upstreamMessage, [apiKey]);
  switch (reply.status) {
    case 400:
    case 422:
      if (call === 'upload') {
        return new SeedanceError(
          'UPSTREAM_REJECTED',
          `The video service refused this file${detail ? `: ${detail}` : '.'} Check the file and upload it again.`,
        );
      }
      return new SeedanceError(
        'UPSTREAM_REJECTED',
        `The video service refused these parameters${detail ? `: ${detail}` : '.'} Change the input and try again.`,
      );
    case 401:
      return new SeedanceError(
        'MISCONFIGURED',
        'The video service refused this server’s credentials. The site owner must check the Segmind API key.',
      );
    case 403:
      return new SeedanceError(
        'MISCONFIGURED',
        `This server’s Segmind account may not use ${SEGMIND_MODEL}. The site owner must check the account.`,
      );
    case 404:
    case 410:
      return new SeedanceError(
        'MISCONFIGURED',
        call === 'submit'
          ? `The video service does not offer ${SEGMIND_MODEL} (HTTP ${reply.status}). The site owner must update the server.`
          : call === 'upload'
            ? `The video service's upload endpoint is missing (HTTP ${reply.status}). The site owner must check upstream.uploadBaseUrl.`
            : 'The video service does not know this job.',
      );
    case 413:
      return new SeedanceError(
        'PAYLOAD_TOO_LARGE',
        'The video service refused this file as too large. Upload a smaller file.',
      );
    case 406:
      return notAcceptableError(upstreamMessage, [apiKey]);
    case 429: {
      const retryAfterMs = retryAfterFrom(reply.headers);
      return new SeedanceError('RATE_LIMITED', 'The video service is busy with too many requests. Try again shortly.', {
        retryAfterMs,
      });
    }
    default:
      if (reply.status >= 500) {
        return new SeedanceError(
          'UPSTREAM_UNAVAILABLE',
          `The video service is having trouble (HTTP ${reply.status}). Try again shortly.`,
        );
      }
      return new SeedanceError('INTERNAL', `The video service answered HTTP ${reply.status} unexpectedly.`, {
        retryable: false,
      });
  }
}

/** Segmind sends `x-rate-limit-reset-at-utc` and no `Retry-After`; fall back to a minute when it is absent. */
function retryAfterFrom(headers: Headers): number {
  const resetAt = Date.parse(headers.get('x-rate-limit-reset-at-utc') ?? '');
  if (Number.isNaN(resetAt)) return 60_000;
  return Math.min(Math.max(resetAt - Date.now(), 1_000), 3_600_000);
}

/**
 * The URLs inside a result's `output`: the URL itself, or, when `output` is the provider's JSON as a string (or that
 * JSON already parsed), the first http(s) URL at the places Seedance hosts put it. Anything that is not an http(s)
 * URL is ignored.
 */
function readOutput(value: unknown): { videoUrl?: string; lastFrameUrl?: string; seed?: number } {
  let parsed = value;
  if (typeof value === 'string' && !/^https?:\/\//i.test(value.trim())) parsed = parseJson(value);
  if (typeof parsed === 'string') return httpUrlOf(parsed) ? { videoUrl: httpUrlOf(parsed) } : {};
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first === 'string') return httpUrlOf(first) ? { videoUrl: httpUrlOf(first) } : {};
  const record = asRecord(first);
  if (!record) return {};
  const content = asRecord(record.content);
  const video = asRecord(record.video);
  const videoUrl =
    httpUrlOf(content?.video_url) ??
    httpUrlOf(record.video_url) ??
    httpUrlOf(video?.url) ??
    httpUrlOf(record.url) ??
    httpUrlOf(record.output);
  const lastFrameUrl = httpUrlOf(content?.last_frame_url) ?? httpUrlOf(record.last_frame_url);
  const seed = Number(record.seed);
  return {
    ...(videoUrl ? { videoUrl } : {}),
    ...(lastFrameUrl ? { lastFrameUrl } : {}),
    ...(record.seed !== undefined && record.seed !== null && Number.isSafeInteger(seed) ? { seed } : {}),
  };
}

function httpUrlOf(value: unknown): string | undefined {
  const text = stringOf(value)?.trim();
  return text && /^https?:\/\//i.test(text) && URL.canParse(text) ? text : undefined;
}

function readMetrics(value: unknown): SegmindMetrics {
  const metrics = asRecord(value) ?? {};
  const number = (key: string) => {
    const parsed = Number(metrics[key]);
    return metrics[key] !== undefined && metrics[key] !== null && Number.isFinite(parsed) && parsed >= 0
      ? parsed
      : undefined;
  };
  const result: SegmindMetrics = {};
  const inferenceTime = number('inference_time');
  const queueTime = number('queue_time');
  const totalTime = number('total_time');
  const cost = number('cost');
  if (inferenceTime !== undefined) result.inferenceTime = inferenceTime;
  if (queueTime !== undefined) result.queueTime = queueTime;
  if (totalTime !== undefined) result.totalTime = totalTime;
  if (cost !== undefined) result.cost = cost;
  return result;
}

function messageOf(body: Record<string, unknown> | undefined): string | undefined {
  const message = body?.error ?? body?.detail ?? body?.message;
  // Whole: it is scrubbed of secrets before anything cuts it (a cut first could leave a key's prefix).
  if (typeof message === 'string') return message;
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Waits `ms`, or until `signal` aborts. The abort listener goes when the wait ends either way: a submit waiting for
 * room in the budget waits a few hundred times on one request's signal, and listeners left behind would pile up on it.
 */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
