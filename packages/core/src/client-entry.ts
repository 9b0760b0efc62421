// `@seedance-kit/core/client`: the framework-free generation client (the state machine `useSeedanceGeneration`
// wires to react-query), for a host outside React, with the state it reports and the storage it resumes from.
export {
  createGenerationClient,
  type GenerationCancellation,
  type GenerationClient,
  type GenerationClientOptions,
  type GenerationSnapshot,
} from './generation-client';
export type { PollingOptions } from './generation-polling';
export type { GenerationState, GenerationStatus, SucceededJob } from './generation-state';
export type {
  ActiveGeneration,
  GenerationHistoryEntry,
  GenerationStorage,
  GenerationStore,
  PersistOption,
} from './generation-storage';
