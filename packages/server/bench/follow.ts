// The follower against fixed 2-second polling (what Segmind's SDK does), on the emulator, in real time.
// Run: pnpm --filter @seedance-kit/server bench:follow   (about 6 minutes; reports, never fails CI)
//
// Each account is one emulator (a Segmind account with a 50 requests/minute plan that counts every call, polls
// included) and, for the follower, one signer in front of it with `upstream.requestsPerMinute: 50`. Jobs take 60-120 s
// (5 s queued, then 55-115 s processing, drawn uniformly per job). Nothing is scaled: the clocks are real.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createSignerTransport, type GenerationJob } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { toNodeListener } from '../src/adapters/node';
import { createSeedanceHandler } from '../src/handler';
import type { SeedanceHandlerOptions } from '../src/options';
import { API_KEY, SECRET } from './children';

const REQUESTS_PER_MINUTE = 50;
const RUN_TIMES = { queuedMs: 5_000, processingMs: 55_000, processingSpreadMs: 60_000 };
const SDK_POLL_MS = 2_000;
/** One job alone says little about a median: the 1-job level is this many accounts with one job each. */
const SINGLE_JOB_ACCOUNTS = 30;
const LEVELS = [
  { jobs: 1, accounts: SINGLE_JOB_ACCOUNTS },
  { jobs: 10, accounts: 1 },
  { jobs: 50, accounts: 1 },
];
const PUSH_JOBS = 20;
const PUSH_RUN_TIMES = { queuedMs: 1_000, processingMs: 2_000, processingSpreadMs: 3_000 };
const ACCOUNT_TIMEOUT_MS = 12 * 60_000;
const TARGETS = { callsPerJob: 12, medianLagMsAtOneJob: 3_000, pushMedianMs: 250 };
const UNLIMITED: SeedanceHandlerOptions['limits'] = {
  requestsPerMinute: Number.POSITIVE_INFINITY,
  videoSecondsPerDay: Number.POSITIVE_INFINITY,
  concurrentJobs: Number.POSITIVE_INFINITY,
};

/** What one account measured: per job, its upstream calls are counted for the account as a whole. */
interface AccountFigures {
  jobs: number;
  /** Every call to the emulated API (submit, status, result), 429s included. */
  calls: number;
  /** The most calls any one job cost (its submit, status and result reads). */
  maxCallsOfAJob: number;
  rateLimited: number;
  /** Per job, ms from the emulator's COMPLETED to the job being known as succeeded. */
  lagsMs: number[];
  /** Jobs never seen done within the time allowed. */
  missing: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startEmulator(latency: typeof RUN_TIMES, rateLimited: boolean): Promise<SegmindEmulator> {
  return startSegmindEmulator({
    apiKey: API_KEY,
    latency,
    ...(rateLimited ? { rateLimitPerMinute: REQUESTS_PER_MINUTE, rateLimitCountsPolls: true } : {}),
  });
}

/** When the emulator received each job's submit (by prompt): its COMPLETED comes `total_time` after that. */
function submittedAt(emulator: SegmindEmulator): Map<string, number> {
  const times = new Map<string, number>();
  for (const request of emulator.requests()) {
    const prompt = (request.body as { prompt?: unknown } | undefined)?.prompt;
    if (request.route === 'submit' && request.status === 200 && typeof prompt === 'string') {
      times.set(prompt, Date.parse(request.time));
    }
  }
  return times;
}

/** Upstream calls per job: submits carry the prompt, reads the request id; both are tied to the job here. */
function callFigures(emulator: SegmindEmulator, promptOf: Map<string, string>) {
  const api = emulator.requests().filter((request) => request.route !== 'cdn' && request.route !== null);
  const perJob = new Map<string, number>();
  for (const request of api) {
    const prompt =
      request.route === 'submit'
        ? (request.body as { prompt?: string } | undefined)?.prompt
        : promptOf.get(/\/v2\/requests\/([^/]+)/.exec(request.path)?.[1] ?? '');
    if (prompt !== undefined) perJob.set(prompt, (perJob.get(prompt) ?? 0) + 1);
  }
  return {
    calls: api.length,
    maxCallsOfAJob: Math.max(0, ...perJob.values()),
    rateLimited: api.filter((request) => request.status === 429).length,
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(100);
}

async function startSigner(options: Partial<SeedanceHandlerOptions> & { upstream: { baseUrl: string } }) {
  const handler = createSeedanceHandler({
    apiKey: API_KEY,
    secret: SECRET,
    authorize: () => ({ id: 'bench-user' }),
    limits: UNLIMITED,
    onError: () => undefined,
    ...options,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    transport: createSignerTransport({ baseUrl: `${url}/api/seedance` }),
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const requestIdOf = (upstreamVideoUrl: string) => /\/generations\/([^/.]+)\.mp4$/.exec(upstreamVideoUrl)?.[1] ?? '';

/** The signer with its follower, nobody polling: a job is known done when the signer's record says succeeded. */
async function followerAccount(name: string, jobs: number): Promise<AccountFigures> {
  const emulator = await startEmulator(RUN_TIMES, true);
  const known = new Map<string, { at: number; totalTimeMs: number }>();
  const promptOf = new Map<string, string>();
  const signer = await startSigner({
    upstream: { baseUrl: emulator.url, requestsPerMinute: REQUESTS_PER_MINUTE },
    // Called right after the record is written as succeeded (no storage here, so nothing is copied first).
    onGenerationComplete: ({ job, upstreamVideoUrl }) => {
      const prompt = job.input.prompt ?? '';
      promptOf.set(requestIdOf(upstreamVideoUrl), prompt);
      known.set(prompt, { at: Date.now(), totalTimeMs: job.metrics?.totalTimeMs ?? Number.NaN });
    },
  });
  try {
    const prompts = Array.from({ length: jobs }, (_, n) => `${name} job ${n}`);
    await Promise.all(
      prompts.map((prompt) => signer.transport.submit({ prompt }, { idempotencyKey: createIdempotencyKey() })),
    );
    await waitFor(() => known.size === jobs, ACCOUNT_TIMEOUT_MS);
    return figuresOf(emulator, prompts, known, promptOf);
  } finally {
    await signer.close();
    await emulator.stop();
  }
}

/** Segmind's SDK way: submit, then read the status every 2 s until it ends, then the result; a 429 is read again. */
async function pollingAccount(name: string, jobs: number): Promise<AccountFigures> {
  const emulator = await startEmulator(RUN_TIMES, true);
  const known = new Map<string, { at: number; totalTimeMs: number }>();
  const promptOf = new Map<string, string>();
  const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
  const deadline = Date.now() + ACCOUNT_TIMEOUT_MS;
  const follow = async (prompt: string) => {
    let submitted: { request_id: string; status_url: string; response_url: string } | undefined;
    while (!submitted && Date.now() < deadline) {
      const response = await fetch(`${emulator.url}/v2/seedance-2.0-fast`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt }),
      });
      if (response.ok) submitted = await response.json();
      else await sleep(SDK_POLL_MS);
    }
    if (!submitted) return;
    promptOf.set(submitted.request_id, prompt);
    while (Date.now() < deadline) {
      await sleep(SDK_POLL_MS);
      const status = await fetch(submitted.status_url, { headers });
      if (!status.ok || (await status.json()).status !== 'COMPLETED') continue;
      for (;;) {
        const result = await fetch(submitted.response_url, { headers });
        if (result.ok) {
          const body = await result.json();
          known.set(prompt, { at: Date.now(), totalTimeMs: body.metrics.total_time * 1000 });
          return;
        }
        await sleep(SDK_POLL_MS);
      }
    }
  };
  try {
    const prompts = Array.from({ length: jobs }, (_, n) => `${name} job ${n}`);
    await Promise.all(prompts.map(follow));
    return figuresOf(emulator, prompts, known, promptOf);
  } finally {
    await emulator.stop();
  }
}

function figuresOf(
  emulator: SegmindEmulator,
  prompts: string[],
  known: Map<string, { at: number; totalTimeMs: number }>,
  promptOf: Map<string, string>,
): AccountFigures {
  const submits = submittedAt(emulator);
  const lagsMs: number[] = [];
  for (const prompt of prompts) {
    const seen = known.get(prompt);
    const submitted = submits.get(prompt);
    if (seen && submitted !== undefined) lagsMs.push(seen.at - (submitted + seen.totalTimeMs));
  }
  return { jobs: prompts.length, ...callFigures(emulator, promptOf), lagsMs, missing: prompts.length - lagsMs.length };
}

/**
 * Push lag: from the signer holding Segmind's COMPLETED answer (the result read, wrapped here) to a client subscribed
 * to `GET /generations/:id/events` over HTTP (the core transport's `subscribe`) holding `succeeded`. A subscribed job
 * is also read at the poll interval by its stream, so this runs apart from the levels, on short jobs, uncapped.
 */
async function pushLags(): Promise<{ lagsMs: number[]; missing: number }> {
  const emulator = await startEmulator(PUSH_RUN_TIMES, false);
  const completedReadAt = new Map<string, number>();
  const promptOf = new Map<string, string>();
  const heldAt = new Map<string, number>();
  const signer = await startSigner({
    upstream: {
      baseUrl: emulator.url,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const requestId = /\/v2\/requests\/([^/]+)$/.exec(new URL(String(input)).pathname)?.[1];
        if (requestId === undefined || !response.ok) return response;
        const text = await response.text();
        if ((JSON.parse(text) as { status?: string }).status === 'COMPLETED' && !completedReadAt.has(requestId)) {
          completedReadAt.set(requestId, performance.now());
        }
        return new Response(text, { status: response.status, headers: response.headers });
      },
    },
    // The follower reads these short jobs too (not only their streams), as it would jobs of this length.
    follow: { expectedRunMs: { shortestMs: 3_000, longestMs: 6_000 } },
    onGenerationComplete: ({ job, upstreamVideoUrl }) =>
      void promptOf.set(requestIdOf(upstreamVideoUrl), job.input.prompt ?? ''),
  });
  const controller = new AbortController();
  try {
    const prompts = Array.from({ length: PUSH_JOBS }, (_, n) => `push job ${n}`);
    const jobs: GenerationJob[] = await Promise.all(
      prompts.map((prompt) => signer.transport.submit({ prompt }, { idempotencyKey: createIdempotencyKey() })),
    );
    const subscribe = signer.transport.subscribe?.bind(signer.transport);
    if (!subscribe) throw new Error('the signer transport has no subscribe');
    await Promise.all(
      jobs.map((job, n) =>
        subscribe(
          job.id,
          (state) => {
            if (state.status === 'succeeded' && !heldAt.has(prompts[n] ?? ''))
              heldAt.set(prompts[n] ?? '', performance.now());
          },
          controller.signal,
        ).catch(() => undefined),
      ),
    );
    await waitFor(() => promptOf.size === PUSH_JOBS, 30_000);
    const lagsMs: number[] = [];
    for (const [requestId, prompt] of promptOf) {
      const read = completedReadAt.get(requestId);
      const held = heldAt.get(prompt);
      if (read !== undefined && held !== undefined) lagsMs.push(held - read);
    }
    return { lagsMs, missing: PUSH_JOBS - lagsMs.length };
  } finally {
    controller.abort();
    await signer.close();
    await emulator.stop();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((first, second) => first - second);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = sorted[Math.floor(position)] ?? Number.NaN;
  const above = sorted[Math.ceil(position)] ?? Number.NaN;
  return below + (above - below) * (position - Math.floor(position));
}

function combine(accounts: AccountFigures[]): AccountFigures {
  return {
    jobs: accounts.reduce((sum, account) => sum + account.jobs, 0),
    calls: accounts.reduce((sum, account) => sum + account.calls, 0),
    maxCallsOfAJob: Math.max(...accounts.map((account) => account.maxCallsOfAJob)),
    rateLimited: accounts.reduce((sum, account) => sum + account.rateLimited, 0),
    lagsMs: accounts.flatMap((account) => account.lagsMs),
    missing: accounts.reduce((sum, account) => sum + account.missing, 0),
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.info(`bench:follow ${new Date().toISOString()}`);
  console.info(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  console.info(`load average at start: ${os.loadavg()[0]?.toFixed(1)}`);
  console.info(
    `jobs of ${RUN_TIMES.queuedMs / 1000 + RUN_TIMES.processingMs / 1000}-${(RUN_TIMES.queuedMs + RUN_TIMES.processingMs + RUN_TIMES.processingSpreadMs) / 1000} s (uniform), real time, no clock scaling; ` +
      `each account: ${REQUESTS_PER_MINUTE} requests/min counting every call; the 1-job level is ${SINGLE_JOB_ACCOUNTS} accounts with one job each`,
  );
  const started = Date.now();
  const levelRuns = LEVELS.map((level) => ({
    level,
    follower: Promise.all(
      Array.from({ length: level.accounts }, (_, n) => followerAccount(`follower ${level.jobs}/${n}`, level.jobs)),
    ).then(combine),
    polling: Promise.all(
      Array.from({ length: level.accounts }, (_, n) => pollingAccount(`polling ${level.jobs}/${n}`, level.jobs)),
    ).then(combine),
  }));
  const push = pushLags();

  console.info('');
  console.info('| jobs | strategy | calls/job (max of a job) | 429s | lag median | lag p95 | not seen done |');
  console.info('| ---- | -------- | ------------------------ | ---- | ---------- | ------- | ------------- |');
  const verdicts: string[] = [];
  for (const { level, follower, polling } of levelRuns) {
    const [ours, theirs] = await Promise.all([follower, polling]);
    const row = (strategy: string, figures: AccountFigures) =>
      console.info(
        `| ${level.jobs} | ${strategy} | ${(figures.calls / figures.jobs).toFixed(1)} (${figures.maxCallsOfAJob}) | ${figures.rateLimited} | ${seconds(quantile(figures.lagsMs, 0.5))} s | ${seconds(quantile(figures.lagsMs, 0.95))} s | ${figures.missing} |`,
      );
    row('follower', ours);
    row('2 s polling', theirs);
    const callRatio = ours.calls / ours.jobs / (theirs.calls / theirs.jobs);
    const lagRatio = quantile(ours.lagsMs, 0.5) / quantile(theirs.lagsMs, 0.5);
    console.info(
      `| ${level.jobs} | follower ÷ polling | ${callRatio.toFixed(2)}× | ${ours.rateLimited} vs ${theirs.rateLimited} | ${lagRatio.toFixed(2)}× | ${(quantile(ours.lagsMs, 0.95) / quantile(theirs.lagsMs, 0.95)).toFixed(2)}× | |`,
    );
    if (level.jobs <= 10) {
      verdicts.push(
        `${verdict(ours.calls / ours.jobs <= TARGETS.callsPerJob)} ${level.jobs} job(s): ${(ours.calls / ours.jobs).toFixed(1)} upstream calls per job on average (target ≤ ${TARGETS.callsPerJob})`,
      );
    }
    if (level.jobs === 1) {
      verdicts.push(
        `${verdict(quantile(ours.lagsMs, 0.5) <= TARGETS.medianLagMsAtOneJob)} 1 job: median detection lag ${seconds(quantile(ours.lagsMs, 0.5))} s (target ≤ 3 s)`,
      );
    }
    verdicts.push(
      `${verdict(ours.rateLimited === 0)} ${level.jobs} job(s): ${ours.rateLimited} upstream 429s (target 0)`,
    );
    if (ours.missing > 0) verdicts.push(`MISS ${level.jobs} job(s): ${ours.missing} jobs never seen done`);
  }
  const pushed = await push;
  console.info('');
  console.info(
    `push lag (${PUSH_JOBS} jobs of 3-6 s, each with an SSE client over HTTP; uncapped account): median ${quantile(pushed.lagsMs, 0.5).toFixed(1)} ms, p95 ${quantile(pushed.lagsMs, 0.95).toFixed(1)} ms, max ${Math.max(...pushed.lagsMs).toFixed(1)} ms, missing ${pushed.missing}`,
  );
  verdicts.push(
    `${verdict(quantile(pushed.lagsMs, 0.5) < TARGETS.pushMedianMs && pushed.missing === 0)} push lag median ${quantile(pushed.lagsMs, 0.5).toFixed(1)} ms (target < 250 ms)`,
  );
  console.info('');
  for (const line of verdicts) console.info(line);
  console.info(`took ${seconds(Date.now() - started)} s; load average at the end: ${os.loadavg()[0]?.toFixed(1)}`);
}

const deadline = setTimeout(() => {
  console.error('bench:follow took over 15 minutes: stopping.');
  process.exit(1);
}, 15 * 60_000);
deadline.unref();
await main();
// Keep-alive sockets of fetch would hold the process a few seconds more for nothing.
process.exit(0);
