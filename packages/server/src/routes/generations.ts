import { type GenerationJob, type ResolvedGenerationInput, SeedanceError } from '@seedance-kit/core';
import { validationError } from '@seedance-kit/core/internal';
import {
  IDEMPOTENCY_KEY_HEADER,
  type SeedanceErrorBody,
  submitGenerationRequestSchema,
} from '@seedance-kit/core/protocol';
import type { SeedanceUser } from '../authorize';
import type { HandlerContext } from '../context';
import type { Follower } from '../follower/follower';
import { jsonResponse, readBodyText, requireJson, requireProtocolHeader } from '../http';
import { type JobTokenClaims, signJobToken, verifyJobToken } from '../job-token';
import { isSettled, type JobRecord, jobFromRecord, summarizeInput } from '../jobs/job-record';
import type { JobRecords } from '../jobs/job-records';
import { checkPolicy, type Reservation, releaseSlot, reserveCapacity } from '../limits';
import type { PolledState, Poller } from '../polling';
import { checkReferenceUrls } from '../reference-urls';
import { storeKeys } from '../store/keys';
import { isSubmitOutcomeUnknown, type SegmindSubmission } from '../upstream/segmind-client';

/** Segmind keeps request records one hour after submit; after that a job can only be `expired`. */
const UPSTREAM_RECORD_LIFETIME_MS = 60 * 60 * 1000;
/** Attempts at a write that records an accepted submit: about a minute of backoff in all. */
const MUST_LAND_ATTEMPTS = 14;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,200}$/;
const IDEMPOTENCY_WAIT_STEP_MS = 50;
/** Tokens that verified, kept so a job polled every interval pays for the HMAC once per process, not per poll. */
const VERIFIED_TOKEN_CACHE_SIZE = 1_000;

type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; job: GenerationJob }
  /** The submit may have reached Segmind but gave no job id: the key stays bound so nothing re-sends it. */
  | { state: 'failed'; fingerprint: string; error: SeedanceErrorBody };

/** The job records and the follower the routes write to. */
export interface GenerationFollowUp {
  records: JobRecords;
  follower: Follower;
  /** The record behind a verified token (refused when deleted, rebuilt when the store lost it). */
  recordFor(claims: JobTokenClaims, token: string): Promise<JobRecord>;
}

/** The generation routes: submit, read and cancel. */
export interface GenerationRoutes {
  submit(request: Request, user: SeedanceUser): Promise<Response>;
  get(token: string, request: Request, user: SeedanceUser): Promise<Response>;
  cancel(token: string, request: Request, user: SeedanceUser): Promise<Response>;
  /** Verifies a token and its owner: `NOT_FOUND` for a token not issued here, `FORBIDDEN` for another user's. */
  claimsFor(token: string, user: SeedanceUser): Promise<JobTokenClaims>;
}

/** Builds the generation routes over the shared context and poller. */
export function createGenerationRoutes(
  context: HandlerContext,
  poller: Poller,
  { follower, recordFor }: GenerationFollowUp,
): GenerationRoutes {
  const { settings, segmind } = context;
  const { store } = settings;
  // Bound to the key for as long as a submit may wait on Segmind, with a margin for the store writes after it.
  const pendingLifetimeMs = settings.upstreamSubmitTimeoutMs + 60_000;
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

  /**
   * Reserves the user's capacity, submits once, and binds the key to the outcome. Capacity is given back and the key
   * freed only when Segmind provably did not take the job; when the outcome is unknown both stay taken, so nothing
   * re-sends a job that may be running (and billing) upstream.
   */
  async function submitOnce(
    input: ResolvedGenerationInput,
    user: SeedanceUser,
    key: string,
    fingerprint: string,
  ): Promise<GenerationJob> {
    let reservation: Reservation;
    try {
      reservation = await reserveCapacity(settings, user, input);
    } catch (error) {
      await store.delete(key);
      throw error;
    }
    let submission: SegmindSubmission;
    try {
      submission = await segmind.submit(input);
    } catch (error) {
      if (isSubmitOutcomeUnknown(error)) {
        const failed: IdempotencyRecord = {
          state: 'failed',
          fingerprint,
          error: SeedanceError.isInstance(error)
            ? error.toJSON()
            : new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service did not answer.').toJSON(),
        };
        await mustLand(() => store.set(key, JSON.stringify(failed), IDEMPOTENCY_TTL_MS));
        settings.onError(error);
      } else {
        await reservation.undo();
        await store.delete(key);
      }
      throw error;
    }
    const createdAt = settings.now();
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
      slotId: reservation.slotId,
    };
    const id = await signJobToken(claims, settings.secrets);
    const job: GenerationJob = {
      ...jobBase(id, claims, createdAt),
      status: submission.status.toUpperCase() === 'PROCESSING' ? 'running' : 'queued',
      pollAfterMs: settings.pollIntervalMs,
    };
    const done: IdempotencyRecord = { state: 'done', fingerprint, job };
    // Recorded (and its follow-up scheduled) before the key says done: whoever sees the job can rely on its record.
    await mustLand(() =>
      follower.accepted({
        requestId: claims.requestId,
        token: id,
        userId: user.id,
        createdAt,
        updatedAt: createdAt,
        expiresAt: claims.expiresAt,
        slotId: claims.slotId,
        input: summarizeInput(input),
        status: job.status,
        failures: 0,
        version: 1,
      }),
    );
    await mustLand(() => store.set(key, JSON.stringify(done), IDEMPOTENCY_TTL_MS));
    return job;
  }

  /**
   * Writes that follow a submit Segmind accepted (or may have) must land, or a billed job is lost to its client and
   * its follower: each is retried with backoff through a passing store failure, every failure reported. After the
   * last attempt the key stays pending until it lapses, so no duplicate is ever submitted meanwhile.
   */
  async function mustLand(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        settings.onError(error);
        if (attempt >= MUST_LAND_ATTEMPTS - 1) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  }

  /** Answers with the submit's outcome if it comes by `deadline`, else tells the client to ask again with its key. */
  async function answerBy(outcome: Promise<GenerationJob>, deadline: number): Promise<Response> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - settings.now()));
    });
    try {
      const job = await Promise.race([outcome, late]);
      if (job === undefined) throw stillSubmitting(settings.upstreamTimeoutMs);
      return jsonResponse({ job }, 202);
    } finally {
      clearTimeout(timer);
    }
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
      // The client hears back within the usual upstream timeout; the submit itself may take much longer.
      const deadline = settings.now() + settings.upstreamTimeoutMs;
      for (;;) {
        const pending: IdempotencyRecord = { state: 'pending', fingerprint };
        if (await store.setIfAbsent(key, JSON.stringify(pending), pendingLifetimeMs)) {
          const outcome = submitOnce(input, user, key, fingerprint);
          // Not tied to this request: a client that hangs up (or a slow Segmind) must not stop a submit that may
          // already have started a billed job. The outcome lands under the key for the client's retry.
          settings.waitUntil(outcome.catch(() => undefined));
          return answerBy(outcome, deadline);
        }
        const raw = await store.get(key);
        if (raw === undefined) continue; // the first attempt was refused and freed the key: take it
        const record = JSON.parse(raw) as IdempotencyRecord;
        if (record.fingerprint !== fingerprint) {
          throw new SeedanceError(
            'VALIDATION_FAILED',
            `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different input. Use a new key for a new generation.`,
          );
        }
        if (record.state === 'done') return jsonResponse({ job: record.job }, 202);
        if (record.state === 'failed') throw SeedanceError.fromJSON(record.error);
        if (settings.now() > deadline) throw stillSubmitting(settings.upstreamTimeoutMs);
        await new Promise((resolve) => setTimeout(resolve, IDEMPOTENCY_WAIT_STEP_MS));
      }
    },
    async get(token, request, user) {
      const claims = await claimsFor(token, user);
      let record = await recordFor(claims, token);
      if (!isSettled(record)) {
        if (settings.now() >= claims.expiresAt) {
          record = await follower.observed(record, { status: 'NOT_FOUND' });
        } else {
          try {
            // Coalesced with every other reader and the follower: a browser read costs no extra upstream call.
            record = await follower.observed(record, await poller.poll(claims.requestId, request.signal));
          } catch (error) {
            // A canceled job answers canceled whatever upstream says; the follower keeps watching it end.
            if (!record.canceled) throw error;
          }
        }
      }
      if (isSettled(record)) await releaseSlot(settings, claims.userId, claims.slotId);
      return jsonResponse({ job: jobFromRecord(record, settings.basePath, settings.pollIntervalMs) });
    },
    async cancel(token, request, user) {
      requireProtocolHeader(request);
      const claims = await claimsFor(token, user);
      const base = jobBase(token, claims, settings.now());
      if (settings.now() >= claims.expiresAt) return jsonResponse({ job: expiredJob(base) });
      const record = await recordFor(claims, token);
      // A job that already ended keeps its outcome: there is nothing left to cancel.
      if (isSettled(record) && !record.canceled) {
        return jsonResponse({ job: jobFromRecord(record, settings.basePath, settings.pollIntervalMs) });
      }
      const cached = await store.get(storeKeys.poll(claims.requestId));
      if (cached !== undefined) {
        const state = JSON.parse(cached) as PolledState | { status: 'ERROR' };
        if (state.status === 'COMPLETED' || state.status === 'FAILED' || state.status === 'NOT_FOUND') {
          const ended = await follower.observed(record, state);
          return jsonResponse({ job: jobFromRecord(ended, settings.basePath, settings.pollIntervalMs) });
        }
      }
      // The slot stays taken: Segmind cannot stop the job, which runs (and bills) until it ends upstream. The
      // follower frees it when it sees the job end there, so cancel-and-resubmit cannot run more than the limit.
      await store.set(storeKeys.canceled(claims.requestId), '1', Math.max(1, claims.expiresAt - settings.now()));
      await follower.canceled(record);
      return jsonResponse({ job: canceledJob(base) });
    },
  };
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

function stillSubmitting(waitMs: number): SeedanceError {
  return new SeedanceError(
    'UPSTREAM_TIMEOUT',
    `The video service is slow to accept this generation; it is still being submitted. Send the same request with the same ${IDEMPOTENCY_KEY_HEADER} to receive the job: it is never submitted or billed twice.`,
    { retryable: true, retryAfterMs: Math.min(2_000, waitMs) },
  );
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

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
