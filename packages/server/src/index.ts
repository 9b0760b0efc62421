export { type Authorize, allowAnonymous, type SeedanceUser } from './authorize';
export type { GenerationWebhookPayload, WebhookOptions } from './follower/delivery';
export type { FollowDueResult, FollowScheduler } from './follower/follower';
export { createInProcessScheduler, type InProcessSchedulerOptions } from './follower/in-process-scheduler';
export type { RunTimeExpectation } from './follower/schedule';
export { createSeedanceHandler, type SeedanceHandler, type SeedanceSigner } from './handler';
export type {
  FollowOptions,
  GenerationCompleteEvent,
  SeedanceHandlerOptions,
  SeedanceLimits,
  SeedancePolicy,
  UpstreamOptions,
} from './options';
export { createFileStorage } from './storage/file-storage';
export type { ByteRange, ResultStorage, StoredObject } from './storage/result-storage';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store';
export type { IndexEntry, IndexQuery, Store } from './store/store';
export { SEGMIND_API_URL, SEGMIND_MODEL, SEGMIND_UPLOAD_URL } from './upstream/segmind-client';
