import type { ResolvedSettings } from './options';
import type { SegmindClient } from './upstream/segmind-client';

/** What every route reads: the resolved options and the upstream client. Built once per handler. */
export interface HandlerContext {
  settings: ResolvedSettings;
  segmind: SegmindClient;
}
