import { randomInt, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { estimateJobCost, roundUsd } from './billing';
import { RATE_LIMIT_RESET_HEADER, SEGMIND_MAX_SEED, SEGMIND_MODEL } from './constants';
import type { EmulatorContext, StoredAsset } from './context';
import type { EmulatorFault } from './faults';
import { jsonReply, parseJson, type Reply } from './http';
import { type SeedanceJobInput, validateSeedanceInput } from './input-validation';
import { createJob, findLiveJob, jobUrls, resultBody, statusBody } from './jobs';
import { clipFor } from './media';

/** A request as the API routes see it: the body is already read. */
export interface ApiRequest {
  request: IncomingMessage;
  body: Buffer;
  /** Tells the request record which submit-only fault shaped the job. */
  noteFault: (fault: EmulatorFault) => void;
}

/** `POST /v2/<model>`: validates, bills and queues a job. */
export function handleSubmit(context: EmulatorContext, { request, body, noteFault }: ApiRequest, model: string): Reply {
  const accepted = admitGeneration(context, request, body, model);
  if ('reply' in accepted) return accepted.reply;

  const fault = context.faults.take('submit', 'job');
  if (fault !== undefined) noteFault(fault);
  const kind = fault?.kind;
  const faultType = kind !== undefined && 'type' in kind ? kind.type : undefined;
  const failure =
    kind !== undefined && 'type' in kind && kind.type === 'fail-job'
      ? (kind.message ?? context.settings.failureMessage)
      : undefined;
  const job = createJob(context, accepted.input, { failure, expireNow: faultType === 'expire-job' });
  if (faultType === 'missing-request-id') return jsonReply(200, { status: 'QUEUED' });
  return jsonReply(200, { request_id: job.id, status: 'QUEUED', ...jobUrls(context, job.id) });
}

/** `GET /v2/requests/:id/status`. */
export function handleStatus(context: EmulatorContext, { request }: ApiRequest, id: string): Reply {
  const denied = checkApiKey(context, request);
  if (denied) return denied;
  const now = Date.now();
  const job = findLiveJob(context, id, now);
  if (job === undefined) return notFound(id);
  const { status, body } = statusBody(context, job, now);
  return jsonReply(status, body);
}

/** `GET /v2/requests/:id` and its v1 mirror `GET /v1/requests/:id`. */
export function handleResult(context: EmulatorContext, { request }: ApiRequest, id: string): Reply {
  const denied = checkApiKey(context, request);
  if (denied) return denied;
  const now = Date.now();
  const job = findLiveJob(context, id, now);
  if (job === undefined) return notFound(id);
  const { status, body } = resultBody(context, job, now);
  return jsonReply(status, body);
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
  const cost = estimateJobCost(input);
  context.account.balance = roundUsd(context.account.balance - cost);
  const remaining = context.account.balance;
  await context.delay(context.settings.queuedMs + context.settings.processingMs);

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
      'x-request-id': randomUUID(),
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
 * The checks a generation goes through before it is billed, in the order a gateway and then the model service
 * would apply them: key, model, rate limit, content type, JSON, parameters, credits.
 */
function admitGeneration(
  context: EmulatorContext,
  request: IncomingMessage,
  body: Buffer,
  model: string,
): { input: SeedanceJobInput } | { reply: Reply } {
  const denied = checkApiKey(context, request);
  if (denied) return { reply: denied };
  if (model !== SEGMIND_MODEL) return { reply: jsonReply(404, { error: `Model ${model} not found` }) };

  if (context.rateLimiter !== undefined) {
    const decision = context.rateLimiter.attempt(String(request.headers['x-api-key']), Date.now());
    if (!decision.allowed) {
      const resetAt = new Date(decision.resetAt).toISOString();
      return {
        reply: jsonReply(
          429,
          {
            error: `Rate limit exceeded: ${context.settings.rateLimitPerMinute} requests per minute. Try again after ${resetAt}`,
          },
          { [RATE_LIMIT_RESET_HEADER]: resetAt },
        ),
      };
    }
  }

  const wrongType = checkContentType(request);
  if (wrongType) return { reply: wrongType };
  const parsed = parseJson(body.toString('utf8'));
  if (!parsed.ok) return { reply: jsonReply(400, { error: 'Invalid JSON body' }) };
  const validation = validateSeedanceInput(parsed.value, { acceptAutoDuration: context.settings.acceptAutoDuration });
  if (!validation.ok) return { reply: jsonReply(422, { error: validation.issues.join('; ') }) };

  const cost = estimateJobCost(validation.input);
  if (context.account.balance < cost) {
    return {
      reply: jsonReply(406, {
        error: `Insufficient credits: this job costs $${cost} and the balance is $${context.account.balance}. Add credits to continue.`,
      }),
    };
  }
  return { input: validation.input };
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
