import { randomBytes } from 'node:crypto';
import { allowAnonymous, createSeedanceHandler, type SeedanceHandler } from '@seedance-kit/server';

/**
 * The signer, created on the first request rather than when the module loads: `next build` imports every route to
 * collect its settings, and a handler made at module load would throw there without the Segmind key and secret
 * (CI builds rarely have them). Until the first request nothing is read from the environment.
 */
export const seedance: SeedanceHandler = async (request) => (await signer())(request);

// On globalThis so that `next dev`, which evaluates this module again after an edit, keeps one signer and one emulator.
const shared = globalThis as typeof globalThis & { seedanceSigner?: Promise<SeedanceHandler> };

function signer(): Promise<SeedanceHandler> {
  shared.seedanceSigner ??= createSigner().catch((error: unknown) => {
    // A bad configuration is reported on every request until it is fixed, not cached as a broken signer.
    shared.seedanceSigner = undefined;
    throw error;
  });
  return shared.seedanceSigner;
}

async function createSigner(): Promise<SeedanceHandler> {
  const realKey = nonEmpty(process.env.SEGMIND_API_KEY);
  let apiKey = realKey;
  let upstreamUrl: string | undefined;
  if (apiKey === undefined) {
    // No key: the emulator of Segmind's API runs in this process with a throwaway key, as apps/example-backend does.
    apiKey = `SG_${randomBytes(8).toString('hex')}`;
    // Imported here, unbundled: only a keyless start loads it, and it serves clips from its own package folder.
    const { startSegmindEmulator } = await import(/* turbopackIgnore: true */ '@seedance-kit/emulator');
    const emulator = await startSegmindEmulator({ apiKey });
    upstreamUrl = emulator.url;
    console.info(`[example-next] No SEGMIND_API_KEY: started the Segmind emulator at ${emulator.url} (no credits).`);
  }
  let secret = nonEmpty(process.env.SEEDANCE_SECRET);
  if (secret === undefined) {
    secret = randomBytes(32).toString('base64url');
    console.info('[example-next] No SEEDANCE_SECRET: a random secret for this process; job ids end with it.');
  }
  return createSeedanceHandler({
    apiKey,
    secret,
    // This example has no sign-in, so it says so. A real app returns the signed-in user (from its session cookie).
    authorize: allowAnonymous(),
    ...(upstreamUrl === undefined ? {} : { upstream: { baseUrl: upstreamUrl } }),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
