import { SeedanceCanceledError, SeedanceError } from './errors';
import type { GenerationInput } from './generation-input';
import { corsRefusal } from './internal/cors-refusal';
import type { ProtocolSchemas, SignerConnection } from './internal/signer-connection';
import { listFromSigner, subscribeToSigner } from './internal/signer-events';
import { uploadToSigner } from './internal/signer-upload';
import {
  deleteGenerationResponseSchema,
  errorResponseSchema,
  type GenerationJob,
  type JobList,
  jobListResponseSchema,
  jobResponseSchema,
  type SignerConfig,
  signerConfigSchema,
  type UploadedAsset,
  uploadResponseSchema,
} from './protocol';
import { DEFAULT_BASE_PATH, IDEMPOTENCY_KEY_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from './protocol-constants';
import type {
  DeleteGenerationResult,
  ListGenerationsOptions,
  RequestOptions,
  SeedanceTransport,
  SubmitOptions,
  UploadOptions,
} from './transport';

// What `new Headers()` takes: the DOM's `HeadersInit`, spelled so that a host without the DOM lib (a Node backend
// importing core's schemas) compiles the published types too.
type HeadersValue = NonNullable<ConstructorParameters<typeof Headers>[0]>;

/** Options of {@link createSignerTransport}. There is deliberately no API key option: the key stays on your server. */
export interface SignerTransportOptions {
  /** Where the signer is mounted: a path on this origin or an absolute URL. Default `/api/seedance`. */
  baseUrl?: string | undefined;
  /**
   * Extra headers for every call, typically your own auth (`Authorization: Bearer <session>`): anything
   * `new Headers()` takes, or a function called before every request (e.g. to read a fresh session token).
   */
  headers?:
    | NonNullable<ConstructorParameters<typeof Headers>[0]>
    | (() =>
        | NonNullable<ConstructorParameters<typeof Headers>[0]>
        | Promise<NonNullable<ConstructorParameters<typeof Headers>[0]>>)
    | undefined;
  /** Cookie policy of every call. Default `same-origin`. */
  credentials?: RequestInit['credentials'] | undefined;
  /** A custom fetch (for instrumentation or tests). Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * The default transport: speaks the signer protocol (docs/protocol.md) to your backend over `fetch`. Every answer
 * is checked against the protocol's schemas, so a signer of another version or a proxy's answer is a clear error.
 *
 * @example
 * const transport = createSignerTransport({ baseUrl: '/api/seedance' });
 */
export function createSignerTransport(options: SignerTransportOptions = {}): SeedanceTransport {
  refuseApiKeys(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  // The signer answers with media paths on its own origin; a cross-origin signer needs them made absolute.
  const signerOrigin = /^https?:\/\//i.test(baseUrl) ? new URL(baseUrl).origin : undefined;
  const withAbsoluteUrls = ({ job }: { job: GenerationJob }): GenerationJob => {
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

  const connection: SignerConnection = {
    options,
    baseUrl,
    credentials: options.credentials ?? 'same-origin',
    async headers(extra) {
      const headers = new Headers(await resolveHeaders(options.headers));
      for (const [name, value] of new Headers(extra)) headers.set(name, value);
      headers.set('accept', 'application/json');
      return headers;
    },
    async call(path, schema, init) {
      const doFetch = options.fetch ?? globalThis.fetch;
      const headers = await connection.headers(init.headers);
      const url = `${baseUrl}${path}`;
      let response: Response;
      try {
        response = await doFetch(url, { ...init, headers, credentials: connection.credentials });
      } catch (error) {
        if (init.signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: init.signal.reason });
        throw (await corsRefusal(connection)) ?? connection.networkError(url, error);
      }
      return connection.parseAnswer(schema, response.status, await response.text(), url);
    },
    async parseAnswer(schema, status, text, url) {
      const body = parseJsonText(text);
      if (status < 200 || status > 299) throw errorFromResponse(schemas, status, body, url);
      const parsed = schema(schemas).safeParse(body);
      if (!parsed.success) {
        throw new SeedanceError(
          'INTERNAL',
          `The Seedance backend at ${url} answered in a shape this client does not understand (protocol version ${PROTOCOL_VERSION} expected). Are the client and server packages the same version?`,
          { cause: parsed.error, status },
        );
      }
      return parsed.data;
    },
    networkError(url, cause) {
      return new SeedanceError(
        'NETWORK_ERROR',
        `Could not reach the Seedance backend at ${url}. Check your connection and that the server is running.`,
        cause === undefined ? {} : { cause },
      );
    },
  };
  const jobAnswer = (schemas: ProtocolSchemas) => schemas.jobResponseSchema;
  const jobPath = (jobId: string) => `/generations/${encodeURIComponent(jobId)}`;
  const mutation = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  // One DELETE for cancel and deleteGeneration: the signer cancels an unfinished job and forgets a finished one,
  // unless the DELETE says `intent=cancel`: then a job that finished meanwhile is answered as it is, kept.
  const remove = async (jobId: string, signal: AbortSignal | undefined, intent: 'cancel' | 'delete') => {
    const path = intent === 'cancel' ? `${jobPath(jobId)}?intent=cancel` : jobPath(jobId);
    const answer = await connection.call(path, (loaded) => loaded.deleteGenerationResponseSchema, {
      method: 'DELETE',
      headers: mutation,
      signal,
    });
    return 'job' in answer ? withAbsoluteUrls(answer) : undefined;
  };

  return {
    async submit(input: GenerationInput, submitOptions: SubmitOptions): Promise<GenerationJob> {
      return withAbsoluteUrls(
        await connection.call('/generations', jobAnswer, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...mutation,
            [IDEMPOTENCY_KEY_HEADER]: submitOptions.idempotencyKey,
          },
          body: JSON.stringify({ input }),
          signal: submitOptions.signal,
        }),
      );
    },
    async getJob(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      return withAbsoluteUrls(
        await connection.call(jobPath(jobId), jobAnswer, { method: 'GET', signal: requestOptions.signal }),
      );
    },
    async cancel(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      const job = await remove(jobId, requestOptions.signal, 'cancel');
      if (job) return job;
      // Only a signer older than `intent=cancel` forgets a job that finished before the cancel arrived.
      throw new SeedanceError(
        'NOT_FOUND',
        'The generation had already finished when the cancel arrived, so the server removed it from the history instead.',
      );
    },
    async deleteGeneration(jobId: string, requestOptions: RequestOptions = {}): Promise<DeleteGenerationResult> {
      const job = await remove(jobId, requestOptions.signal, 'delete');
      return job ? { deleted: false, job } : { deleted: true };
    },
    getConfig(requestOptions: RequestOptions = {}): Promise<SignerConfig> {
      // The protocol header says which version this client speaks, so the server answers its features.
      return connection.call('/config', (schemas) => schemas.signerConfigSchema, {
        method: 'GET',
        headers: mutation,
        signal: requestOptions.signal,
      });
    },
    subscribe: (jobId: string, listener: (job: GenerationJob) => void, signal: AbortSignal): Promise<void> =>
      subscribeToSigner(connection, withAbsoluteUrls, jobId, listener, signal),
    listGenerations: (listOptions?: ListGenerationsOptions): Promise<JobList> =>
      listFromSigner(connection, withAbsoluteUrls, listOptions),
    async upload(file: Blob, uploadOptions: UploadOptions): Promise<UploadedAsset> {
      return uploadToSigner(connection, file, uploadOptions);
    },
  };
}

/** The answers' schemas, by name (a plain object: a module namespace would cost every bundle a runtime helper). */
const schemas: ProtocolSchemas = {
  deleteGenerationResponseSchema,
  errorResponseSchema,
  jobListResponseSchema,
  jobResponseSchema,
  signerConfigSchema,
  uploadResponseSchema,
};

/** Segmind keys look like `SG_` followed by hex; nothing that looks like one may be configured in a browser. */
const KEY_PATTERN = /\bSG_[0-9a-f]{8,}/i;

function refuse(where: string): never {
  throw new SeedanceError(
    'MISCONFIGURED',
    `createSignerTransport was given what looks like a Segmind API key (${where}). The key must never reach the browser: keep it in your server's createSeedanceHandler({ apiKey }) and point this transport at that server.`,
  );
}

function refuseApiKeys(options: SignerTransportOptions): void {
  if ('apiKey' in options) refuse('the apiKey option');
  if (options.baseUrl !== undefined && KEY_PATTERN.test(options.baseUrl)) refuse('in baseUrl');
  if (options.headers !== undefined && typeof options.headers !== 'function') {
    for (const [name, value] of new Headers(options.headers)) {
      if (KEY_PATTERN.test(value)) refuse(`in the ${name} header`);
    }
  }
}

async function resolveHeaders(headers: SignerTransportOptions['headers']): Promise<HeadersValue> {
  const resolved = typeof headers === 'function' ? await headers() : (headers ?? {});
  for (const [name, value] of new Headers(resolved)) {
    if (KEY_PATTERN.test(value)) refuse(`in the ${name} header its headers function returned`);
  }
  return resolved;
}

function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(schemas: ProtocolSchemas, status: number, body: unknown, url: string): SeedanceError {
  const parsed = schemas.errorResponseSchema.safeParse(body);
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
