const REDACTED = '[redacted]';
/**
 * Anything shaped like a Segmind key, whichever key it is: `SG_` (any case) and a run of key characters. A key
 * quoted back by the upstream, another deployment's key, or one mangled in case all go.
 */
const KEY_SHAPED = /sg_[a-z0-9_-]{4,}/gi;

/**
 * Removes secrets from upstream text: the API key in any letter case, and every `SG_…`-shaped token. Call it on the
 * whole text, before anything cuts it: a cut first can leave a key's prefix that no longer matches the whole key.
 */
export function scrubSecrets(text: string, apiKey: string): string {
  let scrubbed = text;
  if (apiKey !== '') scrubbed = scrubbed.replace(new RegExp(escapeRegExp(apiKey), 'gi'), REDACTED);
  return scrubbed.replace(KEY_SHAPED, REDACTED);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
