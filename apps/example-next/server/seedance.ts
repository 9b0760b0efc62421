import { randomBytes } from 'node:crypto';
import { allowAnonymous, createSeedanceHandler, type SeedanceHandler, type SeedanceSigner } from '@seedance-kit/server';

/**
 * The signer, created on the first request rather than when the module loads: `next build` imports every route to
 * collect its settings, and a handler made at module load would throw there without the Segmind key and secret
 * (CI builds rarely have them). Until the first request nothing is read from the environment.
 */
export const seedance: SeedanceHandler = async (request) => (await signer())(request);

/**
 * Advances every job that is due (reads Segmind, stores, announces): what the cron route calls. Creates the signer
 * first when this is the first request of the process.
 */
export async function followDue(): ReturnType<SeedanceSigner['followDue']> {
  return (await signer()).followDue();
}

// On globalThis so that `next dev`, which evaluates this module again after an edit, keeps one signer and one emulator.
const shared = globalThis as typeof globalThis & { seedanceSigner?: Promise<SeedanceSigner> };

function signer(): Promise<SeedanceSigner> {
  shared.seedanceSigner ??= createSigner().catch((error: unknown) => {
    // A bad configuration is reported on every request until it is fixed, not cached as a broken signer.
    shared.seedanceSigner = undefined;
    throw error;
  });
  return shared.seedanceSigner;
}

/** The emulator's timing here (its defaults), which the follower is told so that it reads a job when it is done. */
const EMULATOR_LATENCY = { queuedMs: 2_000, processingMs: 6_000 };

async function createSigner(): Promise<SeedanceSigner> {
  const realKey = nonEmpty(process.env.SEGMIND_API_KEY);
  let apiKey = realKey;
  let upstreamUrl: string | undefined;
  if (apiKey === undefined) {
    // No key: the emulator of Segmind's API runs in this process with a throwaway key, as apps/example-backend does.
    apiKey = `SG_${randomBytes(8).toString('hex')}`;
    // Imported here, unbundled: only a keyless start loads it, and it serves clips from its own package folder.
    const { startSegmindEmulator } = await import(/* turbopackIgnore: true */ '@seedance-kit/emulator');
    const emulator = await startSegmindEmulator({ apiKey, latency: EMULATOR_LATENCY });
    upstreamUrl = emulator.url;
    console.info(`[example-next] No SEGMIND_API_KEY: started the Segmind emulator at ${emulator.url} (no credits).`);
  }
  let secret = nonEmpty(process.env.SEEDANCE_SECRET);
  if (secret === undefined) {
    secret = randomBytes(32).toString('base64url');
    console.info('[example-next] No SEEDANCE_SECRET: a random secret for this process; job ids end with it.');
  }
  const emulatorRunMs = EMULATOR_LATENCY.queuedMs + EMULATOR_LATENCY.processingMs;
  // On a serverless host no timer outlives the request, so jobs are followed by the cron route alone (vercel.json
  // calls app/api/cron/follow every minute); `SEEDANCE_FOLLOW=cron` asks for the same anywhere else.
  const followByCron = process.env.VERCEL === '1' || process.env.SEEDANCE_FOLLOW === 'cron';
  return createSeedanceHandler({
    apiKey,
    secret,
    // This example has no sign-in, so it says so. A real app returns the signed-in user (from its session cookie).
    authorize: allowAnonymous(),
    ...(upstreamUrl === undefined ? {} : { upstream: { baseUrl: upstreamUrl } }),
    follow: {
      ...(followByCron ? { scheduler: false as const } : {}),
      ...(upstreamUrl === undefined ? {} : { expectedRunMs: { shortestMs: emulatorRunMs, longestMs: emulatorRunMs } }),
    },
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
