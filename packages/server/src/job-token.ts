import type { JobInputSummary } from '@seedance-kit/core/protocol';

/** What a job token carries. Visible to its holder (it is signed, not encrypted): nothing secret goes in. */
export interface JobTokenClaims {
  /** The upstream (Segmind) request id. */
  requestId: string;
  /** The id of the user who created the job, as returned by `authorize`. */
  userId: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  /** After this time (ms since the epoch) the upstream record is gone and the job is `expired`. */
  expiresAt: number;
  /** What the job was asked to make. */
  input: JobInputSummary;
  /** The concurrency slot the job holds, freed by whichever instance sees it end. */
  slotId: string;
}

/** Why a token was refused. */
export type JobTokenProblem = 'malformed' | 'bad-signature';

/** The outcome of {@link verifyJobToken}. */
export type JobTokenVerification = { ok: true; claims: JobTokenClaims } | { ok: false; problem: JobTokenProblem };

const VERSION = 'v1';
const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * Signs job claims into an opaque id: `v1.<payload>.<signature>`, both base64url, HMAC-SHA-256 over the version
 * and payload with the first (current) secret. Web Crypto only, so it runs on Node, Bun, Deno and Workers.
 */
export async function signJobToken(claims: JobTokenClaims, secrets: readonly string[]): Promise<string> {
  const current = secrets[0];
  if (current === undefined) throw new Error('signJobToken needs at least one secret');
  const payload = toBase64Url(
    encoder.encode(
      JSON.stringify([
        claims.requestId,
        claims.userId,
        claims.createdAt,
        claims.expiresAt,
        claims.input.aspectRatio,
        claims.input.duration,
        claims.input.resolution,
        claims.input.generateAudio ? 1 : 0,
        claims.slotId,
      ]),
    ),
  );
  const signed = `${VERSION}.${payload}`;
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(current), encoder.encode(signed));
  return `${signed}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Checks a token against every secret (current first, then previous ones, so rotation never strands a job) in
 * constant time, then decodes its claims. Expiry and ownership are the caller's to judge: they get distinct errors.
 */
export async function verifyJobToken(token: string, secrets: readonly string[]): Promise<JobTokenVerification> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || token.length > 2048) return { ok: false, problem: 'malformed' };
  const [, payload = '', signature = ''] = parts;
  const signatureBytes = fromBase64Url(signature);
  if (signatureBytes?.length !== 32) return { ok: false, problem: 'malformed' };
  // base64url's last character carries bits that decoding ignores: insist on the one canonical spelling, so a job
  // has exactly one id (caches and logs keyed by id cannot be split).
  if (toBase64Url(signatureBytes) !== signature) return { ok: false, problem: 'malformed' };
  const signed = encoder.encode(`${VERSION}.${payload}`);
  let valid = false;
  for (const secret of secrets) {
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret), signatureBytes, signed)) {
      valid = true;
      break;
    }
  }
  if (!valid) return { ok: false, problem: 'bad-signature' };
  const claims = decodeClaims(payload);
  return claims ? { ok: true, claims } : { ok: false, problem: 'malformed' };
}

function decodeClaims(payload: string): JobTokenClaims | undefined {
  const bytes = fromBase64Url(payload);
  if (!bytes) return undefined;
  try {
    const [requestId, userId, createdAt, expiresAt, aspectRatio, duration, resolution, generateAudio, slotId] =
      JSON.parse(new TextDecoder().decode(bytes));
    if (typeof requestId !== 'string' || typeof userId !== 'string' || typeof slotId !== 'string') return undefined;
    if (typeof createdAt !== 'number' || typeof expiresAt !== 'number') return undefined;
    return {
      requestId,
      userId,
      createdAt,
      expiresAt,
      input: { aspectRatio, duration, resolution, generateAudio: generateAudio === 1 },
      slotId,
    };
  } catch {
    return undefined;
  }
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}
