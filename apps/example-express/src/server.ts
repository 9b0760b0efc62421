import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type SegmindEmulator, type SegmindEmulatorOptions, startSegmindEmulator } from '@seedance-kit/emulator';
import { allowAnonymous, createSeedanceHandler } from '@seedance-kit/server';
import { toExpressMiddleware } from '@seedance-kit/server/express';
import react from '@vitejs/plugin-react';
import express from 'express';
import { createServer as createViteServer } from 'vite';

/** Options of {@link startExpressExample}; each falls back to the environment, then to a safe local default. */
export interface ExpressExampleOptions {
  /** Port to listen on; 0 picks a free one. Default `PORT` or 3000. */
  port?: number;
  /** The Segmind key. Default `SEGMIND_API_KEY`; when absent, the emulator is started in-process instead. */
  apiKey?: string;
  /** The job-token secret. Default `SEEDANCE_SECRET`; when absent, a random one per process. */
  secret?: string;
  /** Options of the in-process emulator, when it is used. */
  emulator?: Omit<SegmindEmulatorOptions, 'apiKey'>;
  /** Where status lines go. Default `console.info`. */
  log?: (line: string) => void;
}

/** A running Express example. */
export interface ExpressExample {
  /** The server's origin, e.g. `http://127.0.0.1:3000`: the page at `/`, the signer at `/api/seedance`. */
  url: string;
  /** The in-process emulator's origin, when no Segmind key was given. */
  emulatorUrl: string | undefined;
  /** Stops the server, Vite and the emulator. */
  stop(): Promise<void>;
}

const clientRoot = fileURLToPath(new URL('../client', import.meta.url));

/**
 * Starts an Express 5 app that mounts the signer at `/api/seedance`, has a JSON route of its own after it, and
 * serves the React page from `client/` through Vite's middleware, so the page and the signer share one origin.
 */
export async function startExpressExample(options: ExpressExampleOptions = {}): Promise<ExpressExample> {
  const log = options.log ?? ((line: string) => console.info(line));
  let apiKey = nonEmpty(options.apiKey ?? process.env.SEGMIND_API_KEY);
  let emulator: SegmindEmulator | undefined;
  if (apiKey === undefined) {
    apiKey = `SG_${randomBytes(8).toString('hex')}`;
    emulator = await startSegmindEmulator({ ...options.emulator, apiKey });
    log(`[example-express] No SEGMIND_API_KEY: started the Segmind emulator at ${emulator.url} (no credits).`);
  }
  let secret = nonEmpty(options.secret ?? process.env.SEEDANCE_SECRET);
  if (secret === undefined) {
    secret = randomBytes(32).toString('base64url');
    log('[example-express] No SEEDANCE_SECRET: a random secret for this process; job ids end with it.');
  }

  const app = express();
  let vite: Awaited<ReturnType<typeof createViteServer>> | undefined;
  let server: Server | undefined;
  try {
    const seedance = createSeedanceHandler({
      apiKey,
      secret,
      // This example has no sign-in, so it says so. A real app returns the signed-in user (from req's session).
      authorize: allowAnonymous(),
      ...(emulator ? { upstream: { baseUrl: emulator.url } } : {}),
    });
    // The signer streams bodies itself, so it is mounted before any body parser.
    app.use('/api/seedance', toExpressMiddleware(seedance));
    app.use(express.json());
    app.get('/api/health', (_request, response) => {
      response.json({ ok: true });
    });
    vite = await createViteServer({
      root: clientRoot,
      configFile: false,
      plugins: [react()],
      appType: 'spa',
      logLevel: 'warn',
      server: { middlewareMode: true },
    });
    app.use(vite.middlewares);
    const listening = app.listen(options.port ?? portFromEnvironment(), '127.0.0.1');
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve);
      listening.once('error', reject);
    });
  } catch (error) {
    await vite?.close();
    await emulator?.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log(`[example-express] Listening at ${url} (the signer at ${url}/api/seedance)`);
  const running = server;
  return {
    url,
    emulatorUrl: emulator?.url,
    async stop() {
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
      await vite?.close();
      await emulator?.stop();
    },
  };
}

function portFromEnvironment(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535 (got "${raw}"). Unset it to use 3000.`);
  }
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
