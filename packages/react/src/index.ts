export {
  defaultPromptComposerLabels,
  PromptComposer,
  type PromptComposerField,
  type PromptComposerLabels,
  type PromptComposerPart,
  type PromptComposerProps,
} from './prompt-composer/prompt-composer';
export { seedanceKeys } from './seedance-keys';
export { SeedanceProvider, type SeedanceProviderProps, useSeedanceTransport } from './seedance-provider';
export {
  type GenerationStatus,
  type UseSeedanceGenerationOptions,
  type UseSeedanceGenerationResult,
  useSeedanceGeneration,
} from './use-seedance-generation';
export {
  defaultVideoResultLabels,
  VideoResult,
  type VideoResultLabels,
  type VideoResultPart,
  type VideoResultProps,
} from './video-result/video-result';
