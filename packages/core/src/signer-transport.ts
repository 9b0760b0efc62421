import type * as z from 'zod/mini';
import { SeedanceCanceledError, SeedanceError } from './errors';
import type { GenerationInput } from './generation-input';
import {
  errorResponseSchema,
  type GenerationJob,
  jobResponseSchema,
  type SignerConfig,
  signerConfigSchema,
  type UploadedAsset,
  uploadResponseSchema,
} from './protocol';
import {
  DEFAULT_BASE_PATH,
  IDEMPOTENCY_KEY_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_KIND_HEADER,
} from './protocol-constants';
import type { RequestOptions, SeedanceTransport, SubmitOptions, UploadOptions } from './transport';

/** Headers as a value, or a function called before every request (e.g. to read a fresh session token). */
export type HeadersOption = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

/** Options of {@link createSignerTransport}. There is deliberately no API key option: the key stays on your server. */
export interface SignerTransportOptions {
  /** Where the signer is mounted: a path on this origin or an absolute URL. Default `/api/seedance`. */
  baseUrl?: string;
  /** Extra headers for every call, typically your own auth (`Authorization: Bearer <session>`). */
  headers?: HeadersOption;
  /** Cookie policy of every call. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** A custom fetch (for instrumentation or tests). Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

/**
 * The default transport: speaks the signer protocol (docs/protocol.md) to your backend over `fetch`.
 *
 * @example
 * const transport = createSignerTransport({ baseUrl: '/api/seedance' });
 */
export function createSignerTransport(options: SignerTransportOptions = {}): SeedanceTransport {
  refuseApiKeys(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const credentials = options.credentials ?? 'same-origin';
  // The signer answers with media paths on its own origin; a cross-origin signer needs them made absolute.
  const signerOrigin = /^https?:\/\//i.test(baseUrl) ? new URL(baseUrl).origin : undefined;
  const withAbsoluteUrls = (job: GenerationJob): GenerationJob => {
    if (!signerOrigin || !job.result) return job;
    const absolute = (url: string) => new URL(url, signerOrigin).href;
    const { result } = job;
    return {
      ...job,
      result: {
        ...result,
        videoUrl: absolute(result.videoUrl),
        downloadUrl: absolute(result.downloadUrl),
        ...(result.lastFrameUrl === undefined ? {} : { lastFrameUrl: absolute(result.lastFrameUrl) }),
      },
    };
  };

  async function call<Schema extends z.ZodMiniType>(
    path: string,
    schema: Schema,
    init: RequestInit & { signal?: AbortSignal | undefined },
  ): Promise<z.infer<Schema>> {
    const doFetch = options.fetch ?? globalThis.fetch;
    const headers = new Headers(await resolveHeaders(options.headers));
    for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
    headers.set('accept', 'application/json');
    const url = `${baseUrl}${path}`;
    let response: Response;
    try {
      response = await doFetch(url, { ...init, headers, credentials });
    } catch (error) {
      if (init.signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: init.signal.reason });
      throw networkError(url, error);
    }
    return parseAnswer(schema, response.status, await readJson(response), url);
  }

  function parseAnswer<Schema extends z.ZodMiniType>(
    schema: Schema,
    status: number,
    body: unknown,
    url: string,
  ): z.infer<Schema> {
    if (status < 200 || status > 299) throw errorFromResponse(status, body, url);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new SeedanceError(
        'INTERNAL',
        `The Seedance backend at ${url} answered in a shape this client does not understand (protocol version ${PROTOCOL_VERSION} expected). Are the client and server packages the same version?`,
        { cause: parsed.error, status },
      );
    }
    return parsed.data;
  }

  return {
    async submit(input: GenerationInput, submitOptions: SubmitOptions): Promise<GenerationJob> {
      const { job } = await call('/generations', jobResponseSchema, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          [IDEMPOTENCY_KEY_HEADER]: submitOptions.idempotencyKey,
        },
        body: JSON.stringify({ input }),
        signal: submitOptions.signal,
      });
      return withAbsoluteUrls(job);
    },
    async getJob(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      const { job } = await call(`/generations/${encodeURIComponent(jobId)}`, jobResponseSchema, {
        method: 'GET',
        signal: requestOptions.signal,
      });
      return withAbsoluteUrls(job);
    },
    async cancel(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      const { job } = await call(`/generations/${encodeURIComponent(jobId)}`, jobResponseSchema, {
        method: 'DELETE',
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        signal: requestOptions.signal,
      });
      return withAbsoluteUrls(job);
    },
    async getConfig(requestOptions: RequestOptions = {}): Promise<SignerConfig> {
      return call('/config', signerConfigSchema, { method: 'GET', signal: requestOptions.signal });
    },
    async upload(file: Blob, uploadOptions: UploadOptions): Promise<UploadedAsset> {
      const fileName = uploadOptions.fileName ?? (typeof File !== 'undefined' && file instanceof File ? file.name : '');
      const headers: Record<string, string> = {
        // Without a type the server answers 415 naming what it takes, which is the message the user needs.
        'content-type': file.type || 'application/octet-stream',
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        [UPLOAD_KIND_HEADER]: uploadOptions.kind,
        ...(fileName ? { [UPLOAD_FILENAME_HEADER]: encodeURIComponent(fileName) } : {}),
      };
      const { onProgress, signal } = uploadOptions;
      // fetch cannot report upload progress; XMLHttpRequest can. A custom fetch is kept (it may add auth or
      // instrumentation), with progress reported at the start and the end only.
      if (onProgress && options.fetch === undefined && typeof XMLHttpRequest !== 'undefined') {
        return uploadWithXhr(file, headers, onProgress, signal);
      }
      onProgress?.(0, file.size);
      const { asset } = await call('/uploads', uploadResponseSchema, { method: 'POST', headers, body: file, signal });
      onProgress?.(file.size, file.size);
      return asset;
    },
  };

  async function uploadWithXhr(
    file: Blob,
    headers: Record<string, string>,
    onProgress: (loaded: number, total: number) => void,
    signal: AbortSignal | undefined,
  ): Promise<UploadedAsset> {
    const merged = new Headers(await resolveHeaders(options.headers));
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    merged.set('accept', 'application/json');
    const url = `${baseUrl}/uploads`;
    if (signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: signal.reason });
    const { sendWithXhr } = await import('./internal/xhr-upload');
    const outcome = await sendWithXhr({
      url,
      headers: merged,
      // XHR sends same-origin cookies anyway; `include` is the only policy that needs a switch.
      withCredentials: credentials === 'include',
      file,
      onProgress,
      signal,
    });
    if (outcome === 'abort') throw new SeedanceCanceledError(undefined, { cause: signal?.reason });
    if (outcome === 'error') throw networkError(url);
    const { asset } = parseAnswer(uploadResponseSchema, outcome.status, parseJsonText(outcome.text), url);
    return asset;
  }
}

/** Segmind keys look like `SG_` followed by hex; nothing that looks like one may be configured in a browser. */
const KEY_PATTERN = /\bSG_[0-9a-f]{8,}/i;

function refuseApiKeys(options: SignerTransportOptions): void {
  const refuse = (where: string) => {
    throw new SeedanceError(
      'MISCONFIGURED',
      `createSignerTransport was given what looks like a Segmind API key (${where}). The key must never reach the browser: keep it in your server's createSeedanceHandler({ apiKey }) and point this transport at that server.`,
    );
  };
  if ('apiKey' in options) refuse('the apiKey option');
  if (options.baseUrl !== undefined && KEY_PATTERN.test(options.baseUrl)) refuse('in baseUrl');
  if (options.headers !== undefined && typeof options.headers !== 'function') {
    for (const [name, value] of new Headers(options.headers)) {
      if (KEY_PATTERN.test(value)) refuse(`in the ${name} header`);
    }
  }
}

async function resolveHeaders(headers: HeadersOption | undefined): Promise<HeadersInit> {
  const resolved = typeof headers === 'function' ? await headers() : (headers ?? {});
  for (const [name, value] of new Headers(resolved)) {
    if (KEY_PATTERN.test(value)) {
      throw new SeedanceError(
        'MISCONFIGURED',
        `The headers function of createSignerTransport returned what looks like a Segmind API key (in the ${name} header). Keep the key on your server.`,
      );
    }
  }
  return resolved;
}

function networkError(url: string, cause?: unknown): SeedanceError {
  return new SeedanceError(
    'NETWORK_ERROR',
    `Could not reach the Seedance backend at ${url}. Check your connection and that the server is running.`,
    cause === undefined ? {} : { cause },
  );
}

async function readJson(response: Response): Promise<unknown> {
  return parseJsonText(await response.text());
}

function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(status: number, body: unknown, url: string): SeedanceError {
  const parsed = errorResponseSchema.safeParse(body);
  if (parsed.success) return SeedanceError.fromJSON(parsed.data.error, { status });
  // Not a signer answer: a proxy, a gateway or a missing route. Say which, without guessing further.
  if (status === 404) {
    return new SeedanceError(
      'MISCONFIGURED',
      `Nothing answers at ${url} (HTTP 404). Mount the Seedance handler there, or pass the right baseUrl to createSignerTransport.`,
      { status: 404 },
    );
  }
  const retryable = status >= 500 || status === 429;
  return new SeedanceError(
    retryable ? 'UPSTREAM_UNAVAILABLE' : 'INTERNAL',
    `The Seedance backend at ${url} answered HTTP ${status} without a protocol error body${retryable ? '; try again shortly' : ''}.`,
    { status, retryable },
  );
}
