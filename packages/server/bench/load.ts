// Load figures for the signer, each next to a baseline measured in the same run, on loopback only.
// Run: pnpm --filter @seedance-kit/server bench   (about 60 s; reports, never fails CI)
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const API_KEY = 'SG_bench0123456789abcdef';
const SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const CHILD_EXEC_ARGV = ['--import', 'tsx', '--conditions=@seedance-kit/source', '--expose-gc'];
const SATURATED = { connections: 10, duration: 5 };
const FIXED_RATE = { connections: 10, duration: 5, overallRate: 500 };
const WARM_UP = { connections: 10, duration: 1 };
const VIDEO_BYTES = 200 * 1024 * 1024;
const STREAM_SECONDS = 15;
const TARGETS = { addedP99Ms: 10, saturatedRequestsPerSecond: 5_000, rssGrowthMb: 50 };
const MB = 1024 * 1024;

interface Child {
  process: ChildProcess;
  ask<T>(type: string, reply: string): Promise<T>;
}

interface MemoryReply {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  peakRss: number;
  peakHeapUsed: number;
  peakArrayBuffers: number;
  errors: number;
}

interface LoadFigures {
  /** CPU time of the measured server process per request, user + system, in µs. */
  cpuMicrosecondsPerRequest: number;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  failures: number;
  upstreamStatusCalls: number;
}

const children: ChildProcess[] = [];
const deadline = setTimeout(() => {
  console.error('The bench took over 150 s: stopping.');
  for (const child of children) child.kill();
  process.exit(1);
}, 150_000);

try {
  await main();
} finally {
  clearTimeout(deadline);
  for (const child of children) child.kill();
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  console.info(
    `Seedance signer load test, ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  );

  // 1. The emulator; two signers in front of it (the default 2 s poll cache, and none, so polls go upstream as the
  // pass-through's do); the pass-through.
  const emulator = await startChild('emulator-process.ts', { API_KEY });
  const emulatorUrl = (emulator.ready as { url: string }).url;
  const signerOptions = (pollIntervalMs: number, extra: object = {}) => ({
    SIGNER_OPTIONS: JSON.stringify({
      apiKey: API_KEY,
      secret: SECRET,
      upstreamBaseUrl: emulatorUrl,
      pollIntervalMs,
      ...extra,
    }),
  });
  const [signer, uncoalesced] = await Promise.all([
    startChild('signer-process.ts', signerOptions(2_000)),
    startChild('signer-process.ts', signerOptions(0)),
  ]);
  const signerUrl = `http://127.0.0.1:${(signer.ready as { port: number }).port}`;
  const uncoalescedUrl = `http://127.0.0.1:${(uncoalesced.ready as { port: number }).port}`;
  const token = await submit(signerUrl);
  const requestId = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as string[])[0] ?? '';
  const passThrough = await startChild('pass-through.ts', {
    UPSTREAM_URL: emulatorUrl,
    API_KEY,
    REQUEST_ID: requestId,
  });
  const passThroughUrl = `http://127.0.0.1:${(passThrough.ready as { port: number }).port}/status`;
  const jobPath = `/api/seedance/generations/${token}`;
  const job = (await (await fetch(`${signerUrl}${jobPath}`)).json()) as { job: { status: string } };
  const upstreamStatus = await (
    await fetch(`${emulatorUrl}/v2/requests/${requestId}/status`, { headers: { 'x-api-key': API_KEY } })
  ).json();
  console.info(`one job: signer says "${job.job.status}", emulator says ${JSON.stringify(upstreamStatus)}\n`);

  // 2. Status-poll throughput and latency, each target warmed up first.
  const runs = {
    passThrough: await loadRuns('pass-through', passThroughUrl, emulator, passThrough),
    signer: await loadRuns('signer (pollIntervalMs 2000)', `${signerUrl}${jobPath}`, emulator, signer),
    // No poll cache: every poll reads upstream, except reads shared in flight by concurrent requests.
    uncoalesced: await loadRuns('signer (pollIntervalMs 0)', `${uncoalescedUrl}${jobPath}`, emulator, uncoalesced),
  };
  for (const child of [passThrough, signer, uncoalesced]) child.process.kill();

  // 3. Streaming a 200 MB video to a slow client through a signer whose upstream is a local stub.
  const stream = await streamRun();
  emulator.process.kill();

  // 4. Summary.
  const base = runs.passThrough;
  const table: string[][] = [['figure', 'pass-through', 'signer', 'ratio', 'signer, no poll cache', 'ratio']];
  const row = (name: string, pick: (figures: { saturated: LoadFigures; fixed: LoadFigures }) => number, digits = 2) => {
    const [baseline, coalesced, plain] = [pick(base), pick(runs.signer), pick(runs.uncoalesced)];
    table.push([
      name,
      baseline.toFixed(digits),
      coalesced.toFixed(digits),
      ratio(coalesced, baseline),
      plain.toFixed(digits),
      ratio(plain, baseline),
    ]);
  };
  row('saturated req/s (10 connections, 5 s)', (run) => run.saturated.requestsPerSecond, 0);
  row('CPU per request, µs (saturated run, server process)', (run) => run.saturated.cpuMicrosecondsPerRequest, 0);
  row('CPU per request, µs (500 req/s run, server process)', (run) => run.fixed.cpuMicrosecondsPerRequest, 0);
  row('saturated p50 latency, ms', (run) => run.saturated.p50);
  row('saturated p99 latency, ms', (run) => run.saturated.p99);
  row('upstream status calls, saturated run', (run) => run.saturated.upstreamStatusCalls, 0);
  row('p50 latency at 500 req/s, ms', (run) => run.fixed.p50);
  row('p99 latency at 500 req/s, ms', (run) => run.fixed.p99);
  row('upstream status calls, 500 req/s run', (run) => run.fixed.upstreamStatusCalls, 0);
  row('failed requests (non-2xx, errors, timeouts)', (run) => run.saturated.failures + run.fixed.failures, 0);
  console.info('\nSummary (ratio = signer ÷ pass-through)');
  printTable(table);

  const added = {
    p50: runs.signer.fixed.p50 - base.fixed.p50,
    p99: runs.signer.fixed.p99 - base.fixed.p99,
    uncoalescedP50: runs.uncoalesced.fixed.p50 - base.fixed.p50,
    uncoalescedP99: runs.uncoalesced.fixed.p99 - base.fixed.p99,
  };
  console.info(
    `\nadded latency at 500 req/s (signer − pass-through): p50 ${signed(added.p50)} ms, p99 ${signed(added.p99)} ms; with no poll cache: p50 ${signed(added.uncoalescedP50)} ms, p99 ${signed(added.uncoalescedP99)} ms`,
  );
  console.info(
    `streaming ${VIDEO_BYTES / MB} MB in ${stream.seconds.toFixed(1)} s (${(VIDEO_BYTES / MB / stream.seconds).toFixed(1)} MB/s): signer RSS before ${mb(stream.baselineRss)} MB, peak ${mb(stream.peakRss)} MB (process.memoryUsage every 50 ms) / ${mb(stream.procPeakRss)} MB (/proc VmRSS every 50 ms), growth ${mb(stream.peakRss - stream.baselineRss)} MB; VmHWM (lifetime peak, start-up included) ${mb(stream.vmHwm)} MB; of the growth, JS heap peak +${mb(stream.heapGrowth)} MB, Buffers/ArrayBuffers peak +${mb(stream.arrayBuffersGrowth)} MB; the upstream was at most ${mb(stream.maxLead)} MB ahead of the client (backpressure)`,
  );

  const worstAddedP99 = Math.max(added.p99, added.uncoalescedP99);
  const growthMb = (Math.max(stream.peakRss, stream.procPeakRss) - stream.baselineRss) / MB;
  console.info('\nTargets');
  printTable([
    ['target', 'measured', 'verdict'],
    [
      `p99 added latency < ${TARGETS.addedP99Ms} ms at 500 req/s`,
      `${signed(added.p99)} ms (no poll cache ${signed(added.uncoalescedP99)} ms)`,
      worstAddedP99 < TARGETS.addedP99Ms ? 'PASS' : 'MISS',
    ],
    [
      `≥ ${TARGETS.saturatedRequestsPerSecond} req/s saturated, one signer process`,
      `${runs.signer.saturated.requestsPerSecond.toFixed(0)} req/s (no poll cache ${runs.uncoalesced.saturated.requestsPerSecond.toFixed(0)})`,
      runs.signer.saturated.requestsPerSecond >= TARGETS.saturatedRequestsPerSecond ? 'PASS' : 'MISS',
    ],
    [
      `RSS growth < ${TARGETS.rssGrowthMb} MB streaming ${VIDEO_BYTES / MB} MB`,
      `${growthMb.toFixed(1)} MB`,
      growthMb < TARGETS.rssGrowthMb ? 'PASS' : 'MISS',
    ],
  ]);
  console.info(
    `\ndone in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; load average now ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} (figures are only comparable on an otherwise idle machine)`,
  );
}

/** Warm-up, then a saturated run and a fixed-rate run, counting the emulator's status calls during each. */
async function loadRuns(name: string, url: string, emulator: Child, server: Child) {
  await measure(url, WARM_UP);
  const counted = async (options: Parameters<typeof measure>[1]): Promise<LoadFigures> => {
    await emulator.ask('clear', 'cleared');
    await server.ask('cpu-reset', 'cpu-reset');
    const figures = await measure(url, options);
    const cpu = await server.ask<{ user: number; system: number }>('cpu', 'cpu');
    const { counts } = await emulator.ask<{ counts: Record<string, number> }>('counts', 'counts');
    return {
      ...figures,
      upstreamStatusCalls: counts.status ?? 0,
      cpuMicrosecondsPerRequest: figures.total === 0 ? 0 : (cpu.user + cpu.system) / figures.total,
    };
  };
  const saturated = await counted(SATURATED);
  const fixed = await counted(FIXED_RATE);
  console.info(
    `${name}: saturated ${saturated.requestsPerSecond.toFixed(0)} req/s, ${saturated.cpuMicrosecondsPerRequest.toFixed(0)} µs CPU per request (p50 ${saturated.p50.toFixed(2)} ms, p99 ${saturated.p99.toFixed(2)} ms, ${saturated.upstreamStatusCalls} upstream status calls for ${saturated.total} requests); at 500 req/s p50 ${fixed.p50.toFixed(2)} ms, p99 ${fixed.p99.toFixed(2)} ms (${fixed.upstreamStatusCalls} upstream calls for ${fixed.total})`,
  );
  return { saturated, fixed };
}

/** One autocannon run; latencies are taken from every response at full (sub-millisecond) resolution. */
async function measure(
  url: string,
  options: { connections: number; duration: number; overallRate?: number },
): Promise<Omit<LoadFigures, 'upstreamStatusCalls' | 'cpuMicrosecondsPerRequest'>> {
  const latencies: number[] = [];
  const instance = autocannon({ url, ...options });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? 0;
  return {
    requestsPerSecond: result.requests.total / options.duration,
    total: result.requests.total,
    p50: at(0.5),
    p99: at(0.99),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Streams a 200 MB video through a fresh signer to a client that reads at ~13 MB/s, and follows the signer's RSS.
 * The upstream is a stub in this process: it answers one job's status and result with a video URL on itself, and
 * generates the body on the fly from one reused 64 KiB chunk, with backpressure, so it never holds the file.
 */
async function streamRun() {
  const chunk = Buffer.alloc(64 * 1024, 0x2a);
  const progress = { sent: 0, received: 0 };
  const stub = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    const json = (body: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'POST' && request.url === '/v2/seedance-2.0-fast') {
      request.resume();
      return json({
        request_id: 'stream-job',
        status: 'QUEUED',
        status_url: `${origin}/v2/requests/stream-job/status`,
        response_url: `${origin}/v2/requests/stream-job`,
      });
    }
    if (request.url === '/v2/requests/stream-job/status') return json({ status: 'COMPLETED' });
    if (request.url === '/v2/requests/stream-job') {
      return json({
        status: 'COMPLETED',
        video: { url: `${origin}/cdn/video.mp4`, content_type: 'video/mp4', file_size: VIDEO_BYTES },
      });
    }
    if (request.url === '/cdn/video.mp4') return serveVideo(request, response, chunk, progress);
    response.writeHead(404).end();
  });
  stub.listen(0, '127.0.0.1');
  await once(stub, 'listening');
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const signer = await startChild('signer-process.ts', {
    SIGNER_OPTIONS: JSON.stringify({
      apiKey: API_KEY,
      secret: SECRET,
      upstreamBaseUrl: stubUrl,
      mediaHosts: [new URL(stubUrl).host],
      pollIntervalMs: 2_000,
    }),
  });
  const signerUrl = `http://127.0.0.1:${(signer.ready as { port: number }).port}`;
  const token = await submit(signerUrl);
  const job = (await (await fetch(`${signerUrl}/api/seedance/generations/${token}`)).json()) as {
    job: { status: string; result?: { videoUrl: string } };
  };
  if (job.job.status !== 'succeeded' || !job.job.result) throw new Error(`stream job is ${job.job.status}`);
  const videoUrl = `${signerUrl}${job.job.result.videoUrl}`;
  // Warm the media path (fetch, stream adapters) on a 1 MB range, so the baseline is taken after start-up costs.
  await (await fetch(videoUrl, { headers: { range: 'bytes=0-1048575' } })).arrayBuffer();

  const pid = signer.process.pid ?? 0;
  const baseline = await signer.ask<MemoryReply>('reset', 'memory');
  const baselineRss = baseline.rss;
  let procPeakRss = procStatus(pid).VmRSS;
  // How far the upstream got ahead of the client: what sits in the signer and the two sockets' kernel buffers.
  progress.sent = 0;
  let maxLead = 0;
  const sampler = setInterval(() => {
    procPeakRss = Math.max(procPeakRss, procStatus(pid).VmRSS);
    maxLead = Math.max(maxLead, progress.sent - progress.received);
  }, 50);
  const started = performance.now();
  const received = await slowDownload(videoUrl, VIDEO_BYTES / (STREAM_SECONDS * 1000), progress);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = await signer.ask<MemoryReply>('memory', 'memory');
  const { peakRss, errors } = peak;
  const { VmHWM: vmHwm } = procStatus(pid);
  signer.process.kill();
  stub.close();
  if (received !== VIDEO_BYTES) throw new Error(`the slow client got ${received} of ${VIDEO_BYTES} bytes`);
  if (errors > 0) throw new Error(`the signer reported ${errors} errors while streaming`);
  return {
    baselineRss,
    peakRss,
    procPeakRss,
    vmHwm,
    seconds,
    heapGrowth: peak.peakHeapUsed - baseline.heapUsed,
    arrayBuffersGrowth: peak.peakArrayBuffers - baseline.arrayBuffers,
    maxLead,
  };
}

function serveVideo(
  request: IncomingMessage,
  response: ServerResponse,
  chunk: Buffer,
  progress: { sent: number },
): void {
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range ? Math.min(Number(range[2]), VIDEO_BYTES - 1) : VIDEO_BYTES - 1;
  const length = end - start + 1;
  response.writeHead(range ? 206 : 200, {
    'content-type': 'video/mp4',
    'content-length': String(length),
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${start}-${end}/${VIDEO_BYTES}` } : {}),
  });
  let sent = 0;
  const pump = () => {
    while (sent < length) {
      const size = Math.min(chunk.length, length - sent);
      sent += size;
      progress.sent += size;
      if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.on('close', () => {
    sent = length;
  });
  pump();
}

/** Reads a response no faster than `bytesPerMs`, pausing the socket (so backpressure reaches the signer). */
async function slowDownload(url: string, bytesPerMs: number, progress: { received: number }): Promise<number> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on('error', reject));
  if (response.statusCode !== 200) throw new Error(`video answered ${response.statusCode}`);
  const started = performance.now();
  let received = 0;
  response.on('data', (data: Buffer) => {
    received += data.length;
    progress.received = received;
    const aheadMs = received / bytesPerMs - (performance.now() - started);
    if (aheadMs > 10) {
      response.pause();
      setTimeout(() => response.resume(), aheadMs);
    }
  });
  await once(response, 'end');
  return received;
}

async function submit(signerUrl: string): Promise<string> {
  const response = await fetch(`${signerUrl}/api/seedance/generations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-seedance-protocol': '1',
      'idempotency-key': `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    },
    body: JSON.stringify({ input: { prompt: 'A load test, frame by frame' } }),
  });
  const body = (await response.json()) as { job?: { id: string } };
  if (response.status !== 202 || !body.job)
    throw new Error(`submit answered ${response.status}: ${JSON.stringify(body)}`);
  return body.job.id;
}

/** Forks a bench process (TypeScript, workspace sources) and waits for its `ready` message. */
async function startChild(file: string, env: Record<string, string>): Promise<Child & { ready: unknown }> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: CHILD_EXEC_ARGV,
    env: { ...process.env, ...env },
  });
  children.push(child);
  const ready = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    child.on('message', function onReady(message: { type?: string }) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve(message);
    });
  });
  return {
    process: child,
    ready,
    ask: <T>(type: string, reply: string) =>
      new Promise<T>((resolve) => {
        child.on('message', function onReply(message: { type?: string }) {
          if (message.type !== reply) return;
          child.off('message', onReply);
          resolve(message as T);
        });
        child.send({ type });
      }),
  };
}

/** VmRSS and VmHWM of a process, in bytes. */
function procStatus(pid: number): { VmRSS: number; VmHWM: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { VmRSS: kilobytes('VmRSS'), VmHWM: kilobytes('VmHWM') };
}

function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const [index, row] of rows.entries()) {
    console.info(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | '));
    if (index === 0) console.info(widths.map((width) => '-'.repeat(width)).join('-|-'));
  }
}

function ratio(value: number, baseline: number): string {
  return baseline === 0 ? '-' : `${(value / baseline).toFixed(2)}×`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}
