import { SeedanceError, type SeedanceErrorCode } from '@seedance-kit/core';

/**
 * How a FAILED upstream job reaches the user: a stable code, a message saying what to do, and whether trying the same
 * input again may help. Segmind sends no machine-readable code, only text, so the kind is read from the text.
 */
export interface JobFailure {
  code: Extract<SeedanceErrorCode, 'GENERATION_FAILED' | 'CONTENT_REJECTED' | 'UPSTREAM_REJECTED'>;
  message: string;
  retryable: boolean;
}

/** Which part of a generation a content filter flagged, when its message says. */
type FlaggedPart = 'input image' | 'input video' | 'input audio' | 'output video' | 'output audio';

const CONTENT_REJECTION =
  /SensitiveContent|sensitive (information|content)|PolicyViolation|real (person|people|human|face)|face detected|privacy ?information/i;
const MODEL_VALIDATION = /Prompt is Mandatory|Validation error|must be (one of|an?|a boolean|an integer)|is required/i;

/**
 * Maps a FAILED job's upstream message. Content-moderation refusals (a real face in an input, an output judged
 * sensitive) become `CONTENT_REJECTED`, not retryable as is, naming the flagged input when the text does; the model's
 * own validation of input Segmind accepted at submit becomes `UPSTREAM_REJECTED`; anything else `GENERATION_FAILED`,
 * which a retry may fix. Upstream request ids and URLs never pass through.
 */
export function classifyJobFailure(upstreamMessage: string, secrets: readonly string[]): JobFailure {
  if (CONTENT_REJECTION.test(upstreamMessage)) {
    return {
      code: 'CONTENT_REJECTED',
      message: contentRejectionMessage(flaggedPart(upstreamMessage)),
      retryable: false,
    };
  }
  const detail = withoutUpstreamIdentifiers(upstreamMessage, secrets);
  if (MODEL_VALIDATION.test(upstreamMessage)) {
    const reason = detail.replace(/^validation error in [^:]*:\s*/i, '');
    return {
      code: 'UPSTREAM_REJECTED',
      message: `The video service refused these parameters${reason ? `: ${reason}` : ''}. Change the input and try again.`,
      retryable: false,
    };
  }
  return {
    code: 'GENERATION_FAILED',
    message: detail ? `The video could not be generated: ${detail}` : 'The video could not be generated.',
    retryable: true,
  };
}

/**
 * Maps an upstream 406. Segmind uses it for four things, told apart only by the message (SEGMIND.md): insufficient
 * credits, a wrong content type, a team spend limit, and a parameter value rejected before the model runs. An
 * unrecognised 406 is read as Segmind documents it: insufficient credits.
 */
export function notAcceptableError(upstreamMessage: string, secrets: readonly string[]): SeedanceError {
  if (/content[- ]?type/i.test(upstreamMessage)) {
    return new SeedanceError(
      'MISCONFIGURED',
      'The video service refused the format of this server’s request (HTTP 406). The site owner must update the server.',
    );
  }
  if (/param/i.test(upstreamMessage)) {
    const detail = withoutUpstreamIdentifiers(
      upstreamMessage.replace(/^\s*parameters?\s+rejected\s*:?\s*/i, ''),
      secrets,
    );
    return new SeedanceError(
      'UPSTREAM_REJECTED',
      `The video service refused these parameters${detail ? `: ${detail}` : '.'}${detail ? '.' : ''} Change the input and try again.`,
    );
  }
  if (/spend/i.test(upstreamMessage)) {
    return new SeedanceError(
      'SPEND_LIMIT_REACHED',
      'This site has reached the spending limit of its video service account. Contact the site owner.',
    );
  }
  return new SeedanceError(
    'INSUFFICIENT_CREDITS',
    'This site has run out of video generation credits. Contact the site owner.',
  );
}

/**
 * Upstream text with what belongs to the upstream taken out: URLs (the CDN, Segmind's own hosts), request ids in any
 * of the forms seen (UUID, 32 hex, ByteDance's digit-and-hex ids, "Request id: ..."), and the given secrets (the API
 * key, the job's own request id). What is left is the reason a person can act on, or `''`.
 */
export function withoutUpstreamIdentifiers(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join(' ');
  result = result
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]*/gi, ' ')
    .replace(/\bwww\.[^\s"'<>)\]]+/gi, ' ')
    .replace(/\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|ai|cloud)(?:[/:][^\s"'<>)\]]*)?/gi, ' ')
    .replace(
      /\b(?:x-)?(?:request|req|trace|task|log)[ _-]?id\b(?:\s*[:=#]\s*|\s+(?=["']?[\w.-]*\d))["']?[\w.-]*["']?/gi,
      ' ',
    )
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, ' ')
    // Any long token mixing digits into letters or hex is an id, not a word a person needs.
    .replace(/\b(?=[\w-]*\d)[\w-]{16,}\b/g, ' ');
  return result
    .replace(/\(\s*\)|\[\s*\]|""|''/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/([.,;:])(?:\s*[.,;:])+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s.,;:-]+|[\s,;:-]+$/g, '')
    .replace(/\.$/, '')
    .slice(0, 240);
}

function flaggedPart(message: string): FlaggedPart | undefined {
  const found = /\b(input|output|reference)[ _]?(image|video|audio)\b/i.exec(message);
  if (found) {
    const side = (found[1] ?? '').toLowerCase() === 'output' ? 'output' : 'input';
    return `${side} ${(found[2] ?? '').toLowerCase()}` as FlaggedPart;
  }
  if (/\b(first|last)[ _]frame(_url)?\b/i.test(message)) return 'input image';
  if (/AudioSensitive/i.test(message)) return 'output audio';
  return undefined;
}

function contentRejectionMessage(part: FlaggedPart | undefined): string {
  switch (part) {
    case 'input image':
      return 'The video service refused an input image: it may show a real person. Use images without real people’s faces and try again.';
    case 'input video':
      return 'The video service refused an input video: it may show a real person. Use videos without real people’s faces and try again.';
    case 'input audio':
      return 'The video service’s content rules refused an input audio file. Use another audio file and try again.';
    case 'output video':
      return 'The video service’s content filter refused the generated video as possibly sensitive. Change the prompt or the references and try again.';
    case 'output audio':
      return 'The video service’s content filter refused the generated audio as possibly sensitive. Change the prompt, or generate without audio, and try again.';
    default:
      return 'The video service’s content rules refused this request. Change the prompt or the references and try again.';
  }
}
