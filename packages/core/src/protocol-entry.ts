// `@seedance-kit/core/protocol`: the signer protocol's schemas and headers, for a signer written in another stack
// or a client of its own. See docs/protocol.md.
export { SEEDANCE_ERROR_CODES, SEEDANCE_ERROR_HTTP_STATUS } from './error-codes';
export type { SeedanceErrorBody } from './errors';
export { submitGenerationRequestSchema } from './generation-input-schema';
export {
  deleteGenerationResponseSchema,
  errorBodySchema,
  errorResponseSchema,
  type JobInputSummary,
  type JobList,
  type JobMetrics,
  type JobResult,
  jobInputSummarySchema,
  jobListResponseSchema,
  jobMetricsSchema,
  jobResponseSchema,
  jobResultSchema,
  jobSchema,
  signerConfigSchema,
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
  SUPPORTED_PROTOCOL_VERSIONS,
  TERMINAL_JOB_STATUSES,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_KIND_HEADER,
  UPLOAD_KINDS,
} from './protocol-constants';
