import type { SeedanceErrorCode } from './error-codes';

/** One problem with one field of a request, as `issues` in an error body. */
export interface SeedanceFieldIssue {
  /** Where the problem is, e.g. `['reference_images', 2]`; empty for the whole input. */
  path: (string | number)[];
  /** What is wrong and what to do, for a person. */
  message: string;
}

/** The JSON form of an error: what the signer sends as `{ "error": ... }` and what {@link SeedanceError.fromJSON} reads. */
export interface SeedanceErrorBody {
  /** The stable code. */
  code: SeedanceErrorCode;
  /** What was wrong and what to do. Never contains the API key or upstream internals. */
  message: string;
  /** Whether sending the same request again later may succeed. */
  retryable: boolean;
  /** How long to wait before retrying, when known. */
  retryAfterMs?: number;
  /** Field-level problems, for `VALIDATION_FAILED`. */
  issues?: SeedanceFieldIssue[];
}

/** Options of the {@link SeedanceError} constructor. */
export interface SeedanceErrorOptions {
  /** Whether retrying may help; defaults by code (upstream trouble, rate limits and network errors are retryable). */
  retryable?: boolean;
  /** How long to wait before retrying, when known. */
  retryAfterMs?: number;
  /** Field-level problems. */
  issues?: SeedanceFieldIssue[];
  /** The HTTP status this error arrived with, on the client. */
  status?: number;
  /** The underlying error. */
  cause?: unknown;
}

const marker = Symbol.for('seedance-kit.error');

const RETRYABLE_BY_DEFAULT: ReadonlySet<SeedanceErrorCode> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UNAVAILABLE',
  'NETWORK_ERROR',
]);

/**
 * The one error type of Seedance Kit. `code` says what happened in a stable way, `message` what to do about it.
 * Use {@link SeedanceError.isInstance} rather than `instanceof`: it also works across duplicate installs.
 */
export class SeedanceError extends Error {
  /** Brand read by {@link SeedanceError.isInstance}; a symbol from the global registry survives duplicate installs. */
  readonly [marker] = true;
  override readonly name: string = 'SeedanceError';
  /** The stable code. */
  readonly code: SeedanceErrorCode;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** How long to wait before retrying, when known. */
  readonly retryAfterMs: number | undefined;
  /** Field-level problems, for `VALIDATION_FAILED`. */
  readonly issues: SeedanceFieldIssue[] | undefined;
  /** The HTTP status this error arrived with, when it came from the signer. */
  readonly status: number | undefined;

  constructor(code: SeedanceErrorCode, message: string, options: SeedanceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.retryAfterMs = options.retryAfterMs;
    this.issues = options.issues;
    this.status = options.status;
  }

  /** Whether `value` is a {@link SeedanceError}, from this copy of the library or another. */
  static isInstance(value: unknown): value is SeedanceError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** Rebuilds an error from its JSON form (an `error` body of the signer protocol). */
  static fromJSON(
    body: SeedanceErrorBody,
    options: Pick<SeedanceErrorOptions, 'status' | 'cause'> = {},
  ): SeedanceError {
    const rebuilt = {
      retryable: body.retryable,
      ...(body.retryAfterMs === undefined ? {} : { retryAfterMs: body.retryAfterMs }),
      ...(body.issues === undefined ? {} : { issues: body.issues }),
      ...options,
    };
    return body.code === 'CANCELED'
      ? new SeedanceCanceledError(body.message, rebuilt)
      : new SeedanceError(body.code, body.message, rebuilt);
  }

  /** The JSON form sent over the wire; the cause stays behind. */
  toJSON(): SeedanceErrorBody {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.issues === undefined ? {} : { issues: this.issues }),
    };
  }
}

/** A request that was canceled on purpose. It is an outcome, not a failure: UIs should not show it as an error. */
export class SeedanceCanceledError extends SeedanceError {
  override readonly name: string = 'SeedanceCanceledError';

  constructor(message = 'The request was canceled.', options: SeedanceErrorOptions = {}) {
    super('CANCELED', message, { ...options, retryable: false });
  }
}
