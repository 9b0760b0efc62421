/**
 * A fresh idempotency key for one submit. Uses `crypto.randomUUID` where the page is a secure context and falls
 * back to `crypto.getRandomValues` elsewhere (plain-http LAN hosts have no `randomUUID`).
 */
export function createIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
