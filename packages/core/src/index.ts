export { SEEDANCE_ERROR_CODES, type SeedanceErrorCode } from './error-codes';
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
export { generationInputSchema } from './generation-input-schema';
export type { PollingOptions } from './generation-polling';
export {
  createTimeEstimator,
  type GenerationTimeEstimate,
  type GenerationTimeEstimator,
  type TimeEstimatorOptions,
} from './generation-progress';
export type {
  CanceledGenerationState,
  ExpiredGenerationState,
  FailedGenerationState,
  GenerationState,
  GenerationStatus,
  IdleGenerationState,
  QueuedGenerationState,
  RunningGenerationState,
  SubmittingGenerationState,
  SucceededGenerationState,
  SucceededJob,
} from './generation-state';
export type {
  ActiveGeneration,
  GenerationHistoryEntry,
  GenerationStorage,
  GenerationStore,
  PersistOption,
} from './generation-storage';
export {
  type Citation,
  type CitationKind,
  type CitationProblem,
  checkCitations,
  findCitations,
  type ReferenceCounts,
} from './prompt/citations';
export {
  type EstimateGenerationOptions,
  type EstimateRange,
  estimateGeneration,
  type GenerationEstimate,
} from './prompt/estimate';
export { checkShots, type ShotProblem, type ShotProblemKind } from './prompt/shot-checks';
export { formatShots, type ParsedShots, parseShots, type Shot } from './prompt/shots';
export type {
  GenerationJob,
  JobInputSummary,
  JobList,
  JobMetrics,
  JobResult,
  SignerConfig,
  UploadedAsset,
} from './protocol';
export { isTerminalStatus, type JobStatus, type UploadKind } from './protocol-constants';
export { createSignerTransport, type HeadersOption, type SignerTransportOptions } from './signer-transport';
export type {
  DeleteGenerationResult,
  ListGenerationsOptions,
  RequestOptions,
  SeedanceTransport,
  SubmitOptions,
  UploadOptions,
} from './transport';
