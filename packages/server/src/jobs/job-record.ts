import type { GenerationJob, ResolvedGenerationInput } from '@seedance-kit/core';
import type { JobInputSummary, JobMetrics, JobStatus, SeedanceErrorBody } from '@seedance-kit/core/protocol';
import type { PolledState } from '../polling';
import type { SegmindMetrics, SegmindResult } from '../upstream/segmind-client';

/** A file of a job copied into the host's storage. */
export interface StoredFile {
  /** The storage key. */
  key: string;
  contentType: string;
  bytes: number;
}

/**
 * What the server knows of one generation, written at submit and kept up to date by the follower. The signed job
 * token stays the proof of ownership; this is the state behind it.
 */
export interface JobRecord {
  /** Segmind's request id: the key of every step, so a step repeated after a crash changes nothing. */
  requestId: string;
  /** The job token handed to the browser (its `id`). */
  token: string;
  userId: string;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** When Segmind forgets the request (1 hour after submit). */
  expiresAt: number;
  /** The concurrency slot the job holds until it ends upstream. */
  slotId: string;
  input: JobInputSummary & { prompt?: string; referenceCount?: number };
  status: JobStatus;
  /** Set when the user canceled; the job may still run (and bill) upstream until `upstreamEnded`. */
  canceled?: boolean;
  /** Segmind finished with the job (completed, failed, or forgot it). */
  upstreamEnded?: boolean;
  /** The upstream result (CDN URLs), once completed. */
  result?: SegmindResult;
  /** Copies in the host's storage, once made. */
  stored?: { video: StoredFile; lastFrame?: StoredFile };
  error?: SeedanceErrorBody;
  metrics?: JobMetrics;
  /** Consecutive failed follow-up steps (upstream trouble, storage, delivery), for backoff. */
  failures: number;
  /** Grows with every change: the SSE event id. */
  version: number;
}

const PROMPT_SUMMARY_LENGTH = 200;

/** The input summary a record keeps: the job's parameters, the start of the prompt and how many references. */
export function summarizeInput(input: ResolvedGenerationInput): JobRecord['input'] {
  const referenceCount =
    (input.reference_images?.length ?? 0) +
    (input.reference_videos?.length ?? 0) +
    (input.reference_audios?.length ?? 0) +
    (input.first_frame_url ? 1 : 0) +
    (input.last_frame_url ? 1 : 0);
  return {
    aspectRatio: input.aspect_ratio,
    duration: input.duration,
    resolution: input.resolution,
    generateAudio: input.generate_audio,
    prompt: input.prompt.slice(0, PROMPT_SUMMARY_LENGTH),
    referenceCount,
  };
}

/** Whether the record will change no more upstream (its follow-up may still copy files or deliver). */
export function isSettled(record: JobRecord): boolean {
  return record.upstreamEnded === true || record.status === 'expired';
}

/** Folds one upstream read into the record; resolves whether anything the browser sees changed. */
export function applyUpstreamState(record: JobRecord, state: PolledState, now: number): boolean {
  const before = record.status;
  switch (state.status) {
    case 'QUEUED':
      return false;
    case 'PROCESSING':
    case 'UNKNOWN':
      if (record.canceled || record.status !== 'queued') return false;
      record.status = 'running';
      break;
    case 'COMPLETED':
      record.upstreamEnded = true;
      record.result = state.result;
      record.metrics = toJobMetrics(state.result.metrics);
      if (!record.canceled) record.status = 'succeeded';
      break;
    case 'FAILED':
      record.upstreamEnded = true;
      record.metrics = toJobMetrics(state.metrics);
      if (!record.canceled) {
        record.status = 'failed';
        record.error = { ...state.failure };
      }
      break;
    case 'NOT_FOUND':
      record.upstreamEnded = true;
      if (!record.canceled) markExpired(record);
      break;
  }
  record.updatedAt = now;
  record.version += 1;
  return record.status !== before || state.status === 'COMPLETED';
}

/** Marks a record expired: Segmind forgot the request before anyone saw it end. */
export function markExpired(record: JobRecord): void {
  record.status = 'expired';
  record.error = {
    code: 'EXPIRED',
    message: 'This generation is older than the video service keeps jobs (1 hour). Generate it again.',
    retryable: false,
  };
}

/** The job as the protocol serves it. Media URLs point at the signer, which serves the stored copy or the CDN. */
export function jobFromRecord(record: JobRecord, basePath: string, pollAfterMs: number): GenerationJob {
  const { prompt: _prompt, referenceCount: _references, ...summary } = record.input;
  const base = {
    id: record.token,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    input: {
      ...summary,
      ...(record.input.prompt === undefined ? {} : { prompt: record.input.prompt }),
      ...(record.input.referenceCount === undefined ? {} : { referenceCount: record.input.referenceCount }),
    },
  };
  switch (record.status) {
    case 'queued':
    case 'running':
      return { ...base, status: record.status, pollAfterMs };
    case 'canceled':
      return { ...base, status: 'canceled', remoteCancel: false };
    case 'failed':
    case 'expired':
      return {
        ...base,
        status: record.status,
        ...(record.error ? { error: record.error } : {}),
        ...(record.metrics ? { metrics: record.metrics } : {}),
      };
    case 'succeeded': {
      const path = `${basePath}/generations/${encodeURIComponent(record.token)}`;
      const result = record.result;
      const bytes = record.stored?.video.bytes ?? result?.bytes;
      return {
        ...base,
        status: 'succeeded',
        result: {
          videoUrl: `${path}/video`,
          downloadUrl: `${path}/video?download=1`,
          ...(result?.lastFrameUrl ? { lastFrameUrl: `${path}/last-frame` } : {}),
          ...(result?.seed === undefined ? {} : { seed: result.seed }),
          contentType: record.stored?.video.contentType ?? result?.contentType ?? 'video/mp4',
          ...(bytes === undefined ? {} : { bytes }),
        },
        ...(record.metrics ? { metrics: record.metrics } : {}),
      };
    }
  }
}

/** Segmind's seconds as the protocol's milliseconds. */
export function toJobMetrics(metrics: SegmindMetrics): JobMetrics {
  const result: JobMetrics = {};
  if (metrics.inferenceTime !== undefined) result.inferenceTimeMs = Math.round(metrics.inferenceTime * 1000);
  if (metrics.queueTime !== undefined) result.queueTimeMs = Math.round(metrics.queueTime * 1000);
  if (metrics.totalTime !== undefined) result.totalTimeMs = Math.round(metrics.totalTime * 1000);
  if (metrics.cost !== undefined) result.costUsd = metrics.cost;
  return result;
}
