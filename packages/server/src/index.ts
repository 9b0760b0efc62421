export { type Authorize, allowAnonymous, type SeedanceUser } from './authorize';
export { createSeedanceHandler, type SeedanceHandler } from './handler';
export type {
  GenerationCompleteEvent,
  SeedanceHandlerOptions,
  SeedanceLimits,
  SeedancePolicy,
  UpstreamOptions,
} from './options';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store';
export type { Store } from './store/store';
export { SEGMIND_API_URL, SEGMIND_MODEL, SEGMIND_UPLOAD_URL } from './upstream/segmind-client';
