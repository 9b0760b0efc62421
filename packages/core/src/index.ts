export { SEEDANCE_ERROR_CODES, SEEDANCE_ERROR_HTTP_STATUS, type SeedanceErrorCode } from './error-codes';
export {
  SeedanceCanceledError,
  SeedanceError,
  type SeedanceErrorBody,
  type SeedanceErrorOptions,
  type SeedanceFieldIssue,
} from './errors';
export {
  createGenerationClient,
  type GenerationCancellation,
  type GenerationClient,
  type GenerationClientCallbacks,
  type GenerationClientOptions,
  type GenerationJobSource,
  type GenerationSnapshot,
  type GenerationSubmitRequest,
} from './generation-client';
export {
  ASPECT_RATIOS,
  type AspectRatio,
  AUTO_DURATION,
  DURATIONS,
  type Duration,
  type GenerationInput,
  INPUT_DEFAULTS,
  INPUT_LIMITS,
  RESOLUTIONS,
  type Resolution,
  type ResolvedGenerationInput,
} from './generation-input';
export { generationInputSchema, submitGenerationRequestSchema } from './generation-input-schema';
export {
  DEFAULT_POLLING,
  deadlineError,
  isPastDeadline,
  nextPollDelay,
  type PollingOptions,
  pollDeadline,
  retryDelay,
  shouldRetry,
  toSeedanceError,
} from './generation-polling';
export {
  createTimeEstimator,
  type EstimateJobTimeOptions,
  estimateJobTime,
  type GenerationTimeEstimate,
  type GenerationTimeEstimator,
  MAX_TIMING_SAMPLES,
  readTimingSamples,
  recordTiming,
  type TimeEstimatorOptions,
} from './generation-progress';
export {
  type ActiveGenerationState,
  type CanceledGenerationState,
  canceledState,
  type ExpiredGenerationState,
  type FailedGenerationState,
  failedState,
  GENERATION_STATUSES,
  type GenerationState,
  type GenerationStatus,
  generationStateOf,
  type IdleGenerationState,
  idleState,
  isSameJobState,
  jobOutcomeError,
  type QueuedGenerationState,
  type RunningGenerationState,
  type SubmittingGenerationState,
  type SucceededGenerationState,
  type SucceededJob,
  submittingState,
} from './generation-state';
export {
  type ActiveGeneration,
  createGenerationStore,
  type GenerationHistoryEntry,
  type GenerationStorage,
  type GenerationStore,
  type GenerationStoreOptions,
  type PersistOption,
  RESULT_LIFETIME_MS,
  resolveStorage,
} from './generation-storage';
export { type SubmitGenerationOptions, submitGeneration } from './generation-submit';
export { createIdempotencyKey } from './idempotency-key';
export {
  CITATION_KINDS,
  type Citation,
  type CitationKind,
  type CitationProblem,
  type CitationQuery,
  checkCitations,
  findCitationQuery,
  findCitations,
  type ReferenceCounts,
  suggestCitationNumbers,
} from './prompt/citations';
export {
  AVERAGE_GENERATION_SECONDS,
  type EstimateGenerationOptions,
  type EstimateRange,
  estimateGeneration,
  type GenerationEstimate,
  OUTPUT_FRAMES_PER_SECOND,
  outputSize,
  USD_PER_MILLION_TOKENS,
} from './prompt/estimate';
export { checkShots, type ShotProblem, type ShotProblemKind } from './prompt/shot-checks';
export {
  formatShots,
  formatTimestamp,
  type ParsedShots,
  parseShots,
  parseTimestamp,
  type Shot,
} from './prompt/shots';
export {
  errorBodySchema,
  errorResponseSchema,
  type GenerationJob,
  type JobInputSummary,
  type JobMetrics,
  type JobResult,
  jobInputSummarySchema,
  jobMetricsSchema,
  jobResponseSchema,
  jobResultSchema,
  jobSchema,
  type SignerConfig,
  signerConfigSchema,
  type UploadedAsset,
  uploadedAssetSchema,
  uploadResponseSchema,
} from './protocol';
export {
  DEFAULT_BASE_PATH,
  IDEMPOTENCY_KEY_HEADER,
  isTerminalStatus,
  JOB_STATUSES,
  type JobStatus,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  TERMINAL_JOB_STATUSES,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_KIND_HEADER,
  UPLOAD_KINDS,
  type UploadKind,
} from './protocol-constants';
export {
  checkReferenceFile,
  type ReferenceKindCounts,
  UPLOAD_CONTENT_TYPES,
  uploadKindOf,
} from './reference-files';
export { createSignerTransport, type HeadersOption, type SignerTransportOptions } from './signer-transport';
export type { RequestOptions, SeedanceTransport, SubmitOptions, UploadOptions } from './transport';
export { toFieldIssues, validationError } from './validation-error';
