export { createPersistence, type GenerationPersistence } from './persistence';
export { configQueryOptions, generationQueryOptions } from './query-options';
export { seedanceKeys } from './seedance-keys';
export { SeedanceProvider, type SeedanceProviderProps, useSeedanceTransport } from './seedance-provider';
export {
  type ReferenceUpload,
  type ReferenceUploadStatus,
  type UseReferenceUploadsOptions,
  type UseReferenceUploadsResult,
  useReferenceUploads,
} from './use-reference-uploads';
export {
  type GenerationCancellation,
  type GenerationStatus,
  type GenerationStatusFlags,
  type UseSeedanceGenerationActions,
  type UseSeedanceGenerationOptions,
  type UseSeedanceGenerationProgress,
  type UseSeedanceGenerationResult,
  useSeedanceGeneration,
} from './use-seedance-generation';
export {
  type UseSeedanceHistoryOptions,
  type UseSeedanceHistoryResult,
  useSeedanceHistory,
} from './use-seedance-history';
