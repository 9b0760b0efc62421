export { createPersistence, type GenerationPersistence } from './persistence';
export {
  defaultPromptComposerLabels,
  PromptComposer,
  type PromptComposerField,
  type PromptComposerLabels,
  type PromptComposerPart,
  type PromptComposerProps,
} from './prompt-composer/prompt-composer';
export { configQueryOptions, generationQueryOptions } from './query-options';
export {
  defaultReferencePickerLabels,
  emptyReferenceSelection,
  isReferenceSelectionReady,
  type ReferenceItem,
  type ReferenceItemStatus,
  type ReferenceMode,
  ReferencePicker,
  type ReferencePickerLabels,
  type ReferencePickerPart,
  type ReferencePickerProblem,
  type ReferencePickerProps,
  type ReferenceSelection,
  referenceCounts,
  referenceSelectionToInput,
  withFirstFrame,
} from './reference-picker/reference-picker';
export { seedanceKeys } from './seedance-keys';
export { SeedanceProvider, type SeedanceProviderProps, useSeedanceTransport } from './seedance-provider';
export {
  defaultSeedanceStudioLabels,
  SeedanceStudio,
  type SeedanceStudioLabels,
  type SeedanceStudioOwnLabels,
  type SeedanceStudioPart,
  type SeedanceStudioProps,
} from './seedance-studio/seedance-studio';
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
export {
  defaultVideoResultLabels,
  VideoResult,
  type VideoResultLabels,
  type VideoResultPart,
  type VideoResultProps,
} from './video-result/video-result';
