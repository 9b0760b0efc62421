// The codes as plain values: the error class needs only their type, so a browser bundle that never lists them
// (only the protocol schemas and the server do) leaves the list out.

/** Every error code of the signer protocol and the client. Codes are stable; messages are for people. */
export const SEEDANCE_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'EXPIRED',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'INSUFFICIENT_CREDITS',
  'SPEND_LIMIT_REACHED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'GENERATION_FAILED',
  'CONTENT_REJECTED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UNAVAILABLE',
  'MISCONFIGURED',
  'NETWORK_ERROR',
  'CANCELED',
  'INTERNAL',
] as const;

/** A stable, machine-readable error code. */
export type SeedanceErrorCode = (typeof SEEDANCE_ERROR_CODES)[number];

/** The HTTP status the signer answers with for each code (client-only codes included for completeness). */
export const SEEDANCE_ERROR_HTTP_STATUS: Record<SeedanceErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EXPIRED: 410,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  INSUFFICIENT_CREDITS: 402,
  SPEND_LIMIT_REACHED: 402,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  GENERATION_FAILED: 422,
  CONTENT_REJECTED: 422,
  UPSTREAM_REJECTED: 422,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_TIMEOUT: 504,
  UNAVAILABLE: 503,
  MISCONFIGURED: 500,
  NETWORK_ERROR: 503,
  CANCELED: 499,
  INTERNAL: 500,
};
