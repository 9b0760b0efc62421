import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { estimateJobCost, roundUsd } from './billing';
import { SEGMIND_MAX_SEED, SEGMIND_MODEL, type SegmindJobStatus } from './constants';
import type { EmulatorContext, EmulatorJob } from './context';
import type { SeedanceJobInput } from './input-validation';
import { clipFor } from './media';

/**
 * Stores a new job. Nothing is billed now: Segmind charges completed jobs only, so {@link settleBilling} bills each
 * job once its completion time has passed. The caller has checked the balance.
 */
export function createJob(
  context: EmulatorContext,
  input: SeedanceJobInput,
  changes: { failure?: string; expireNow?: boolean } = {},
): EmulatorJob {
  const now = Date.now();
  const job: EmulatorJob = {
    id: newRequestId(context),
    input,
    submittedAt: now,
    queuedMs: context.settings.queuedMs,
    processingMs:
      context.settings.processingMs +
      (context.settings.processingSpreadMs > 0 ? randomInt(0, Math.floor(context.settings.processingSpreadMs) + 1) : 0),
    expiresAt: changes.expireNow ? now : now + context.settings.expiryMs,
    seed: input.seed === -1 ? randomInt(0, SEGMIND_MAX_SEED) : input.seed,
    cost: estimateJobCost(input),
    remainingCredits: undefined,
    failure: changes.failure,
  };
  context.jobs.set(job.id, job);
  return job;
}

/** A request id in the configured format: a UUID, or 32 hex characters as Segmind also issues. */
export function newRequestId(context: EmulatorContext): string {
  return context.settings.requestIdFormat === 'hex32' ? randomBytes(16).toString('hex') : randomUUID();
}

/**
 * Bills every job that has completed by `now` and is not billed yet, in the order they completed, whether or not
 * anyone has read it: Segmind charges at completion, not when the result is fetched. FAILED jobs cost nothing.
 */
export function settleBilling(context: EmulatorContext, now: number): void {
  const due = [...context.jobs.values()]
    .filter(
      (job) => job.remainingCredits === undefined && job.failure === undefined && jobStatus(job, now) === 'COMPLETED',
    )
    .sort((first, second) => completedAt(first) - completedAt(second));
  for (const job of due) job.remainingCredits = charge(context, job.cost);
}

/** Takes `cost` from the balance and adds it to what was spent; returns the balance left. */
export function charge(context: EmulatorContext, cost: number): number {
  context.account.balance = roundUsd(context.account.balance - cost);
  context.account.spent = roundUsd(context.account.spent + cost);
  return context.account.balance;
}

function completedAt(job: EmulatorJob): number {
  return job.submittedAt + job.queuedMs + job.processingMs;
}

/** Where a job is in its timeline at `now`. */
export function jobStatus(job: EmulatorJob, now: number): SegmindJobStatus {
  const elapsed = now - job.submittedAt;
  if (elapsed < job.queuedMs) return 'QUEUED';
  if (elapsed < job.queuedMs + job.processingMs) return 'PROCESSING';
  return job.failure === undefined ? 'COMPLETED' : 'FAILED';
}

/** The job behind a request id, or `undefined` when unknown or its record expired. */
export function findLiveJob(context: EmulatorContext, id: string, now: number): EmulatorJob | undefined {
  const job = context.jobs.get(id);
  return job !== undefined && now < job.expiresAt ? job : undefined;
}

/** The URLs a submit answer carries, absolute on the emulator's origin. */
export function jobUrls(context: EmulatorContext, id: string) {
  const origin = context.origin();
  return {
    poll_url: `${origin}/v1/requests/${id}`,
    status_url: `${origin}/v2/requests/${id}/status`,
    response_url: `${origin}/v2/requests/${id}`,
  };
}

/** The CDN URLs of a job's outputs. */
export function outputUrls(context: EmulatorContext, id: string) {
  const origin = context.origin();
  return {
    video: `${origin}/cdn/generations/${id}.mp4`,
    lastFrame: `${origin}/cdn/generations/${id}-last-frame.jpg`,
  };
}

/** The body `GET status_url` answers, and its HTTP status (FAILED may come as 422 or 200). */
export function statusBody(context: EmulatorContext, job: EmulatorJob, now: number): { status: number; body: object } {
  const status = jobStatus(job, now);
  if (status === 'QUEUED' || status === 'PROCESSING') return { status: 200, body: pendingBody(context, job, status) };
  if (status === 'FAILED') return failedBody(context, job);
  return {
    status: 200,
    body: { status, request_id: job.id, metrics: { inference_time: seconds(job.processingMs) } },
  };
}

/** The body `GET response_url` answers, and its HTTP status. */
export function resultBody(context: EmulatorContext, job: EmulatorJob, now: number): { status: number; body: object } {
  // Settled at this same `now`, so a job seen completed here is always billed already.
  settleBilling(context, now);
  const status = jobStatus(job, now);
  if (status === 'QUEUED' || status === 'PROCESSING') return { status: 200, body: pendingBody(context, job, status) };
  if (status === 'FAILED') return failedBody(context, job);
  const urls = outputUrls(context, job.id);
  const clip = clipFor(context.media, job.input.aspectRatio);
  const metrics = {
    ...timeMetrics(job),
    cost: job.cost,
    remaining_credits: job.remainingCredits,
  };
  if (context.settings.outputFormat === 'json-string') {
    // Some models answer `output` as the provider's JSON, stringified, and nothing else (SEGMIND.md): here the shape
    // ByteDance's own API gives a Seedance task.
    const content = { video_url: urls.video, ...(job.input.returnLastFrame ? { last_frame_url: urls.lastFrame } : {}) };
    return {
      status: 200,
      body: { status, request_id: job.id, error: null, output: JSON.stringify({ content, seed: job.seed }), metrics },
    };
  }
  return {
    status: 200,
    body: {
      status,
      request_id: job.id,
      error: null,
      output: urls.video,
      video: {
        url: urls.video,
        content_type: 'video/mp4',
        file_name: `${job.id}.mp4`,
        file_size: String(clip.video.size),
        ...(job.input.returnLastFrame ? { last_frame_url: urls.lastFrame } : {}),
      },
      seed: String(job.seed),
      metrics,
    },
  };
}

/**
 * The record the "request of any age" read answers (SDK 1.3's `generations.get`): a row of the account's request
 * history, which outlives the 1-hour request record. The SDK documents its fields, not their values: `request_id`,
 * `model_name`, `model_status` (`COMPLETED`, `FAILED`, or `PENDING` while in flight, the values its `status` filter
 * takes), `credits_deduction` (USD), `request_body` (the inputs as sent), `generation_url`, `latency_ms`, timestamps,
 * and `error` for a failure.
 */
export function generationRecord(context: EmulatorContext, job: EmulatorJob, now: number): object {
  settleBilling(context, now);
  const status = jobStatus(job, now);
  const completed = status === 'COMPLETED';
  const finished = completed || status === 'FAILED';
  return {
    request_id: job.id,
    model_name: SEGMIND_MODEL,
    model_status: finished ? status : 'PENDING',
    model_created: new Date(job.submittedAt).toISOString(),
    request_body: requestBody(job.input),
    generation_url: completed ? outputUrls(context, job.id).video : null,
    credits_deduction: completed ? job.cost : 0,
    latency_ms: finished ? job.queuedMs + job.processingMs : null,
    ...(status === 'FAILED' ? { error: job.failure } : {}),
  };
}

function requestBody(input: SeedanceJobInput): object {
  return {
    prompt: input.prompt,
    aspect_ratio: input.aspectRatio,
    duration: input.duration,
    resolution: input.resolution,
    generate_audio: input.generateAudio,
    seed: input.seed,
    return_last_frame: input.returnLastFrame,
  };
}

function pendingBody(context: EmulatorContext, job: EmulatorJob, status: 'QUEUED' | 'PROCESSING'): object {
  const { status_url, response_url } = jobUrls(context, job.id);
  return { status, request_id: job.id, status_url, response_url, metrics: {} };
}

function failedBody(context: EmulatorContext, job: EmulatorJob): { status: number; body: object } {
  return {
    status: context.settings.failedStatusCode,
    body: {
      status: 'FAILED',
      request_id: job.id,
      error: job.failure,
      // Timings and no cost: a FAILED job is not charged.
      metrics: timeMetrics(job),
    },
  };
}

function timeMetrics(job: EmulatorJob) {
  return {
    inference_time: seconds(job.processingMs),
    queue_time: seconds(job.queuedMs),
    total_time: seconds(job.queuedMs + job.processingMs),
  };
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
