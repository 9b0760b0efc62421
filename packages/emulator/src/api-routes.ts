import { randomInt, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { estimateJobCost } from './billing';
import { RATE_LIMIT_RESET_HEADER, SEGMIND_MAX_SEED, SEGMIND_MODEL } from './constants';
import type { EmulatorContext, StoredAsset } from './context';
import type { EmulatorFault } from './faults';
import { jsonReply, parseJson, type Reply } from './http';
import { type InputIssue, type SeedanceJobInput, validateSeedanceInput } from './input-validation';
import {
  charge,
  createJob,
  findLiveJob,
  generationRecord,
  jobUrls,
  newRequestId,
  resultBody,
  statusBody,
} from './jobs';
import { clipFor } from './media';
import { contentRejectionMessage } from './moderation';

/** A request as the API routes see it: the body is already read. */
export interface ApiRequest {
  request: IncomingMessage;
  body: Buffer;
  /** Tells the request record which submit-only fault shaped the job. */
  noteFault: (fault: EmulatorFault) => void;
}

/** `POST /v2/<model>`: validates and queues a job, billed only if it completes. */
export function handleSubmit(context: EmulatorContext, { request, body, noteFault }: ApiRequest, model: string): Reply {
  const accepted = admitGeneration(context, request, body, model);
  if ('reply' in accepted) return accepted.reply;

  const fault = context.faults.take('submit', 'job');
  if (fault !== undefined) noteFault(fault);
  const kind = fault?.kind;
  const faultType = kind !== undefined && 'type' in kind ? kind.type : undefined;
  const failure =
    // Bad input Segmind lets through fails the job first: the model never ran, whatever else was planned for it.
    accepted.failure ??
    (kind !== undefined && 'type' in kind && kind.type === 'fail-job'
      ? (kind.message ?? context.settings.failureMessage)
      : kind !== undefined && 'type' in kind && kind.type === 'content-rejected'
        ? contentRejectionMessage(kind.preset)
        : undefined);
  const job = createJob(context, accepted.input, { failure, expireNow: faultType === 'expire-job' });
  if (faultType === 'missing-request-id') return jsonReply(200, { status: 'QUEUED' });
  return jsonReply(200, { request_id: job.id, status: 'QUEUED', ...jobUrls(context, job.id) });
}

/** `GET /v2/requests/:id/status`. */
export function handleStatus(context: EmulatorContext, { request }: ApiRequest, id: string): Reply {
  const denied = checkApiKey(context, request) ?? checkPollRateLimit(context, request);
  if (denied) return denied;
  const now = Date.now();
  const job = findLiveJob(context, id, now);
  if (job === undefined) return notFound(id);
  const { status, body } = statusBody(context, job, now);
  return jsonReply(status, body);
}

/** `GET /v2/requests/:id` and its v1 mirror `GET /v1/requests/:id`. */
export function handleResult(context: EmulatorContext, { request }: ApiRequest, id: string): Reply {
  const denied = checkApiKey(context, request) ?? checkPollRateLimit(context, request);
  if (denied) return denied;
  const now = Date.now();
  const job = findLiveJob(context, id, now);
  if (job === undefined) return notFound(id);
  const { status, body } = resultBody(context, job, now);
  return jsonReply(status, body);
}

/**
 * `GET /inference-request/request-history/:id`: one request of the account, of any age (SDK 1.3's `generations.get`),
 * so a job is readable after its 1-hour request record answers 404.
 */
export function handleGeneration(context: EmulatorContext, { request }: ApiRequest, id: string): Reply {
  const denied = checkApiKey(context, request) ?? checkPollRateLimit(context, request);
  if (denied) return denied;
  const job = context.jobs.get(id);
  if (!context.settings.recovery || job === undefined) return notFound(id);
  return jsonReply(200, generationRecord(context, job, Date.now()));
}

/**
 * `POST /v1/<model>`: the blocking API Segmind keeps in maintenance mode. Waits the whole queue and processing time,
 * then streams the MP4 with the result in headers. It creates no job to poll.
 */
export async function handleSync(
  context: EmulatorContext,
  { request, body }: ApiRequest,
  model: string,
): Promise<Reply> {
  const accepted = admitGeneration(context, request, body, model);
  if ('reply' in accepted) return accepted.reply;
  const { input } = accepted;
  await context.delay(context.settings.queuedMs + context.settings.processingMs);
  // The blocking call has no job to fail later: input Segmind would fail is answered now, and nothing is billed.
  if (accepted.failure !== undefined) return jsonReply(422, { error: accepted.failure });
  const cost = estimateJobCost(input);
  const remaining = charge(context, cost);

  const clip = clipFor(context.media, input.aspectRatio).video;
  const reply: Reply = {
    kind: 'answer',
    status: 200,
    headers: {
      'content-type': clip.contentType,
      'content-length': String(clip.size),
      'x-remaining-credits': String(remaining),
      'x-cost': String(cost),
      'x-generation-time': String(context.settings.processingMs / 1000),
      'x-seed-value': String(input.seed === -1 ? randomInt(0, SEGMIND_MAX_SEED) : input.seed),
      'x-request-id': newRequestId(context),
    },
    body: () => createReadStream(clip.path),
  };
  return reply;
}

/** `POST /upload-asset` (on workflows-api.segmind.com upstream): stores data URLs, answers their CDN URLs. */
export function handleUpload(context: EmulatorContext, { request, body }: ApiRequest): Reply {
  const denied = checkApiKey(context, request) ?? checkContentType(request);
  if (denied) return denied;
  const parsed = parseJson(body.toString('utf8'));
  if (!parsed.ok)
    return jsonReply(400, { error: 'Invalid JSON body: expected {"data_urls":["data:<mime>;base64,..."]}' });
  const dataUrls = (parsed.value as { data_urls?: unknown } | null)?.data_urls;
  if (!Array.isArray(dataUrls) || dataUrls.length === 0) {
    return jsonReply(400, { error: 'data_urls must be a non-empty array of "data:<mime>;base64,<data>" strings' });
  }
  const assets: StoredAsset[] = [];
  for (const [index, dataUrl] of dataUrls.entries()) {
    const asset = decodeDataUrl(dataUrl);
    if (typeof asset === 'string') return jsonReply(400, { error: `data_urls[${index}] ${asset}` });
    assets.push(asset);
  }
  const origin = context.origin();
  const urls = assets.map((asset) => {
    context.assets.set(asset.id, asset);
    return `${origin}/cdn/assets/${asset.id}.${asset.extension}`;
  });
  return context.settings.uploadResponseKey === 'urls'
    ? jsonReply(200, { urls })
    : jsonReply(200, { file_urls: urls, message: 'Files uploaded successfully' });
}

/** Checks the `x-api-key` header: missing is always 401, a wrong one only when a key was configured. */
export function checkApiKey(context: EmulatorContext, request: IncomingMessage): Reply | undefined {
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string' || key.trim() === '') {
    return jsonReply(401, { error: 'Unauthorized: the x-api-key header is missing' });
  }
  if (context.settings.apiKey !== undefined && key !== context.settings.apiKey) {
    return jsonReply(401, { error: 'Unauthorized: invalid API key' });
  }
  return undefined;
}

/**
 * The checks a generation goes through at submit, in the order a gateway and then the model service would apply
 * them: key, model, rate limit, content type, JSON, parameters, credits, team spend limit. In `segmind` validation only
 * a value outside a fixed set is refused here; any other bad input is accepted with the `failure` its job will end in.
 */
function admitGeneration(
  context: EmulatorContext,
  request: IncomingMessage,
  body: Buffer,
  model: string,
): { input: SeedanceJobInput; failure?: string } | { reply: Reply } {
  const denied = checkApiKey(context, request);
  if (denied) return { reply: denied };
  if (model !== SEGMIND_MODEL) return { reply: jsonReply(404, { error: `Model ${model} not found` }) };

  const limited = checkRateLimit(context, request);
  if (limited) return { reply: limited };

  const wrongType = checkContentType(request);
  if (wrongType) return { reply: wrongType };
  const parsed = parseJson(body.toString('utf8'));
  if (!parsed.ok) return { reply: jsonReply(400, { error: 'Invalid JSON body' }) };
  const { settings } = context;
  const validation = validateSeedanceInput(parsed.value, {
    acceptAutoDuration: settings.acceptAutoDuration,
    maxSeed: settings.maxSeed,
  });
  let failure: string | undefined;
  if (!validation.ok) {
    const refusal = refuseAtSubmit(context, validation.issues, validation.input === undefined);
    if (refusal) return { reply: refusal };
    failure = failedJobMessage(validation.issues);
  }
  const input = validation.input as SeedanceJobInput;

  const cost = estimateJobCost(input);
  if (context.account.balance < cost) {
    return {
      reply: jsonReply(406, {
        error: `Insufficient credits: this job costs $${cost} and the balance is $${context.account.balance}. Add credits to continue.`,
      }),
    };
  }
  if (settings.spendLimit !== undefined && context.account.spent + cost > settings.spendLimit) {
    return {
      reply: jsonReply(406, {
        error: `Team spend limit reached: $${context.account.spent} of $${settings.spendLimit} spent this period. Ask a team admin to raise the limit.`,
      }),
    };
  }
  return failure === undefined ? { input } : { input, failure };
}

/**
 * The submit answer for bad input, or `undefined` when Segmind would accept it and fail the job instead. `strict`
 * refuses everything here with 422 (every problem joined); `segmind` refuses only values outside a fixed set, with 400
 * or, when so configured, 406 "parameter rejected".
 */
function refuseAtSubmit(context: EmulatorContext, issues: InputIssue[], notAnObject: boolean): Reply | undefined {
  const { settings } = context;
  if (settings.validation === 'strict') {
    return jsonReply(422, { error: issues.map((issue) => issue.message).join('; ') });
  }
  if (notAnObject) return jsonReply(400, { error: issues.map((issue) => issue.message).join('; ') });
  const enums = issues.filter((issue) => issue.kind === 'enum');
  if (enums.length === 0) return undefined;
  const detail = enums.map((issue) => issue.message).join('; ');
  return settings.enumRejectionStatus === 406
    ? jsonReply(406, { error: `Parameter rejected: ${detail}` })
    : jsonReply(400, { error: detail });
}

/** The `error` of a job whose input Segmind accepted but the model's own validation refuses, in Segmind's words. */
function failedJobMessage(issues: InputIssue[]): string {
  if (issues.some((issue) => issue.field === 'prompt')) return 'Prompt is Mandatory and must be string';
  const fields = [...new Set(issues.map((issue) => issue.field))].join(', ');
  return `Validation error in ${fields}: ${issues.map((issue) => issue.message).join('; ')}`;
}

/** The plan's requests-per-minute limit on submits, per key. */
function checkRateLimit(context: EmulatorContext, request: IncomingMessage): Reply | undefined {
  if (context.rateLimiter === undefined) return undefined;
  const decision = context.rateLimiter.attempt(String(request.headers['x-api-key']), Date.now());
  if (decision.allowed) return undefined;
  const resetAt = new Date(decision.resetAt).toISOString();
  return jsonReply(
    429,
    {
      error: `Rate limit exceeded: ${context.settings.rateLimitPerMinute} requests per minute. Try again after ${resetAt}`,
    },
    { [RATE_LIMIT_RESET_HEADER]: resetAt },
  );
}

/** Reads count toward the same limit only with `rateLimitCountsPolls` (Segmind has not said whether they do). */
function checkPollRateLimit(context: EmulatorContext, request: IncomingMessage): Reply | undefined {
  return context.settings.rateLimitCountsPolls ? checkRateLimit(context, request) : undefined;
}

function checkContentType(request: IncomingMessage): Reply | undefined {
  const type = request.headers['content-type'] ?? '';
  if (type.split(';')[0]?.trim().toLowerCase() === 'application/json') return undefined;
  return jsonReply(406, { error: 'Invalid content type: send Content-Type: application/json' });
}

function notFound(id: string): Reply {
  return jsonReply(404, { error: `Request ${id} not found` });
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mp4': 'm4a',
};

/** Decodes one data URL into an asset, or says what is wrong with it. */
function decodeDataUrl(dataUrl: unknown): StoredAsset | string {
  if (typeof dataUrl !== 'string') return 'must be a string';
  const match = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)((?:;[^;,]*)*?);base64,(.*)$/is.exec(dataUrl);
  if (match === null) return 'must look like "data:<mime>;base64,<data>"';
  const [, mime = '', , data = ''] = match;
  const compact = data.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    return 'has no valid base64 data';
  }
  const contentType = mime.toLowerCase();
  return {
    id: randomUUID(),
    extension: EXTENSIONS[contentType] ?? 'bin',
    contentType,
    bytes: Buffer.from(compact, 'base64'),
  };
}
