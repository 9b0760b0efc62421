import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { TEST_API_KEY, TEST_SECRET } from '../test-harness';
import { itBehavesLikeTheSigner } from './adapter-contract';

// A real Next.js server: `next dev` (Turbopack) on the App Router app in __fixtures__/next-app, whose
// app/api/seedance/[...path]/route.ts exports toNextRouteHandlers(createSeedanceHandler(…)). The handler runs in the
// Next process, so the emulator's and Redis's URLs and the test credentials reach it through the environment.
const appDirectory = fileURLToPath(new URL('./__fixtures__/next-app', import.meta.url));
const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');

describe('toNextRouteHandlers on a real Next.js App Router server (next dev)', () => {
  itBehavesLikeTheSigner(async ({ upstreamUrl, redisUrl }) => {
    const port = await freePort();
    // Vitest sets NODE_ENV=test, which `next dev` warns about and which changes how React is loaded.
    const { NODE_ENV: _testEnvironment, ...environment } = process.env;
    const next = spawn(process.execPath, [nextBin, 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: appDirectory,
      // Its own process group, so stopping it also stops any worker Next starts.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...environment,
        NEXT_TELEMETRY_DISABLED: '1',
        SEEDANCE_TEST_API_KEY: TEST_API_KEY,
        SEEDANCE_TEST_SECRET: TEST_SECRET,
        SEEDANCE_TEST_UPSTREAM_URL: upstreamUrl,
        SEEDANCE_TEST_REDIS_URL: redisUrl,
      },
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      await stopProcessGroup(next);
    };
    try {
      await waitForOutput(next, /Ready in/, 30_000);
      // The first request compiles the route; do it here so no test pays for it.
      const warmUp = await fetch(`${url}/api/seedance/config`, { signal: AbortSignal.timeout(30_000) });
      if (warmUp.status !== 401) throw new Error(`the Next fixture answered ${warmUp.status}: ${await warmUp.text()}`);
    } catch (error) {
      await stop();
      throw error;
    }
    return { url, close: stop };
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`next dev did not print ${pattern} in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) finish();
    };
    const onExit = (code: number | null) => fail(new Error(`next dev exited with ${code}:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining, so a chatty dev server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const finish = () => {
      cleanup();
      resolve();
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
