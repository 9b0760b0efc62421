import { SeedanceCanceledError, SeedanceError, type SeedanceErrorBody, validationError } from '../errors';
import type { GenerationInput } from '../generation-input';
import {
  ASPECT_RATIOS,
  AUTO_DURATION,
  DURATIONS,
  generationInputSchema,
  INPUT_LIMITS,
  RESOLUTIONS,
} from '../generation-input';
import {
  type GenerationJob,
  isTerminalStatus,
  type JobStatus,
  PROTOCOL_VERSION,
  type SignerConfig,
  UPLOAD_KINDS,
  type UploadedAsset,
} from '../protocol';
import type { RequestOptions, SeedanceTransport, SubmitOptions, UploadOptions } from '../transport';

/** How a mock job ends once its queued and running time has passed. */
export type MockOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: SeedanceErrorBody }
  | { status: 'expired' };

/** Options of {@link createMockTransport}. */
export interface MockTransportOptions {
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
  method: 'submit' | 'getJob' | 'getConfig' | 'upload';
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
 * A transport for tests and stories: validates input with the real schema, honours idempotency keys, and walks
 * every job through `queued` → `running` → the scripted outcome on the `now` clock. No network.
 */
export function createMockTransport(options: MockTransportOptions = {}): MockTransport {
  const queuedMs = options.queuedMs ?? 1000;
  const runningMs = options.runningMs ?? 3000;
  const outcome = options.outcome ?? { status: 'succeeded' };
  const now = options.now ?? Date.now;
  const jobs = new Map<string, { createdAt: number; input: ReturnType<typeof generationInputSchema.parse> }>();
  const byIdempotencyKey = new Map<string, string>();
  const calls: MockTransportCall[] = [];
  let uploads = 0;

  function snapshot(jobId: string): GenerationJob {
    const record = jobs.get(jobId);
    if (!record) throw new SeedanceError('NOT_FOUND', `No generation with id ${jobId}.`);
    const elapsed = now() - record.createdAt;
    const status: JobStatus =
      elapsed < queuedMs ? 'queued' : elapsed < queuedMs + runningMs ? 'running' : outcome.status;
    const input = record.input;
    const updatedAt = Math.min(now(), record.createdAt + queuedMs + runningMs);
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
    };
  }

  return {
    calls,
    async submit(input: GenerationInput, submitOptions: SubmitOptions): Promise<GenerationJob> {
      calls.push({ method: 'submit', input, idempotencyKey: submitOptions.idempotencyKey });
      throwIfAborted(submitOptions.signal);
      const scripted = typeof options.submitError === 'function' ? options.submitError(input) : options.submitError;
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
      throwIfAborted(requestOptions.signal);
      return snapshot(jobId);
    },
    async getConfig(requestOptions: RequestOptions = {}): Promise<SignerConfig> {
      calls.push({ method: 'getConfig' });
      throwIfAborted(requestOptions.signal);
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
      const scripted =
        typeof options.uploadError === 'function' ? options.uploadError(file, uploadOptions) : options.uploadError;
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
