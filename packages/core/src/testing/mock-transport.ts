import { SEEDANCE_ERROR_HTTP_STATUS, type SeedanceErrorCode } from '../error-codes';
import { SeedanceCanceledError, SeedanceError, type SeedanceErrorBody } from '../errors';
import type { GenerationInput } from '../generation-input';
import { ASPECT_RATIOS, AUTO_DURATION, DURATIONS, INPUT_LIMITS, RESOLUTIONS } from '../generation-input';
import { generationInputSchema } from '../generation-input-schema';
import type { GenerationJob, SignerConfig, UploadedAsset } from '../protocol';
import { isTerminalStatus, type JobStatus, PROTOCOL_VERSION, UPLOAD_KINDS } from '../protocol-constants';
import type { RequestOptions, SeedanceTransport, SubmitOptions, UploadOptions } from '../transport';
import { validationError } from '../validation-error';

/** How a mock job ends once its queued and running time has passed. */
export type MockOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: SeedanceErrorBody }
  | { status: 'expired' };

/**
 * A ready-made script for {@link createMockTransport}; any option given next to it wins over the preset.
 *
 * | scenario | what happens |
 * |---|---|
 * | `success` | queued 1 s, running 3 s, a video (the defaults) |
 * | `slow-queue` | queued 60 s, then running 3 s, a video |
 * | `failure` | queued 1 s, running 3 s, then `failed` with `GENERATION_FAILED` |
 * | `expired` | queued 1 s, running 3 s, then `expired` |
 * | `rate-limited` | the first submit is refused with `RATE_LIMITED` (`retryAfterMs` 1000), the next goes through |
 * | `flaky-polls` | every second status read fails with a retryable `NETWORK_ERROR`; the job still succeeds |
 * | `never-finishes` | queued 1 s, then running for ever (for deadline tests) |
 * | `upload-failure` | uploads report progress, then fail with `UNSUPPORTED_MEDIA_TYPE` |
 */
export type MockScenario =
  | 'success'
  | 'slow-queue'
  | 'failure'
  | 'expired'
  | 'rate-limited'
  | 'flaky-polls'
  | 'never-finishes'
  | 'upload-failure';

/** Options of {@link createMockTransport}. */
export interface MockTransportOptions {
  /** A preset script; the options below override it one by one. Default `success`. */
  scenario?: MockScenario;
  /** How long every call takes before it answers, in ms of real (or fake) timers. Default 0 (answers at once). */
  latencyMs?: number;
  /** How long each job stays `queued`, in ms of the `now` clock. Default 1000. */
  queuedMs?: number;
  /** How long each job stays `running` after that. Default 3000. */
  runningMs?: number;
  /** How jobs end. Default `{ status: 'succeeded' }`. */
  outcome?: MockOutcome;
  /** What `pollAfterMs` jobs report while not finished. Default 1000. */
  pollAfterMs?: number;
  /** The video URL of succeeded jobs. Default `/media/sample-16x9.mp4`. */
  videoUrl?: string;
  /** The last-frame URL of succeeded jobs whose input set `return_last_frame`. */
  lastFrameUrl?: string;
  /** Makes `submit` reject, e.g. `new SeedanceError('RATE_LIMITED', '...')`; called with the input when a function. */
  submitError?: SeedanceError | ((input: GenerationInput) => SeedanceError | undefined);
  /**
   * Makes status reads reject, e.g. `mockError('UPSTREAM_UNAVAILABLE')`; a function gets the job id and the 1-based
   * number of the read (across all jobs) and may return `undefined` to let it through.
   */
  getJobError?: SeedanceError | ((jobId: string, readNumber: number) => SeedanceError | undefined);
  /** Makes `cancel` reject. */
  cancelError?: SeedanceError;
  /** The clock; defaults to `Date.now`, so fake timers drive it. */
  now?: () => number;
  /** What `getConfig` answers. Default: everything the model accepts. */
  config?: SignerConfig;
  /** How long an upload takes, in ms of real (or fake) timers; progress is reported in {@link MockTransportOptions.uploadSteps} steps. Default 400. */
  uploadMs?: number;
  /** How many progress reports an upload makes after the first `(0, size)`. Default 4. */
  uploadSteps?: number;
  /** Makes `upload` reject after its progress, e.g. `new SeedanceError('UNSUPPORTED_MEDIA_TYPE', '...')`. */
  uploadError?: SeedanceError | ((file: Blob, options: UploadOptions) => SeedanceError | undefined);
}

/** One call the mock received, for assertions in tests. */
export interface MockTransportCall {
  method: 'submit' | 'getJob' | 'cancel' | 'getConfig' | 'upload';
  jobId?: string;
  /** The options of an `upload` call (without its callbacks and signal). */
  upload?: { kind: UploadOptions['kind']; fileName?: string; bytes: number; contentType: string };
  input?: GenerationInput;
  idempotencyKey?: string;
}

/** A {@link SeedanceTransport} whose jobs follow a script, plus what it was asked. */
export interface MockTransport extends SeedanceTransport {
  /** Every call received, oldest first. */
  readonly calls: MockTransportCall[];
}

/**
 * A SeedanceError of any code with a plausible message and the usual `retryable` flag and HTTP status, for
 * scripting failures: `createMockTransport({ submitError: mockError('QUOTA_EXCEEDED') })`.
 */
export function mockError(
  code: SeedanceErrorCode,
  overrides: { message?: string; retryAfterMs?: number } = {},
): SeedanceError {
  return new SeedanceError(code, overrides.message ?? `Mock ${code.toLowerCase().replaceAll('_', ' ')}.`, {
    status: SEEDANCE_ERROR_HTTP_STATUS[code],
    ...(overrides.retryAfterMs === undefined ? {} : { retryAfterMs: overrides.retryAfterMs }),
  });
}

/**
 * A transport for tests and stories: validates input with the real schema, honours idempotency keys, and walks
 * every job through `queued` → `running` → the scripted outcome on the `now` clock. No network. Pick a
 * {@link MockScenario} or script each part; `cancel` stops a job and says, like Segmind, that the upstream work was
 * not stopped (`remoteCancel: false`).
 *
 * @example
 * const transport = createMockTransport({ scenario: 'flaky-polls', pollAfterMs: 500 });
 */
export function createMockTransport(options: MockTransportOptions = {}): MockTransport {
  const preset = SCENARIOS[options.scenario ?? 'success'];
  const queuedMs = options.queuedMs ?? preset.queuedMs ?? 1000;
  const runningMs = options.runningMs ?? preset.runningMs ?? 3000;
  const outcome = options.outcome ?? preset.outcome ?? { status: 'succeeded' };
  const submitError = options.submitError ?? preset.submitError?.();
  const getJobError = options.getJobError ?? preset.getJobError;
  const uploadError = options.uploadError ?? preset.uploadError;
  const now = options.now ?? Date.now;
  const jobs = new Map<
    string,
    { createdAt: number; canceledAt?: number; input: ReturnType<typeof generationInputSchema.parse> }
  >();
  const byIdempotencyKey = new Map<string, string>();
  const calls: MockTransportCall[] = [];
  let uploads = 0;
  let reads = 0;

  const statusAt = (elapsed: number): JobStatus =>
    elapsed < queuedMs ? 'queued' : elapsed < queuedMs + runningMs ? 'running' : outcome.status;

  function snapshot(jobId: string): GenerationJob {
    const record = jobs.get(jobId);
    if (!record) throw new SeedanceError('NOT_FOUND', `No generation with id ${jobId}.`, { status: 404 });
    const canceled =
      record.canceledAt !== undefined && !isTerminalStatus(statusAt(record.canceledAt - record.createdAt));
    const status: JobStatus = canceled ? 'canceled' : statusAt(now() - record.createdAt);
    const input = record.input;
    const updatedAt = canceled
      ? record.canceledAt!
      : Math.min(now(), record.createdAt + queuedMs + (Number.isFinite(runningMs) ? runningMs : 0));
    return {
      id: jobId,
      status,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
      ...(isTerminalStatus(status) ? {} : { pollAfterMs: options.pollAfterMs ?? 1000 }),
      input: {
        aspectRatio: input.aspect_ratio,
        duration: input.duration,
        resolution: input.resolution,
        generateAudio: input.generate_audio,
      },
      ...(status === 'succeeded'
        ? {
            result: {
              videoUrl: options.videoUrl ?? '/media/sample-16x9.mp4',
              downloadUrl: options.videoUrl ?? '/media/sample-16x9.mp4',
              ...(input.return_last_frame && options.lastFrameUrl ? { lastFrameUrl: options.lastFrameUrl } : {}),
              seed: input.seed === -1 ? 42 : input.seed,
              contentType: 'video/mp4',
            },
            metrics: { inferenceTimeMs: runningMs, queueTimeMs: queuedMs, totalTimeMs: queuedMs + runningMs },
          }
        : {}),
      ...(outcome.status === 'failed' && status === 'failed' ? { error: outcome.error } : {}),
      ...(status === 'expired'
        ? {
            error: {
              code: 'EXPIRED' as const,
              message: 'This generation is older than the video service keeps jobs (1 hour). Generate it again.',
              retryable: false,
            },
          }
        : {}),
      ...(status === 'canceled' ? { remoteCancel: false } : {}),
    };
  }

  const answerLater = () => (options.latencyMs ? sleep(options.latencyMs, undefined) : Promise.resolve());

  return {
    calls,
    async submit(input: GenerationInput, submitOptions: SubmitOptions): Promise<GenerationJob> {
      calls.push({ method: 'submit', input, idempotencyKey: submitOptions.idempotencyKey });
      throwIfAborted(submitOptions.signal);
      await answerLater();
      throwIfAborted(submitOptions.signal);
      const scripted = typeof submitError === 'function' ? submitError(input) : submitError;
      if (scripted) throw scripted;
      const parsed = generationInputSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      const existing = byIdempotencyKey.get(submitOptions.idempotencyKey);
      if (existing) return snapshot(existing);
      const jobId = `mock-job-${jobs.size + 1}`;
      jobs.set(jobId, { createdAt: now(), input: parsed.data });
      byIdempotencyKey.set(submitOptions.idempotencyKey, jobId);
      return snapshot(jobId);
    },
    async getJob(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      calls.push({ method: 'getJob', jobId });
      reads += 1;
      const readNumber = reads;
      throwIfAborted(requestOptions.signal);
      await answerLater();
      throwIfAborted(requestOptions.signal);
      const scripted = typeof getJobError === 'function' ? getJobError(jobId, readNumber) : getJobError;
      if (scripted) throw scripted;
      return snapshot(jobId);
    },
    async cancel(jobId: string, requestOptions: RequestOptions = {}): Promise<GenerationJob> {
      calls.push({ method: 'cancel', jobId });
      throwIfAborted(requestOptions.signal);
      await answerLater();
      if (options.cancelError) throw options.cancelError;
      const record = jobs.get(jobId);
      if (record && record.canceledAt === undefined) record.canceledAt = now();
      return snapshot(jobId);
    },
    async getConfig(requestOptions: RequestOptions = {}): Promise<SignerConfig> {
      calls.push({ method: 'getConfig' });
      throwIfAborted(requestOptions.signal);
      await answerLater();
      return (
        options.config ?? {
          protocolVersion: PROTOCOL_VERSION,
          aspectRatios: [...ASPECT_RATIOS],
          durations: [...DURATIONS, AUTO_DURATION],
          resolutions: [...RESOLUTIONS],
          generateAudio: true,
          maxReferences: {
            images: INPUT_LIMITS.maxReferenceImages,
            videos: INPUT_LIMITS.maxReferenceVideos,
            audios: INPUT_LIMITS.maxReferenceAudios,
          },
          maxUploadBytes: {
            image: INPUT_LIMITS.maxImageBytes,
            video: INPUT_LIMITS.maxVideoBytes,
            audio: INPUT_LIMITS.maxAudioBytes,
          },
        }
      );
    },
    async upload(file: Blob, uploadOptions: UploadOptions): Promise<UploadedAsset> {
      const fileName =
        uploadOptions.fileName ?? (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
      calls.push({
        method: 'upload',
        upload: {
          kind: uploadOptions.kind,
          ...(fileName === undefined ? {} : { fileName }),
          bytes: file.size,
          contentType: file.type,
        },
      });
      const { signal, onProgress } = uploadOptions;
      throwIfAborted(signal);
      if (!UPLOAD_KINDS.includes(uploadOptions.kind)) {
        throw new SeedanceError('VALIDATION_FAILED', `Unknown upload kind "${String(uploadOptions.kind)}".`);
      }
      const steps = Math.max(1, options.uploadSteps ?? 4);
      const stepMs = (options.uploadMs ?? 400) / steps;
      onProgress?.(0, file.size);
      for (let step = 1; step <= steps; step++) {
        await sleep(stepMs, signal);
        onProgress?.(Math.round((file.size * step) / steps), file.size);
      }
      const scripted = typeof uploadError === 'function' ? uploadError(file, uploadOptions) : uploadError;
      if (scripted) throw scripted;
      uploads += 1;
      const extension = file.type.split('/')[1]?.replace('quicktime', 'mov').replace('mpeg', 'mp3') || 'bin';
      return {
        url: `https://mock.seedance.test/assets/mock-asset-${uploads}.${extension}`,
        kind: uploadOptions.kind,
        contentType: file.type,
        bytes: file.size,
      };
    },
  };
}

interface ScenarioPreset {
  queuedMs?: number;
  runningMs?: number;
  outcome?: MockOutcome;
  /** A factory, so every transport gets its own "first submit" counter. */
  submitError?: () => MockTransportOptions['submitError'];
  getJobError?: MockTransportOptions['getJobError'];
  uploadError?: MockTransportOptions['uploadError'];
}

const SCENARIOS: Record<MockScenario, ScenarioPreset> = {
  success: {},
  'slow-queue': { queuedMs: 60_000 },
  failure: {
    outcome: {
      status: 'failed',
      error: {
        code: 'GENERATION_FAILED',
        message: 'The video could not be generated: the prompt was refused by the content filter.',
        retryable: false,
      },
    },
  },
  expired: { outcome: { status: 'expired' } },
  'rate-limited': {
    submitError: () => {
      let submits = 0;
      return () => {
        submits += 1;
        return submits === 1
          ? mockError('RATE_LIMITED', {
              message: 'Too many requests to the video service. Try again in a second.',
              retryAfterMs: 1000,
            })
          : undefined;
      };
    },
  },
  'flaky-polls': {
    getJobError: (_jobId, readNumber) =>
      readNumber % 2 === 0
        ? mockError('NETWORK_ERROR', { message: 'Could not reach the Seedance backend (mock network blip).' })
        : undefined,
  },
  'never-finishes': { runningMs: Number.POSITIVE_INFINITY },
  'upload-failure': {
    uploadError: mockError('UNSUPPORTED_MEDIA_TYPE', {
      message: 'The file is not the type it claims to be. Upload a JPEG, PNG or WebP image.',
    }),
  },
};

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SeedanceCanceledError(undefined, { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SeedanceCanceledError(undefined, { cause: signal.reason });
}
