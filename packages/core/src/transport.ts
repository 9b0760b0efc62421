import type { GenerationInput } from './generation-input';
import type { GenerationJob, JobList, SignerConfig, UploadedAsset } from './protocol';
import type { UploadKind } from './protocol-constants';

/** Options of {@link SeedanceTransport.submit}. */
export interface SubmitOptions {
  /** Makes the submit safe to retry: the same key returns the first job instead of billing a second one. */
  idempotencyKey: string;
  /** Aborts the request; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal | undefined;
}

/** Options of the read calls of a {@link SeedanceTransport}. */
export interface RequestOptions {
  /** Aborts the request; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link SeedanceTransport.listGenerations}. */
export interface ListGenerationsOptions extends RequestOptions {
  /** The `nextCursor` of the previous page; absent for the newest jobs. */
  cursor?: string | undefined;
  /** Jobs per page, 1-100. Default 20. */
  limit?: number | undefined;
}

/**
 * What {@link SeedanceTransport.deleteGeneration} did: forgot a finished job (`deleted: true`), or, the job not being
 * finished yet, canceled it instead (`deleted: false`, with the job as {@link SeedanceTransport.cancel} returns it).
 */
export type DeleteGenerationResult = { deleted: true } | { deleted: false; job: GenerationJob };

/** Options of {@link SeedanceTransport.upload}. */
export interface UploadOptions {
  /** What the file is for: a reference image, video or audio. */
  kind: UploadKind;
  /** The name to report; defaults to the `File`'s own name when the blob is a `File`. */
  fileName?: string | undefined;
  /** Aborts the upload; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal | undefined;
  /** Called as bytes are sent, with the bytes sent so far and the file's size. */
  onProgress?: ((loaded: number, total: number) => void) | undefined;
}

/**
 * How the client reaches a signer. The default is {@link createSignerTransport} (HTTP to your backend); tests use
 * `createMockTransport` from `@seedance-kit/core/testing`; a host may implement its own (e.g. over its RPC layer).
 * Every method rejects with a `SeedanceError`.
 */
export interface SeedanceTransport {
  /** Starts a generation and resolves with the new job (status `queued` in the usual case). */
  submit(input: GenerationInput, options: SubmitOptions): Promise<GenerationJob>;
  /** Reads the current state of a job. */
  getJob(jobId: string, options?: RequestOptions): Promise<GenerationJob>;
  /**
   * Asks the signer to cancel a job and resolves with the job as it now stands: `status: 'canceled'`, with
   * `remoteCancel` saying whether the upstream work was stopped too (Segmind cannot cancel, so it is `false` there
   * and the job may still be billed). A job that had already ended keeps its outcome.
   */
  cancel(jobId: string, options?: RequestOptions): Promise<GenerationJob>;
  /** Reads the deployment's policy, so the UI only offers what the server allows. */
  getConfig(options?: RequestOptions): Promise<SignerConfig>;
  /**
   * Uploads a reference file and resolves with its stored asset, whose `url` can be cited in the generation input.
   * Optional so transports written before uploads existed keep compiling; the UI hides uploads without it.
   */
  upload?(file: Blob, options: UploadOptions): Promise<UploadedAsset>;
  /**
   * Calls `listener` with the job every time it changes, pushed by the server (Server-Sent Events), until it reaches
   * a terminal state (then resolves) or `signal` aborts (then resolves too). Rejects with a `SeedanceError` when the
   * stream cannot be had: poll with `getJob` instead. Optional: absent on servers older than protocol version 2.
   */
  subscribe?(jobId: string, listener: (job: GenerationJob) => void, signal: AbortSignal): Promise<void>;
  /** The caller's jobs on the server, newest first (protocol version 2), so history follows the user across devices. */
  listGenerations?(options?: ListGenerationsOptions): Promise<JobList>;
  /**
   * Forgets a finished job on the server (protocol version 2): it leaves the caller's history on every device, its
   * stored files are deleted, and its id answers `NOT_FOUND` from then on. A job that has not finished is canceled
   * instead, as {@link SeedanceTransport.cancel} does. Optional: absent on servers older than protocol version 2.
   */
  deleteGeneration?(jobId: string, options?: RequestOptions): Promise<DeleteGenerationResult>;
}
