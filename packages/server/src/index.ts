export { type Authorize, allowAnonymous, type SeedanceUser } from './authorize';
export {
  createSeedanceHandler,
  type SeedanceHandler,
  type SeedanceHandlerOptions,
  type UpstreamOptions,
} from './handler';
export { SEGMIND_API_URL, SEGMIND_MODEL } from './upstream/segmind-client';
