// The protocol's plain values (statuses, headers, versions): no schemas, so code that only needs these does not
// pull zod schemas into a browser bundle.

/**
 * The version of the browser ↔ signer protocol spoken by this package (see docs/protocol.md). Version 2 adds the
 * history list, the event stream and `features` in `GET /config`; a version 2 server still answers version 1 clients.
 */
export const PROTOCOL_VERSION = 2;

/** Every protocol version a current server answers. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1, 2];

/** Where the signer is mounted unless the host says otherwise. */
export const DEFAULT_BASE_PATH = '/api/seedance';

/**
 * Header every mutating call carries, with the protocol version as its value. A browser cannot send a custom
 * header cross-site without a CORS preflight, so requiring it defeats form-based CSRF.
 */
export const PROTOCOL_HEADER = 'x-seedance-protocol';

/** Header that makes a submit safe to retry: the same key from the same user returns the first job. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The statuses of a job on the server. The client hook adds `idle` and `submitting`. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'expired'] as const;

/** The status of a generation job. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses after which a job never changes again. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'canceled', 'expired']);

/** Whether a job in this status will never change again (so polling can stop). */
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.has(status);
}

/** The kinds of reference file a user can upload. */
export const UPLOAD_KINDS = ['image', 'video', 'audio'] as const;

/** A kind of reference file. */
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** Header of `POST /uploads` naming the kind of file in the body: `image`, `video` or `audio`. */
export const UPLOAD_KIND_HEADER = 'x-seedance-upload-kind';

/** Optional header of `POST /uploads` with the file's name, URI-encoded (`encodeURIComponent`). */
export const UPLOAD_FILENAME_HEADER = 'x-seedance-filename';
