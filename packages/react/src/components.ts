// `@seedance-kit/react/components`: the styled set. Import `@seedance-kit/react/styles.css` once next to it.
export { PromptComposer, type PromptComposerPart, type PromptComposerProps } from './prompt-composer/prompt-composer';
export {
  defaultPromptComposerLabels,
  type PromptComposerField,
  type PromptComposerLabels,
} from './prompt-composer/prompt-composer-labels';
export {
  ReferencePicker,
  type ReferencePickerPart,
  type ReferencePickerProps,
} from './reference-picker/reference-picker';
export { defaultReferencePickerLabels, type ReferencePickerLabels } from './reference-picker/reference-picker-labels';
export {
  emptyReferenceSelection,
  isReferenceSelectionReady,
  type ReferenceItem,
  type ReferenceItemStatus,
  type ReferenceMode,
  type ReferencePickerProblem,
  type ReferenceSelection,
  referenceCounts,
  referenceSelectionToInput,
  withFirstFrame,
} from './reference-picker/reference-selection';
export {
  defaultSeedanceStudioLabels,
  SeedanceStudio,
  type SeedanceStudioLabels,
  type SeedanceStudioOwnLabels,
  type SeedanceStudioPart,
  type SeedanceStudioProps,
} from './seedance-studio/seedance-studio';
export {
  VideoResult,
  type VideoResultError,
  type VideoResultGeneration,
  type VideoResultPart,
  type VideoResultProps,
  type VideoResultScheduledRetry,
} from './video-result/video-result';
export {
  defaultExamplePrompts,
  defaultVideoResultLabels,
  type VideoResultLabels,
  type VideoResultLabelsInput,
  type VideoResultParameters,
} from './video-result/video-result-labels';
