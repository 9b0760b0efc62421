// `@seedance-kit/core/internal`: the helpers the kit's own packages (react, server) share. No semver promise:
// anything here may change in any release. Hosts use the main entry and `/protocol`.

export {
  createGenerationMachine,
  type GenerationJobReader,
  type GenerationJobSource,
  type GenerationMachineOptions,
  type GenerationSubmitRequest,
} from './generation-machine';
export {
  DEFAULT_POLLING,
  deadlineError,
  isPastDeadline,
  nextPollDelay,
  pollDeadline,
  retryDelay,
  shouldRetry,
  toSeedanceError,
} from './generation-polling';
export {
  type EstimateJobTimeOptions,
  estimateJobTime,
  MAX_TIMING_SAMPLES,
  readTimingSamples,
  recordTiming,
} from './generation-progress';
export {
  type ActiveGenerationState,
  canceledState,
  failedState,
  GENERATION_STATUSES,
  generationStateOf,
  idleState,
  isSameJobState,
  jobOutcomeError,
  submittingState,
} from './generation-state';
export {
  createGenerationStore,
  type GenerationStoreOptions,
  RESULT_LIFETIME_MS,
  resolveStorage,
} from './generation-storage';
export { type SubmitGenerationOptions, submitGeneration } from './generation-submit';
export { createIdempotencyKey } from './idempotency-key';
export { CITATION_KINDS, type CitationQuery, findCitationQuery, suggestCitationNumbers } from './prompt/citations';
export {
  AVERAGE_GENERATION_SECONDS,
  OUTPUT_FRAMES_PER_SECOND,
  outputSize,
  USD_PER_MILLION_TOKENS,
} from './prompt/estimate';
export { formatTimestamp, parseTimestamp } from './prompt/shots';
export { checkReferenceFile, type ReferenceKindCounts, UPLOAD_CONTENT_TYPES, uploadKindOf } from './reference-files';
export { toFieldIssues, validationError } from './validation-error';
