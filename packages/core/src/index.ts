// `@seedance-kit/core`: what any host uses. Errors, the model input's schema and constants, the transport and its
// types, the job and config types, estimates and prompt tools. The framework-free generation client is in
// `/client`, the signer protocol's schemas and headers in `/protocol`, mocks in `/testing`.
export type { SeedanceErrorCode } from './error-codes';
export {
  SeedanceCanceledError,
  SeedanceError,
  type SeedanceErrorOptions,
  type SeedanceFieldIssue,
} from './errors';
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
export {
  createTimeEstimator,
  type GenerationTimeEstimate,
  type GenerationTimeEstimator,
  type TimeEstimatorOptions,
} from './generation-progress';
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
export { checkShots, type ShotProblem } from './prompt/shot-checks';
export { formatShots, type ParsedShots, parseShots, type Shot } from './prompt/shots';
export type { GenerationJob, SignerConfig, UploadedAsset } from './protocol';
export type { UploadKind } from './protocol-constants';
export { createSignerTransport, type SignerTransportOptions } from './signer-transport';
export type {
  DeleteGenerationResult,
  ListGenerationsOptions,
  RequestOptions,
  SeedanceTransport,
  SubmitOptions,
  UploadOptions,
} from './transport';
