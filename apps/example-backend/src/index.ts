import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type SegmindEmulator, type SegmindEmulatorOptions, startSegmindEmulator } from '@seedance-kit/emulator';
import {
  allowAnonymous,
  createFileStorage,
  createSeedanceHandler,
  type SeedanceHandlerOptions,
  type Store,
} from '@seedance-kit/server';
import { toNodeListener } from '@seedance-kit/server/node';
import { createRedisStore } from '@seedance-kit/server/redis';
import { Redis } from 'ioredis';

/** Options of {@link startExampleBackend}; each falls back to the environment, then to a safe local default. */
export interface ExampleBackendOptions {
  /** Port to listen on; 0 picks a free one. Default `PORT` or 8787. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (not reachable from other machines). */
  host?: string;
  /** The Segmind key. Default `SEGMIND_API_KEY`; when absent, the emulator is started in-process instead. */
  apiKey?: string;
  /** The job-token secret. Default `SEEDANCE_SECRET`; when absent, a random one per process (jobs do not survive a restart). */
  secret?: string;
  /** A Redis URL for the shared store (several backend processes). Default `REDIS_URL`; when absent, memory. */
  redisUrl?: string;
  /**
   * Where finished videos are kept, so they stay playable after Segmind's CDN drops them. Default
   * `SEEDANCE_STORAGE_DIR`, else `data/results` in this app's folder (git-ignored).
   */
  storageDirectory?: string;
  /** Options of the in-process emulator, when it is used. */
  emulator?: Omit<SegmindEmulatorOptions, 'apiKey'>;
  /** Where status lines go. Default `console.info`. */
  log?: (line: string) => void;
}

/** A running example backend. */
export interface ExampleBackend {
  /** The backend's origin, e.g. `http://127.0.0.1:8787`; the signer is at `${url}/api/seedance`. */
  url: string;
  /** The in-process emulator's origin, when no Segmind key was given. */
  emulatorUrl: string | undefined;
  /** Stops the server and the emulator. */
  stop(): Promise<void>;
}

/**
 * Starts a small Node server that mounts the Seedance signer at `/api/seedance`. With no Segmind key it starts
 * the emulator in-process and says so, so the playground works with no network and no credits.
 */
export async function startExampleBackend(options: ExampleBackendOptions = {}): Promise<ExampleBackend> {
  const log = options.log ?? ((line: string) => console.info(line));
  const port = options.port ?? portFromEnvironment();
  const host = options.host ?? '127.0.0.1';
  const realKey = options.apiKey ?? nonEmpty(process.env.SEGMIND_API_KEY);

  let emulator: SegmindEmulator | undefined;
  let upstream: SeedanceHandlerOptions['upstream'];
  let apiKey: string;
  if (realKey) {
    apiKey = realKey;
    log('[example-backend] SEGMIND_API_KEY is set: generations go to Segmind and use your credits.');
  } else {
    // A throwaway key: the emulator accepts only it, which exercises the same auth path as Segmind.
    apiKey = `SG_${randomBytes(8).toString('hex')}`;
    emulator = await startSegmindEmulator({ ...options.emulator, apiKey });
    upstream = { baseUrl: emulator.url };
    log(
      `[example-backend] No SEGMIND_API_KEY: started the Segmind emulator at ${emulator.url} (no network, no credits).`,
    );
  }

  let secret = options.secret ?? nonEmpty(process.env.SEEDANCE_SECRET);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    log(
      '[example-backend] No SEEDANCE_SECRET: using a random secret for this process; job ids will not survive a restart.',
    );
  }

  const redisUrl = options.redisUrl ?? nonEmpty(process.env.REDIS_URL);
  let redis: Redis | undefined;
  let store: Store | undefined;
  if (redisUrl) {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    store = createRedisStore({ client: redis });
    log(`[example-backend] Shared state in Redis at ${new URL(redisUrl).host}.`);
  }

  const storageDirectory =
    options.storageDirectory ??
    nonEmpty(process.env.SEEDANCE_STORAGE_DIR) ??
    fileURLToPath(new URL('../data/results', import.meta.url));
  log(`[example-backend] Finished videos are kept in ${storageDirectory}.`);

  let handler: ReturnType<typeof createSeedanceHandler>;
  try {
    handler = createSeedanceHandler({
      apiKey,
      secret,
      ...(store ? { store } : {}),
      storage: createFileStorage(storageDirectory),
      onGenerationComplete: ({ user, job }) =>
        log(`[example-backend] generation finished for ${user.id}: ${job.result?.videoUrl ?? 'no video'}`),
      // This demo has no sign-in, so it says so explicitly. A real backend returns the signed-in user here.
      authorize: allowAnonymous(),
      ...(upstream ? { upstream } : {}),
    });
  } catch (error) {
    await emulator?.stop();
    redis?.disconnect();
    throw error;
  }
  const signer = toNodeListener(handler);

  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/api/seedance/') || request.url === '/api/seedance') {
      void signer(request, response);
      return;
    }
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    response
      .writeHead(404, { 'content-type': 'application/json' })
      .end(
        JSON.stringify({ error: { code: 'NOT_FOUND', message: 'The signer is at /api/seedance.', retryable: false } }),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void emulator?.stop();
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is in use. Stop what runs there, or set PORT to another port.`)
          : error,
      );
    });
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  log(`[example-backend] Signer listening at ${url}/api/seedance`);

  return {
    url,
    emulatorUrl: emulator?.url,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handler.close();
      await emulator?.stop();
      await redis?.quit();
    },
  };
}

function portFromEnvironment(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 8787;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535 (got "${raw}"). Unset it to use 8787.`);
  }
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
