// Load figures for the signer, each next to a baseline measured in the same run, on loopback only.
// Run: pnpm --filter @seedance-kit/server bench   (about 2 minutes; reports, never fails CI)
// BENCH_ROUNDS=n sets how many interleaved rounds of the poll figures are run (3 by default); each figure is the
// median of its rounds.
import os from 'node:os';
import autocannon from 'autocannon';
import { API_KEY, type Child, SECRET, startChild, stopChildren, submit } from './children';
import { streamRun, VIDEO_BYTES } from './stream';

const SATURATED = { connections: 10, duration: 5 };
const FIXED_RATE = { connections: 10, duration: 5, overallRate: 500 };
const WARM_UP = { connections: 10, duration: 1 };
const TARGETS = { addedP99Ms: 10, saturatedRequestsPerSecond: 5_000, rssGrowthMb: 50 };
const MB = 1024 * 1024;
const ROUNDS = readRounds(process.env.BENCH_ROUNDS);

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

/** One round of one target: a saturated run and a fixed-rate run. */
interface RunFigures {
  saturated: LoadFigures;
  fixed: LoadFigures;
}

interface Target {
  name: string;
  url: string;
  server: Child;
}

// Three targets take about 11 s a round; start-up and the streaming run take about 40 s.
const deadlineMs = 90_000 + ROUNDS * 45_000;
const deadline = setTimeout(() => {
  console.error(`The bench took over ${deadlineMs / 1000} s: stopping.`);
  stopChildren();
  process.exit(1);
}, deadlineMs);

try {
  await main();
} finally {
  clearTimeout(deadline);
  stopChildren();
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

  // 2. Status-poll throughput and latency. Each target is warmed up, then measured in interleaved rounds, the order
  // rotated every round, so that a drift of the machine's speed (another tenant, CPU frequency) during the run
  // falls on every target alike instead of on whichever ran last; each figure is the median of its rounds.
  const targets = {
    passThrough: { name: 'pass-through', url: passThroughUrl, server: passThrough },
    signer: { name: 'signer (pollIntervalMs 2000)', url: `${signerUrl}${jobPath}`, server: signer },
    // No poll cache: every poll reads upstream, except reads shared in flight by concurrent requests.
    uncoalesced: { name: 'signer (pollIntervalMs 0)', url: `${uncoalescedUrl}${jobPath}`, server: uncoalesced },
  } satisfies Record<string, Target>;
  const order = Object.values(targets);
  for (const target of order) await measure(target.url, WARM_UP);
  const rounds = new Map<Target, RunFigures[]>(order.map((target) => [target, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let index = 0; index < order.length; index += 1) {
      const target = order[(index + round) % order.length] as Target;
      rounds.get(target)?.push(await loadRun(target, emulator, `round ${round + 1}/${ROUNDS}`));
    }
  }
  const medianOf = (target: Target) => medianRun(rounds.get(target) ?? []);
  const runs = {
    passThrough: medianOf(targets.passThrough),
    signer: medianOf(targets.signer),
    uncoalesced: medianOf(targets.uncoalesced),
  };
  const spread = (target: Target) => {
    const rates = (rounds.get(target) ?? []).map((run) => run.saturated.requestsPerSecond);
    return `${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)}`;
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
  console.info(
    `\nSummary: ${ROUNDS === 1 ? 'one round' : `medians of ${ROUNDS} interleaved rounds`} (ratio = signer ÷ pass-through); saturated req/s ranged ${spread(targets.passThrough)} (pass-through), ${spread(targets.signer)} (signer), ${spread(targets.uncoalesced)} (no poll cache)`,
  );
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

/** A saturated run and a fixed-rate run of one target, counting the emulator's status calls during each. */
async function loadRun(target: Target, emulator: Child, label: string): Promise<RunFigures> {
  const counted = async (options: Parameters<typeof measure>[1]): Promise<LoadFigures> => {
    await emulator.ask('clear', 'cleared');
    await target.server.ask('cpu-reset', 'cpu-reset');
    const figures = await measure(target.url, options);
    const cpu = await target.server.ask<{ user: number; system: number }>('cpu', 'cpu');
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
    `${label} ${target.name}: saturated ${saturated.requestsPerSecond.toFixed(0)} req/s, ${saturated.cpuMicrosecondsPerRequest.toFixed(0)} µs CPU per request (p50 ${saturated.p50.toFixed(2)} ms, p99 ${saturated.p99.toFixed(2)} ms, ${saturated.upstreamStatusCalls} upstream status calls for ${saturated.total} requests); at 500 req/s p50 ${fixed.p50.toFixed(2)} ms, p99 ${fixed.p99.toFixed(2)} ms (${fixed.upstreamStatusCalls} upstream calls for ${fixed.total})`,
  );
  return { saturated, fixed };
}

/** Each figure of a target as the median of its rounds (failures added up, so that none is hidden). */
function medianRun(runs: RunFigures[]): RunFigures {
  const pick = (which: keyof RunFigures): LoadFigures => {
    const median = (field: keyof LoadFigures) => {
      const values = runs.map((run) => run[which][field]).sort((a, b) => a - b);
      const middle = Math.floor(values.length / 2);
      return values.length % 2 === 1 ? (values[middle] ?? 0) : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
    };
    return {
      cpuMicrosecondsPerRequest: median('cpuMicrosecondsPerRequest'),
      requestsPerSecond: median('requestsPerSecond'),
      total: median('total'),
      p50: median('p50'),
      p99: median('p99'),
      failures: runs.reduce((sum, run) => sum + run[which].failures, 0),
      upstreamStatusCalls: median('upstreamStatusCalls'),
    };
  };
  return { saturated: pick('saturated'), fixed: pick('fixed') };
}

/** The number of rounds from BENCH_ROUNDS: a whole number from 1 to 9, or 3 when unset. */
function readRounds(value: string | undefined): number {
  if (value === undefined || value === '') return 3;
  const rounds = Number(value);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) {
    console.error(`BENCH_ROUNDS must be a whole number from 1 to 9 (got "${value}"); unset it for 3 rounds.`);
    process.exit(2);
  }
  return rounds;
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
