/** The most upstream text relayed in one message, counted after scrubbing. */
export const UPSTREAM_TEXT_MAX_LENGTH = 300;

const REDACTED = '[redacted]';
/**
 * Anything shaped like a Segmind key, whichever key it is: `SG_` (any case) and a run of key characters. A key
 * quoted back by the upstream, another deployment's key, or one mangled in case all go.
 */
const KEY_SHAPED = /sg_[a-z0-9_-]{4,}/gi;

/**
 * Makes upstream text safe to relay: removes the API key (in any letter case) and every `SG_…`-shaped token, then
 * cuts the result to `maxLength`. Scrubbing comes first on purpose: cutting first can leave a key's prefix that no
 * longer matches the whole key.
 */
export function scrubUpstreamText(text: string, apiKey: string, maxLength = UPSTREAM_TEXT_MAX_LENGTH): string {
  let scrubbed = text;
  if (apiKey !== '') scrubbed = scrubbed.replace(new RegExp(escapeRegExp(apiKey), 'gi'), REDACTED);
  scrubbed = scrubbed.replace(KEY_SHAPED, REDACTED);
  return scrubbed.length > maxLength ? `${scrubbed.slice(0, maxLength)}…` : scrubbed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
