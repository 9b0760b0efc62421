import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSignerTransport, type GenerationJob } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
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

/** `next build`, once per run whichever test needs it first, with no secrets in the environment. */
let built: Promise<string> | undefined;
const build = () => {
  built ??= run([nextBin, 'build'], 'next build');
  return built;
};

interface StartedNext {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `next start` of the build on a free loopback port, with `extraEnvironment` added. */
async function startNext(extraEnvironment: Record<string, string> = {}): Promise<StartedNext> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: appDirectory,
    env: { ...environment, ...extraEnvironment },
    detached: true, // its own process group, so stopping it stops any worker it starts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(server);
  await waitFor(
    async () => (await fetch(url).catch(() => undefined))?.ok === true,
    30_000,
    () => output(),
  );
  return { url, output, stop: () => stopProcessGroup(server) };
}

describe('the Next.js example, built and started as a host would', () => {
  let next: StartedNext | undefined;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // Built once per run, with no secrets in the environment: the signer is created on the first request.
    expect(await build()).toMatch(/○ \/\s/); // the page is prerendered (static), the studio in it included
    next = await startNext();
    url = next.url;
    browser = await chromium.launch(chromiumLaunchOptions);
  });

  afterAll(async () => {
    await browser?.close();
    await next?.stop();
  });

  it('serves the signer from route handlers, on the emulator when there is no key', async () => {
    const config = await fetch(`${url}/api/seedance/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ protocolVersion: 1 });
    expect(next?.output()).toMatch(/No SEGMIND_API_KEY: started the Segmind emulator at http:\/\/127\.0\.0\.1:\d+/);
    const html = await (await fetch(url)).text();
    expect(html).toContain('aria-label="Video studio"');
    // No CRON_SECRET in this environment: the follower's cron route refuses everyone, even an empty Bearer.
    for (const authorization of [undefined, 'Bearer ', 'Bearer undefined']) {
      const cron = await fetch(`${url}/api/cron/follow`, authorization ? { headers: { authorization } } : {});
      expect(cron.status).toBe(401);
      expect((await cron.json()).error.message).toMatch(/CRON_SECRET is not set/);
    }
  });

  it('generates a video, survives a reload mid-run with no hydration error, and plays it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // The emulator takes 2 s queued and 6 s processing by default: time enough to reload in the middle.
    expect(await generateAcrossReload(page, url)).toEqual([]);
    await page.close();
  });
});

describe('the cron route of the job follower', () => {
  const cronSecret = 'a-cron-secret-for-the-example-e2e';
  let next: StartedNext | undefined;

  beforeAll(async () => {
    await build();
    // As on a serverless host: no timers follow the jobs, only the cron route (and browsers' own reads) advance them.
    next = await startNext({ SEEDANCE_FOLLOW: 'cron', CRON_SECRET: cronSecret });
  });

  afterAll(async () => {
    await next?.stop();
  });

  it('refuses a call without the secret and advances a finished job with it', async () => {
    const cronUrl = `${next!.url}/api/cron/follow`;
    const anonymous = await fetch(cronUrl);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.message).toMatch(/Authorization: Bearer <CRON_SECRET>/);
    const guessed = await fetch(cronUrl, { headers: { authorization: `Bearer ${cronSecret.slice(0, -1)}x` } });
    expect(guessed.status).toBe(401);

    const transport = createSignerTransport({ baseUrl: `${next!.url}/api/seedance` });
    const prompt = `followed by cron ${Date.now()}`;
    await transport.submit({ prompt }, { idempotencyKey: createIdempotencyKey() });
    const listed = async (): Promise<GenerationJob | undefined> =>
      (await transport.listGenerations!({ limit: 50 })).jobs.find((job) => job.input.prompt === prompt);
    // The emulator is done after 8 s; nobody reads the job (the history is the record, not an upstream read).
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    expect((await listed())?.status).toBe('queued');

    const followed = await fetch(cronUrl, { headers: { authorization: `Bearer ${cronSecret}` } });
    expect(followed.status).toBe(200);
    const summary = await followed.json();
    expect(summary).toMatchObject({ remaining: 0 });
    expect(summary.advanced).toBeGreaterThanOrEqual(1);
    expect((await listed())?.status).toBe('succeeded');
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
