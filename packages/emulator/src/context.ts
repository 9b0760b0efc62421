import type { FaultQueue } from './faults';
import type { SeedanceJobInput } from './input-validation';
import type { MediaCatalog } from './media';
import type { RateLimiter } from './rate-limiter';

/** The emulator's options with every default applied. */
export interface EmulatorSettings {
  apiKey: string | undefined;
  queuedMs: number;
  processingMs: number;
  processingSpreadMs: number;
  responseMs: number;
  submitResponseMs: number;
  expiryMs: number;
  cdnExpiryMs: number;
  credits: number;
  rateLimitPerMinute: number | undefined;
  failedStatusCode: 422 | 200;
  uploadResponseKey: 'urls' | 'file_urls';
  acceptAutoDuration: boolean;
  failureMessage: string;
  validation: 'segmind' | 'strict';
  enumRejectionStatus: 400 | 406;
  spendLimit: number | undefined;
  requestIdFormat: 'uuid' | 'hex32';
  outputFormat: 'url' | 'json-string';
  maxSeed: number;
  rateLimitCountsPolls: boolean;
  recovery: boolean;
  log: ((line: string) => void) | undefined;
  publicUrl: string | undefined;
}

/** One submitted v2 job. Its status is never stored: it follows from the time elapsed since submit. */
export interface EmulatorJob {
  id: string;
  input: SeedanceJobInput;
  submittedAt: number;
  /** Latencies as they were at submit, so changing nothing mid-flight keeps a job's timeline stable. */
  queuedMs: number;
  processingMs: number;
  /** The request record answers 404 from this time on; the CDN files stay. */
  expiresAt: number;
  seed: number;
  /** What the job costs once it completes; a FAILED job is never billed. */
  cost: number;
  /** The balance right after this job was billed; `undefined` until it completes. */
  remainingCredits: number | undefined;
  /** Set when the job is meant to end FAILED. */
  failure: string | undefined;
}

/** A file stored by `POST /upload-asset`, served back from `/cdn/assets/<id>.<extension>`. */
export interface StoredAsset {
  id: string;
  extension: string;
  contentType: string;
  bytes: Buffer;
}

/** The state every route handler shares. */
export interface EmulatorContext {
  settings: EmulatorSettings;
  /** The origin standing for api.segmind.com, workflows-api.segmind.com and the CDN. */
  origin(): string;
  jobs: Map<string, EmulatorJob>;
  assets: Map<string, StoredAsset>;
  faults: FaultQueue;
  /** `balance` in USD; `spent`, what completed jobs cost since start or `reset()` (for the team spend limit). */
  account: { balance: number; spent: number };
  rateLimiter: RateLimiter | undefined;
  media: MediaCatalog;
  /** Waits, unless the emulator stops first, in which case it never resolves (its sockets are gone anyway). */
  delay(milliseconds: number): Promise<void>;
}
