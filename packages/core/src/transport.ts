import type { GenerationInput } from './generation-input';
import type { GenerationJob, SignerConfig } from './protocol';

/** Options of {@link SeedanceTransport.submit}. */
export interface SubmitOptions {
  /** Makes the submit safe to retry: the same key returns the first job instead of billing a second one. */
  idempotencyKey: string;
  /** Aborts the request; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal;
}

/** Options of the read calls of a {@link SeedanceTransport}. */
export interface RequestOptions {
  /** Aborts the request; the promise then rejects with a `SeedanceCanceledError`. */
  signal?: AbortSignal;
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
  /** Reads the deployment's policy, so the UI only offers what the server allows. */
  getConfig(options?: RequestOptions): Promise<SignerConfig>;
}
