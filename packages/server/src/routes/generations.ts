import {
  type GenerationJob,
  IDEMPOTENCY_KEY_HEADER,
  isTerminalStatus,
  type JobMetrics,
  type ResolvedGenerationInput,
  SeedanceError,
  submitGenerationRequestSchema,
  validationError,
} from '@seedance-kit/core';
import type { SeedanceUser } from '../authorize';
import type { HandlerContext } from '../context';
import { jsonResponse, readBodyText, requireJson, requireProtocolHeader } from '../http';
import { type JobTokenClaims, signJobToken, verifyJobToken } from '../job-token';
import { checkPolicy, releaseSlot, reserveCapacity } from '../limits';
import type { PolledState, Poller } from '../polling';
import { checkReferenceUrls } from '../reference-urls';
import { storeKeys } from '../store/keys';
import type { SegmindMetrics } from '../upstream/segmind-client';

/** Segmind keeps request records one hour after submit; after that a job can only be `expired`. */
const UPSTREAM_RECORD_LIFETIME_MS = 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,200}$/;
const IDEMPOTENCY_WAIT_STEP_MS = 50;
/** Tokens that verified, kept so a job polled every interval pays for the HMAC once per process, not per poll. */
const VERIFIED_TOKEN_CACHE_SIZE = 1_000;

type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; job: GenerationJob };

/** The generation routes: submit, read and cancel. */
export interface GenerationRoutes {
  submit(request: Request, user: SeedanceUser): Promise<Response>;
  get(token: string, request: Request, user: SeedanceUser): Promise<Response>;
  cancel(token: string, request: Request, user: SeedanceUser): Promise<Response>;
  /** Verifies a token and its owner: `NOT_FOUND` for a token not issued here, `FORBIDDEN` for another user's. */
  claimsFor(token: string, user: SeedanceUser): Promise<JobTokenClaims>;
}

/** Builds the generation routes over the shared context and poller. */
export function createGenerationRoutes(context: HandlerContext, poller: Poller): GenerationRoutes {
  const { settings, segmind } = context;
  const { store } = settings;
  // Only tokens that verified go in (a flood of forged ones cannot fill it), and the secrets never change for this
  // handler, so a hit is as good as a fresh check. Ownership and expiry are still judged on every call.
  const verifiedTokens = new Map<string, JobTokenClaims>();

  async function claimsFor(token: string, user: SeedanceUser): Promise<JobTokenClaims> {
    let claims = verifiedTokens.get(token);
    if (!claims) {
      const verification = await verifyJobToken(token, settings.secrets);
      if (!verification.ok) {
        throw new SeedanceError(
          'NOT_FOUND',
          verification.problem === 'bad-signature'
            ? 'No generation has this id: it was not issued by this server, or it was altered.'
            : 'This is not a generation id. Use the id returned when the generation was created.',
        );
      }
      claims = verification.claims;
      if (verifiedTokens.size >= VERIFIED_TOKEN_CACHE_SIZE) {
        verifiedTokens.delete(verifiedTokens.keys().next().value ?? '');
      }
      verifiedTokens.set(token, claims);
    }
    if (claims.userId !== user.id) {
      throw new SeedanceError('FORBIDDEN', 'This generation belongs to another user.');
    }
    // A copy: jobs built from it reach the completion hook, which must not be able to change the cached claims.
    return { ...claims, input: { ...claims.input } };
  }

  async function start(
    input: ResolvedGenerationInput,
    user: SeedanceUser,
    signal: AbortSignal,
  ): Promise<GenerationJob> {
    const reservation = await reserveCapacity(settings, user, input);
    let requestId: string;
    let upstreamStatus: string;
    try {
      ({ requestId, status: upstreamStatus } = await segmind.submit(input, signal));
    } catch (error) {
      // Nothing was started upstream, so nothing was billed: give the capacity back.
      await reservation.undo();
      throw error;
    }
    const createdAt = settings.now();
    const claims: JobTokenClaims = {
      requestId,
      userId: user.id,
      createdAt,
      expiresAt: createdAt + UPSTREAM_RECORD_LIFETIME_MS,
      input: {
        aspectRatio: input.aspect_ratio,
        duration: input.duration,
        resolution: input.resolution,
        generateAudio: input.generate_audio,
      },
      slotId: reservation.slotId,
    };
    const id = await signJobToken(claims, settings.secrets);
    return {
      ...jobBase(id, claims, createdAt),
      status: upstreamStatus.toUpperCase() === 'PROCESSING' ? 'running' : 'queued',
      pollAfterMs: settings.pollIntervalMs,
    };
  }

  /**
   * "Continue from last frame" hands back this signer's own last-frame URL, which Segmind cannot fetch (it is behind
   * `authorize`). Swap each such URL for the CDN URL it stands for, after checking the job is the caller's.
   */
  async function resolveOwnMedia(
    input: ResolvedGenerationInput,
    user: SeedanceUser,
    signal: AbortSignal,
  ): Promise<ResolvedGenerationInput> {
    const pattern = new RegExp(`^${escapeRegExp(settings.basePath)}/generations/([^/]+)/last-frame$`);
    const resolve = async (url: string | undefined, field: string): Promise<string | undefined> => {
      if (url === undefined) return undefined;
      const match = pattern.exec(new URL(url).pathname);
      if (!match) return url;
      const claims = await claimsFor(decodeURIComponent(match[1] ?? ''), user);
      const result = await poller.result(claims.requestId, signal);
      if ('status' in result || !result.lastFrameUrl) {
        throw new SeedanceError(
          'VALIDATION_FAILED',
          `${field} points at a generation with no last frame available: generate with return_last_frame, or upload the image.`,
          { issues: [{ path: ['input', field], message: 'that generation has no last frame available' }] },
        );
      }
      return result.lastFrameUrl;
    };
    const firstFrame = await resolve(input.first_frame_url, 'first_frame_url');
    const lastFrame = await resolve(input.last_frame_url, 'last_frame_url');
    const images =
      input.reference_images &&
      (await Promise.all(input.reference_images.map((url, index) => resolve(url, `reference_images.${index}`))));
    return {
      ...input,
      ...(firstFrame === undefined ? {} : { first_frame_url: firstFrame }),
      ...(lastFrame === undefined ? {} : { last_frame_url: lastFrame }),
      ...(images === undefined ? {} : { reference_images: images as string[] }),
    };
  }

  return {
    claimsFor,

    async submit(request, user) {
      requireProtocolHeader(request);
      requireJson(request);
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
      checkPolicy(parsed.data.input, settings.policy);
      const input = await resolveOwnMedia(parsed.data.input, user, request.signal);
      checkReferenceUrls(input, settings.referenceUrlRules);

      const key = storeKeys.idempotency(user.id, idempotencyKey);
      const fingerprint = await sha256(JSON.stringify(input));
      const pendingMs = (settings.upstreamTimeoutMs + 1000) * settings.upstreamAttempts;
      const deadline = settings.now() + pendingMs + 1000;
      for (;;) {
        const pending: IdempotencyRecord = { state: 'pending', fingerprint };
        if (await store.setIfAbsent(key, JSON.stringify(pending), pendingMs)) break;
        const raw = await store.get(key);
        if (raw === undefined) continue; // the first attempt failed and freed the key: take it
        const record = JSON.parse(raw) as IdempotencyRecord;
        if (record.fingerprint !== fingerprint) {
          throw new SeedanceError(
            'VALIDATION_FAILED',
            `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different input. Use a new key for a new generation.`,
          );
        }
        if (record.state === 'done') return jsonResponse({ job: record.job }, 202);
        if (settings.now() > deadline) {
          throw new SeedanceError(
            'UPSTREAM_TIMEOUT',
            'The first request with this key is still running. Try again shortly.',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, IDEMPOTENCY_WAIT_STEP_MS));
      }
      let job: GenerationJob;
      try {
        job = await start(input, user, request.signal);
      } catch (error) {
        // A failed submit billed nothing, so the same key may be used again.
        await store.delete(key);
        throw error;
      }
      const done: IdempotencyRecord = { state: 'done', fingerprint, job };
      await store.set(key, JSON.stringify(done), IDEMPOTENCY_TTL_MS);
      return jsonResponse({ job }, 202);
    },

    async get(token, request, user) {
      const claims = await claimsFor(token, user);
      const base = jobBase(token, claims, settings.now());
      if (settings.now() >= claims.expiresAt) return jsonResponse({ job: expiredJob(base) });
      if ((await store.get(storeKeys.canceled(claims.requestId))) !== undefined) {
        return jsonResponse({ job: canceledJob(base) });
      }
      const state = await poller.poll(claims.requestId, request.signal);
      const job = jobFromState(base, state, settings.basePath, settings.pollIntervalMs);
      if (isTerminalStatus(job.status)) {
        await releaseSlot(settings, claims.userId, claims.slotId);
        if (state.status === 'COMPLETED') completeOnce(user, job, state.result.videoUrl, claims.requestId, request);
      }
      return jsonResponse({ job });
    },

    async cancel(token, request, user) {
      requireProtocolHeader(request);
      const claims = await claimsFor(token, user);
      const base = jobBase(token, claims, settings.now());
      if (settings.now() >= claims.expiresAt) return jsonResponse({ job: expiredJob(base) });
      // A job that already ended keeps its outcome: there is nothing left to cancel.
      const cached = await store.get(storeKeys.poll(claims.requestId));
      if (cached !== undefined) {
        const state = JSON.parse(cached) as PolledState | { status: 'ERROR' };
        if (state.status === 'COMPLETED' || state.status === 'FAILED' || state.status === 'NOT_FOUND') {
          return jsonResponse({ job: jobFromState(base, state, settings.basePath, settings.pollIntervalMs) });
        }
      }
      await store.set(storeKeys.canceled(claims.requestId), '1', Math.max(1, claims.expiresAt - settings.now()));
      await releaseSlot(settings, claims.userId, claims.slotId);
      return jsonResponse({ job: canceledJob(base) });
    },
  };

  function completeOnce(
    user: SeedanceUser,
    job: GenerationJob,
    upstreamVideoUrl: string,
    requestId: string,
    request: Request,
  ): void {
    const hook = settings.onGenerationComplete;
    if (!hook) return;
    // Fire and forget: nobody awaits this promise, so every step of it is caught here (a store write that fails, a
    // hook that throws, a `waitUntil` that throws; `onError` itself never throws). An escaped rejection would end the
    // process.
    const run = (async () => {
      if (!(await store.setIfAbsent(storeKeys.completed(requestId), '1', 7 * 24 * 60 * 60 * 1000))) return;
      try {
        await hook({ user, job, upstreamVideoUrl });
      } catch (error) {
        // Free the claim so a later poll (on any instance) runs the hook again.
        await store.delete(storeKeys.completed(requestId));
        throw error;
      }
    })().catch((error: unknown) => settings.onError(error, request));
    try {
      settings.waitUntil(run);
    } catch (error) {
      settings.onError(error, request);
    }
  }
}

function jobBase(id: string, claims: JobTokenClaims, updatedAt: number) {
  return {
    id,
    createdAt: new Date(claims.createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    input: claims.input,
  };
}

type JobBase = ReturnType<typeof jobBase>;

function jobFromState(base: JobBase, state: PolledState, basePath: string, pollAfterMs: number): GenerationJob {
  switch (state.status) {
    case 'NOT_FOUND':
      return expiredJob(base);
    case 'FAILED':
      return {
        ...base,
        status: 'failed',
        error: { ...state.failure },
        metrics: toJobMetrics(state.metrics),
      };
    case 'QUEUED':
      return { ...base, status: 'queued', pollAfterMs };
    case 'PROCESSING':
    case 'UNKNOWN':
      return { ...base, status: 'running', pollAfterMs };
    case 'COMPLETED': {
      const path = `${basePath}/generations/${encodeURIComponent(base.id)}`;
      const { result } = state;
      return {
        ...base,
        status: 'succeeded',
        result: {
          videoUrl: `${path}/video`,
          downloadUrl: `${path}/video?download=1`,
          ...(result.lastFrameUrl ? { lastFrameUrl: `${path}/last-frame` } : {}),
          ...(result.seed === undefined ? {} : { seed: result.seed }),
          contentType: result.contentType,
          ...(result.bytes === undefined ? {} : { bytes: result.bytes }),
        },
        metrics: toJobMetrics(result.metrics),
      };
    }
  }
}

function expiredJob(base: JobBase): GenerationJob {
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

function canceledJob(base: JobBase): GenerationJob {
  // Segmind has no cancel endpoint: the job may still finish (and bill) upstream. Say so instead of pretending.
  return { ...base, status: 'canceled', remoteCancel: false };
}

function toJobMetrics(metrics: SegmindMetrics): JobMetrics {
  const result: JobMetrics = {};
  if (metrics.inferenceTime !== undefined) result.inferenceTimeMs = Math.round(metrics.inferenceTime * 1000);
  if (metrics.queueTime !== undefined) result.queueTimeMs = Math.round(metrics.queueTime * 1000);
  if (metrics.totalTime !== undefined) result.totalTimeMs = Math.round(metrics.totalTime * 1000);
  if (metrics.cost !== undefined) result.costUsd = metrics.cost;
  return result;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
