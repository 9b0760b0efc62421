import { randomInt, randomUUID } from 'node:crypto';
import { estimateJobCost, roundUsd } from './billing';
import { SEGMIND_MAX_SEED, type SegmindJobStatus } from './constants';
import type { EmulatorContext, EmulatorJob } from './context';
import type { SeedanceJobInput } from './input-validation';
import { clipFor } from './media';

/** Bills and stores a new job. The caller has checked the balance. */
export function createJob(
  context: EmulatorContext,
  input: SeedanceJobInput,
  changes: { failure?: string; expireNow?: boolean } = {},
): EmulatorJob {
  const now = Date.now();
  const cost = estimateJobCost(input);
  context.account.balance = roundUsd(context.account.balance - cost);
  const job: EmulatorJob = {
    id: randomUUID(),
    input,
    submittedAt: now,
    queuedMs: context.settings.queuedMs,
    processingMs: context.settings.processingMs,
    expiresAt: changes.expireNow ? now : now + context.settings.expiryMs,
    seed: input.seed === -1 ? randomInt(0, SEGMIND_MAX_SEED) : input.seed,
    cost,
    remainingCredits: context.account.balance,
    failure: changes.failure,
  };
  context.jobs.set(job.id, job);
  return job;
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
  const status = jobStatus(job, now);
  if (status === 'QUEUED' || status === 'PROCESSING') return { status: 200, body: pendingBody(context, job, status) };
  if (status === 'FAILED') return failedBody(context, job);
  const urls = outputUrls(context, job.id);
  const clip = clipFor(context.media, job.input.aspectRatio);
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
      metrics: {
        inference_time: seconds(job.processingMs),
        queue_time: seconds(job.queuedMs),
        total_time: seconds(job.queuedMs + job.processingMs),
        cost: job.cost,
        remaining_credits: job.remainingCredits,
      },
    },
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
      metrics: { inference_time: seconds(job.processingMs), queue_time: seconds(job.queuedMs) },
    },
  };
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
