import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAcrossReload } from '../../../tests/studio-in-chromium';
import { chromiumLaunchOptions } from '../../../vitest.shared';

const appDirectory = fileURLToPath(new URL('..', import.meta.url));
const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');

// What a CI build has: no Segmind key, no job-token secret. Vitest's NODE_ENV=test is dropped too, as `next`
// decides it itself (production for build and start).
const withheld = new Set(['SEGMIND_API_KEY', 'SEEDANCE_SECRET', 'NODE_ENV']);
const environment = Object.fromEntries([
  ...Object.entries(process.env).filter(([name]) => !withheld.has(name)),
  ['NEXT_TELEMETRY_DISABLED', '1'],
]) as NodeJS.ProcessEnv;

describe('the Next.js example, built and started as a host would', () => {
  let server: ChildProcess;
  let serverOutput: () => string;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // Built once per run, with no secrets in the environment: the signer is created on the first request.
    const build = await run([nextBin, 'build'], 'next build');
    expect(build).toMatch(/○ \/\s/); // the page is prerendered (static), the studio in it included
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: appDirectory,
      env: environment,
      detached: true, // its own process group, so stopping it stops any worker it starts
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serverOutput = collectOutput(server);
    await waitFor(
      async () => (await fetch(url).catch(() => undefined))?.ok === true,
      30_000,
      () => serverOutput(),
    );
    browser = await chromium.launch(chromiumLaunchOptions);
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopProcessGroup(server);
  });

  it('serves the signer from route handlers, on the emulator when there is no key', async () => {
    const config = await fetch(`${url}/api/seedance/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ protocolVersion: 1 });
    expect(serverOutput()).toMatch(/No SEGMIND_API_KEY: started the Segmind emulator at http:\/\/127\.0\.0\.1:\d+/);
    const html = await (await fetch(url)).text();
    expect(html).toContain('aria-label="Video studio"');
  });

  it('generates a video, survives a reload mid-run with no hydration error, and plays it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // The emulator takes 2 s queued and 6 s processing by default: time enough to reload in the middle.
    expect(await generateAcrossReload(page, url)).toEqual([]);
    await page.close();
  });
});

async function run(args: string[], name: string): Promise<string> {
  const child = spawn(process.execPath, args, {
    cwd: appDirectory,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${output()}`);
  return output();
}

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`next start did not answer in ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('No free loopback port.');
  return address.port;
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
