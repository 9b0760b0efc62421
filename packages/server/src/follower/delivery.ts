import type { GenerationJob } from '@seedance-kit/core';
import { Webhook } from 'standardwebhooks';
import type { JobRecord } from '../jobs/job-record';
import type { GenerationCompleteEvent } from '../options';

/** Where finished jobs are announced: a URL signed per the Standard Webhooks spec. */
export interface WebhookOptions {
  /** The receiver's URL (your backend, a queue's HTTP ingress...). */
  url: string;
  /** The signing secret, `whsec_` + base64 as Standard Webhooks libraries expect. */
  secret: string;
  /** How long one delivery attempt may take, in ms. Default 10 000. */
  timeoutMs?: number;
}

/** The body of a webhook delivery. */
export interface GenerationWebhookPayload {
  /** `generation.succeeded`, `generation.failed` or `generation.expired`. */
  type: `generation.${'succeeded' | 'failed' | 'expired'}`;
  /** When the job changed last, ISO 8601. */
  timestamp: string;
  data: {
    /** The user who created the job. */
    userId: string;
    /** The job as the protocol serves it (result URLs point at the signer). */
    job: GenerationJob;
  };
}

/** Announces one finished job; throws when any announcement failed (the follower retries with backoff). */
export type Deliver = (record: JobRecord, job: GenerationJob) => Promise<void>;

/**
 * Runs `onGenerationComplete` (succeeded jobs) and posts the webhook (every finished job). The caller makes sure one
 * instance delivers each job once; the webhook id is stable per job, so a receiver can drop a repeat after a crash.
 */
export function createDelivery(options: {
  onGenerationComplete: ((event: GenerationCompleteEvent) => void | Promise<void>) | undefined;
  webhook: WebhookOptions | undefined;
  fetch: typeof globalThis.fetch;
}): Deliver | undefined {
  const { onGenerationComplete, webhook } = options;
  if (!onGenerationComplete && !webhook) return undefined;
  const signer = webhook ? new Webhook(webhook.secret) : undefined;
  return async function deliver(record, job) {
    if (onGenerationComplete && job.status === 'succeeded' && record.result) {
      await onGenerationComplete({ user: { id: record.userId }, job, upstreamVideoUrl: record.result.videoUrl });
    }
    if (!webhook || !signer) return;
    if (job.status !== 'succeeded' && job.status !== 'failed' && job.status !== 'expired') return;
    const payload: GenerationWebhookPayload = {
      type: `generation.${job.status}`,
      timestamp: job.updatedAt,
      data: { userId: record.userId, job },
    };
    const body = JSON.stringify(payload);
    const id = `msg_${record.requestId}`;
    const now = new Date();
    const response = await options.fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`The webhook at ${new URL(webhook.url).host} answered HTTP ${response.status}.`);
  };
}
