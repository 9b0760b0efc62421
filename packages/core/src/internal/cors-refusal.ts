import { SeedanceError } from '../errors';
import type { SignerConnection } from './signer-connection';

/**
 * A cross-origin `fetch` that the browser refuses for CORS fails exactly like one that never reached the server. A
 * `no-cors` request tells them apart: it reaches a running server whatever its CORS headers, and only fails when the
 * network does. So when it succeeds, the signer answered and the browser withheld the answer: say so, and how to
 * fix it, instead of blaming the connection.
 */
export async function corsRefusal({ baseUrl, options }: SignerConnection): Promise<SeedanceError | undefined> {
  // No DOM types here: core's published types must compile without the DOM lib.
  const pageOrigin = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (pageOrigin === undefined || pageOrigin === 'null') return undefined;
  let signerOrigin: string;
  try {
    signerOrigin = new URL(baseUrl, pageOrigin).origin;
  } catch {
    return undefined;
  }
  if (signerOrigin === pageOrigin) return undefined;
  try {
    await (options.fetch ?? globalThis.fetch)(`${baseUrl}/config`, {
      method: 'GET',
      mode: 'no-cors',
      credentials: 'omit',
    });
  } catch {
    return undefined; // the network failed too: a network error after all
  }
  return new SeedanceError(
    'MISCONFIGURED',
    `The Seedance signer at ${signerOrigin} answered, but the browser refused to let this page (${pageOrigin}) read the answer: the signer does not allow this origin (CORS). Add '${pageOrigin}' to createSeedanceHandler({ allowedOrigins }), or serve the signer from this page's origin (e.g. through a dev-server proxy).`,
  );
}
