import type { SegmindMetrics } from './segmind-client';

/** A job as the generation-history read describes it, normalised. */
export interface GenerationRecord {
  status: 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';
  rawStatus: string;
  /** The output as answered: a URL, or the provider's JSON as a string. */
  output: unknown;
  lastFrameUrl: unknown;
  seed: number | undefined;
  error: string | undefined;
  metrics: SegmindMetrics;
}

/**
 * Reads the answer of the request-history read for one request id (the SDK's `generations.get`, see
 * `docs/upstream.md`). The SDK names the fields, not their values, so this is defensive: the record may come bare,
 * under `data`, or as the matching row of a list; the status is `model_status` (`COMPLETED`, `FAILED`, `PENDING`, …)
 * or `status`; the video `generation_url` or `output`; cost is `credits_deduction` (USD) and the run time
 * `latency_ms`. `undefined` when no record of that id is there.
 */
export function readGenerationRecord(body: unknown, requestId: string): GenerationRecord | undefined {
  const record = findRecord(body, requestId);
  if (record === undefined) return undefined;
  const statusValue = record.model_status ?? record.status;
  const rawStatus = typeof statusValue === 'string' ? statusValue.toUpperCase() : '';
  const known = ['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
  const status = (known as readonly string[]).includes(rawStatus) ? (rawStatus as (typeof known)[number]) : 'UNKNOWN';
  const metrics: SegmindMetrics = {};
  const cost = finite(record.credits_deduction ?? record.cost);
  const latencyMs = finite(record.latency_ms);
  if (cost !== undefined) metrics.cost = cost;
  if (latencyMs !== undefined) metrics.totalTime = latencyMs / 1000;
  const requestBody = isRecord(record.request_body)
    ? record.request_body
    : isRecord(record.parameters)
      ? record.parameters
      : {};
  const seed = finite(record.seed) ?? finite(requestBody.seed);
  const error = record.error ?? record.error_message ?? record.message;
  return {
    status,
    rawStatus: rawStatus || 'UNKNOWN',
    output: record.generation_url ?? record.output ?? record.output_url ?? record.video_url,
    lastFrameUrl: record.last_frame_url,
    seed,
    // Whole: the caller scrubs secrets before anything cuts it.
    error: typeof error === 'string' && error !== '' ? error : undefined,
    metrics,
  };
}

function findRecord(body: unknown, requestId: string): Record<string, unknown> | undefined {
  const root = isRecord(body) && body.data !== undefined ? body.data : body;
  const rows = Array.isArray(root) ? root : [root];
  const matching = rows.filter(isRecord).filter((row) => {
    const id = row.request_id ?? row.id;
    // A bare record without an id is taken as the answer for the id asked when it has a status (an error body has
    // none); a row of another id never is.
    return id === undefined
      ? rows.length === 1 && (typeof row.model_status === 'string' || typeof row.status === 'string')
      : id === requestId;
  });
  return matching[0];
}

function finite(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
