import { readFileSync } from 'node:fs';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type EmulatorFault, type SegmindEmulatorOptions, startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedanceHandlerOptions } from '../options';
import { type SignerHarness, startSignerHarness, TEST_API_KEY } from '../test-harness';

/*
 * Keeps the matrix in docs/protocol.md ("Every upstream answer and what the user sees") true: each row's answer is
 * given by the emulator to a signer over real HTTP, and what the signer answers must be the row's outcome and begin
 * with its quoted message. A row without a scenario, a scenario without a row, and a table that misses a status of
 * SEGMIND.md's error table all fail.
 */

const MATRIX = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');
const HEADING = '## Every upstream answer and what the user sees';

/** The HTTP statuses of shared/SEGMIND.md's error table: each must be a row of every call's table. */
const SEGMIND_ERROR_STATUSES = [400, 401, 403, 404, 405, 406, 410, 422, 429, 500, 502, 504];

type Call = 'submit' | 'status' | 'result' | 'history' | 'upload';
const TABLES: Record<string, Call> = {
  'submit answered': 'submit',
  'status read answered': 'status',
  'result read answered': 'result',
  'history read answered': 'history',
  'upload answered': 'upload',
};

interface Row {
  call: Call;
  answer: string;
  outcome: string;
  message: string | undefined;
}

/** The rows of the matrix's tables, by `call: answer`. */
function matrixRows(markdown: string): Row[] {
  const start = markdown.indexOf(HEADING);
  const end = markdown.indexOf('\n## ', start + HEADING.length);
  const lines = markdown.slice(start, end === -1 ? undefined : end).split('\n');
  const rows: Row[] = [];
  let call: Call | undefined;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      call = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (/^-+$/.test(cells[0] ?? '')) continue;
    const header = TABLES[cells[0] ?? ''];
    if (header !== undefined) {
      expect(cells.slice(1, 3)).toEqual(['outcome', 'what the user sees']);
      call = header;
      continue;
    }
    if (call === undefined) throw new Error(`a table row outside a known table: ${line}`);
    const outcome = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (outcome === undefined) throw new Error(`the outcome of "${cells[0]}" is not one code span: ${cells[1]}`);
    rows.push({ call, answer: cells[0] ?? '', outcome, message: /"([^"]+)"/.exec(cells[2] ?? '')?.[1] });
  }
  return rows;
}

const NO_LIMITS: Partial<SeedanceHandlerOptions> = {
  limits: {
    requestsPerMinute: Number.POSITIVE_INFINITY,
    concurrentJobs: Number.POSITIVE_INFINITY,
    videoSecondsPerDay: Number.POSITIVE_INFINITY,
  },
};
/** Long enough for a loaded machine to answer every normal call, short enough for the rows that hang. */
const UPSTREAM_TIMEOUT_MS = 1_500;
/** Faults on reads apply to every read for a while: the signer's follower may read before the browser does. */
const MANY = 50;

interface Answer {
  status: number;
  body: { job?: { status: string; error?: { code: string; message: string } }; error?: Answer['error'] };
  error?: { code: string; message: string; retryable: boolean };
}

let harness: SignerHarness | undefined;
let stopEmulator: (() => Promise<void>) | undefined;
/** The faults the row's scenario set up: each must have been used. */
let injected: EmulatorFault[] = [];

afterEach(async () => {
  injected = [];
  await harness?.close();
  await stopEmulator?.();
  harness = undefined;
  stopEmulator = undefined;
});

/** A fresh emulator and signer for one row, so no row's rate-limit block or cached answer reaches another. */
async function start(
  emulatorOptions: SegmindEmulatorOptions,
  upstream: Partial<NonNullable<SeedanceHandlerOptions['upstream']>> = {},
): Promise<SignerHarness> {
  const emulator = await startSegmindEmulator({
    apiKey: TEST_API_KEY,
    latency: { queuedMs: 0, processingMs: 0 },
    ...emulatorOptions,
  });
  stopEmulator = () => emulator.stop();
  harness = await startSignerHarness(
    {
      ...NO_LIMITS,
      upstream: {
        baseUrl: emulator.url,
        // One attempt: a retry would only repeat the row's answer (fault-tolerance.test.ts covers the retries).
        maxAttempts: 1,
        timeoutMs: UPSTREAM_TIMEOUT_MS,
        // Longer than the timeout: a submit past it is answered "still submitting" and goes on (generations.ts).
        submitTimeoutMs: 4 * UPSTREAM_TIMEOUT_MS,
        ...upstream,
      },
    },
    { emulator, upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS },
  );
  return harness;
}

async function send(signer: SignerHarness, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${signer.url}/api/seedance${path}`, {
    ...init,
    headers: { 'x-test-user': 'alice', 'x-seedance-protocol': '1', ...(init.headers ?? {}) },
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, body, ...(body.error ? { error: body.error } : {}) };
}

function submit(signer: SignerHarness, input: Record<string, unknown> = { prompt: 'A kite' }): Promise<Answer> {
  return send(signer, '/generations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': createIdempotencyKey() },
    body: JSON.stringify({ input }),
  });
}

/** Submits, then reads the job once the signer's poll window has passed (so the read reaches the emulator). */
async function submitThenRead(signer: SignerHarness, input?: Record<string, unknown>): Promise<Answer> {
  const submitted = await submit(signer, input);
  const id = (submitted.body as { job?: { id?: string } }).job?.id;
  if (submitted.status !== 202 || id === undefined) throw new Error(`submit answered ${JSON.stringify(submitted)}`);
  await new Promise((resolve) => setTimeout(resolve, 120));
  return send(signer, `/generations/${encodeURIComponent(id)}`);
}

/** Reads the job until it ends (a FAILED or recovered job), or gives the last answer after 10 s. */
async function submitThenWait(signer: SignerHarness, input?: Record<string, unknown>): Promise<Answer> {
  let answer = await submitThenRead(signer, input);
  const id = (answer.body as { job?: { id?: string } }).job?.id;
  const deadline = Date.now() + 10_000;
  while (answer.status === 200 && ['queued', 'running'].includes(answer.body.job?.status ?? '') && id) {
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 60));
    answer = await send(signer, `/generations/${encodeURIComponent(id)}`);
  }
  return answer;
}

const jpeg = new Uint8Array(
  readFileSync(new URL('../../../emulator/media/seedance-1x1-last-frame.jpg', import.meta.url)),
);

function upload(signer: SignerHarness): Promise<Answer> {
  return send(signer, '/uploads', {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-seedance-upload-kind': 'image' },
    body: jpeg,
  });
}

function inject(signer: SignerHarness, ...faults: EmulatorFault[]): void {
  for (const fault of faults) {
    signer.emulator.faults.inject(fault);
    injected.push({ ...fault, times: fault.times ?? 1 });
  }
}

/** A fault aimed at a read route, applying to every read for a while. */
const onRead = (route: 'status' | 'result' | 'generation', kind: EmulatorFault['kind']): EmulatorFault => ({
  route,
  kind,
  times: MANY,
});

type Scenario = () => Promise<Answer>;

/**
 * Scenarios common to the read and upload tables: each status of SEGMIND.md's error table, a non-JSON body, a reset,
 * a hang. `run` gives the call's answer `kind` (a read route's fault applies to every read for a while).
 */
function errorRows(run: (kind: EmulatorFault['kind']) => Promise<Answer>): Record<string, Scenario> {
  const status = (code: 400 | 401 | 403 | 405 | 410 | 429 | 500 | 502 | 504) => () => run({ status: code });
  return {
    '`400`': status(400),
    '`401`': status(401),
    '`403`': status(403),
    '`405` (an HTML page)': status(405),
    '`406` about credits': () => run({ status: 406, message: 'Insufficient credits' }),
    '`410`': status(410),
    '`429`': status(429),
    '`500`': status(500),
    '`502` (an HTML page)': status(502),
    '`504` (an HTML page)': status(504),
    '`200` with a body that is not JSON': () => run({ type: 'malformed-json' }),
    'a reset connection': () => run({ type: 'reset' }),
    'no answer in time': () => run({ type: 'hang' }),
  };
}

/** A read of a job still queued, its status read given `fault`. */
const statusRead = async (fault: EmulatorFault) => {
  const signer = await start({ latency: { queuedMs: 600_000, processingMs: 0 } });
  inject(signer, fault);
  return submitThenRead(signer);
};

/** A read of a job already completed, its result read given `fault`. */
const resultRead = async (fault: EmulatorFault, options: SegmindEmulatorOptions = {}) => {
  const signer = await start(options);
  inject(signer, fault);
  return submitThenRead(signer);
};

/** A read of a job whose request record is gone (every status read answers 404), its history read given `fault`. */
const historyRead = async (fault: EmulatorFault | undefined, options: SegmindEmulatorOptions = {}) => {
  const signer = await start({ expiryMs: 0, ...options });
  if (fault) inject(signer, fault);
  return submitThenWait(signer);
};

const submitFault = async (kind: EmulatorFault['kind'], options: SegmindEmulatorOptions = {}, input?: object) => {
  const signer = await start(options);
  inject(signer, { route: 'submit', kind });
  return submit(signer, input as Record<string, unknown> | undefined);
};

const uploadFault = async (kind: EmulatorFault['kind'] | undefined, options: SegmindEmulatorOptions = {}) => {
  const signer = await start(options);
  if (kind) inject(signer, { route: 'upload', kind });
  return upload(signer);
};

const FAILED = 'Generation failed: the model could not produce a video for this input';

const SCENARIOS: Record<Call, Record<string, Scenario>> = {
  submit: {
    '`200` with `request_id`, `status_url`, `response_url`': () => submitFault({ type: 'fail-job' }),
    '`200` without `request_id`': () => submitFault({ type: 'missing-request-id' }),
    '`200` with a body that is not JSON': () => submitFault({ type: 'malformed-json' }),
    '`400` (a value outside a fixed set)': async () => {
      const signer = await start({ acceptAutoDuration: false });
      return submit(signer, { prompt: 'A kite', duration: -1 });
    },
    '`401`': () => submitFault({ status: 401 }),
    '`403`': () => submitFault({ status: 403 }),
    '`404` (unknown model)': () => submitFault({ status: 404, message: 'Model seedance-2.0-fast not found' }),
    '`405` (an HTML page)': () => submitFault({ status: 405 }),
    '`406` about credits': async () => submit(await start({ credits: 0.01 })),
    '`406` saying nothing known': () => submitFault({ status: 406, message: 'Not acceptable' }),
    '`406` about a team spend limit': async () => submit(await start({ spendLimit: 0 })),
    '`406` "parameter rejected"': async () => {
      const signer = await start({ acceptAutoDuration: false, enumRejectionStatus: 406 });
      return submit(signer, { prompt: 'A kite', duration: -1 });
    },
    '`406` about the content type': () =>
      submitFault({ status: 406, message: 'Invalid content type: send Content-Type: application/json' }),
    '`410` (model retired)': () => submitFault({ status: 410 }),
    '`413`': () => submitFault({ type: 'body', status: 413, body: { error: 'Request entity too large' } }),
    '`422` (a strict upstream refusing input)': async () => {
      const signer = await start({ validation: 'strict', maxSeed: 1000 });
      return submit(signer, { prompt: 'A kite', seed: 5000 });
    },
    '`429` with `x-rate-limit-reset-at-utc`': () => submitFault({ status: 429 }),
    '`500`': () => submitFault({ status: 500 }),
    '`502` (an HTML page)': () => submitFault({ status: 502 }),
    '`504` (an HTML page)': () => submitFault({ status: 504 }),
    'a reset connection': () => submitFault({ type: 'reset' }),
    'no answer within `upstream.timeoutMs`': () => submitFault({ type: 'hang' }),
  },
  status: {
    '`200 QUEUED`': () => statusRead(onRead('status', { type: 'body', body: { status: 'QUEUED', metrics: {} } })),
    '`200 PROCESSING`': () =>
      statusRead(onRead('status', { type: 'body', body: { status: 'PROCESSING', metrics: {} } })),
    '`200` with a status value it does not know': () =>
      statusRead(onRead('status', { type: 'body', body: { status: 'STARTING', metrics: {} } })),
    '`200 COMPLETED`': async () => submitThenWait(await start({})),
    '`422 FAILED`, a real face in an input image': () => failedJob({ preset: 'input-image-face' }),
    '`422 FAILED`, a real face in an input video': () => failedJob({ preset: 'input-video-face' }),
    '`422 FAILED`, the output video judged sensitive': () => failedJob({ preset: 'output-video' }),
    '`422 FAILED`, the output audio judged sensitive': () => failedJob({ preset: 'output-audio' }),
    "`422 FAILED`, the model's own validation": async () =>
      submitThenWait(await start({ maxSeed: 1000 }), { prompt: 'A kite', seed: 5000 }),
    '`422 FAILED`, anything else': () => failedJob({}),
    '`200 FAILED`': () => failedJob({}, { failedStatusCode: 200 }),
    '`404`, and the history read has the job': async () =>
      submitThenRead(await start({ expiryMs: 0, latency: { queuedMs: 0, processingMs: 600_000 } })),
    '`404`, and no history read (`upstream.historyBaseUrl: false`)': async () =>
      submitThenWait(await start({ expiryMs: 0 }, { historyBaseUrl: false })),
    ...errorRows((kind) => statusRead(onRead('status', kind))),
    '`422` without `FAILED`': () => statusRead(onRead('status', { status: 422 })),
  },
  result: {
    '`200 COMPLETED` with `video.url`': async () => submitThenWait(await start({})),
    '`200 COMPLETED` with `output` a URL and no `video`': async () => {
      const signer = await start({});
      const output = `${signer.emulator.url}/cdn/generations/0123456789abcdef0123456789abcdef.mp4`;
      inject(signer, onRead('result', { type: 'body', body: { status: 'COMPLETED', output, metrics: {} } }));
      return submitThenRead(signer);
    },
    '`200 COMPLETED` with `output` as a JSON string holding one': async () =>
      submitThenWait(await start({ outputFormat: 'json-string' })),
    '`200 COMPLETED` with no http(s) video URL': () =>
      resultRead(
        onRead('result', { type: 'body', body: { status: 'COMPLETED', output: 'ftp://x/y.mp4', metrics: {} } }),
      ),
    '`200 PROCESSING` (no result yet)': () =>
      resultRead(onRead('result', { type: 'body', body: { status: 'PROCESSING', metrics: {} } })),
    '`422 FAILED`': () =>
      resultRead(onRead('result', { type: 'body', status: 422, body: { status: 'FAILED', error: FAILED } })),
    '`404`, and the history read has the job': () => resultRead(onRead('result', { status: 404 })),
    ...errorRows((kind) => resultRead(onRead('result', kind))),
    '`422` without `FAILED`': () => resultRead(onRead('result', { status: 422 })),
  },
  history: {
    "`200`, the job's row, `COMPLETED` with `generation_url`": () => historyRead(undefined),
    "`200`, the job's row, `FAILED` with a real face": async () => {
      const signer = await start({ expiryMs: 0 });
      inject(signer, { route: 'submit', kind: { type: 'content-rejected', preset: 'input-image-face' } });
      return submitThenWait(signer);
    },
    "`200`, the job's row, `FAILED`": async () => {
      const signer = await start({ expiryMs: 0 });
      inject(signer, { route: 'submit', kind: { type: 'fail-job' } });
      return submitThenWait(signer);
    },
    "`200`, the job's row, `PENDING`": async () =>
      submitThenRead(await start({ expiryMs: 0, latency: { queuedMs: 600_000, processingMs: 0 } })),
    '`200`, a row of another id': () =>
      historyRead(onRead('generation', { type: 'body', body: { request_id: 'another', model_status: 'COMPLETED' } })),
    '`200`, `COMPLETED` with no video URL': () =>
      historyRead(onRead('generation', { type: 'body', body: { model_status: 'COMPLETED', generation_url: null } })),
    ...errorRows((kind) => historyRead(onRead('generation', kind))),
    "`404` (the SDK's not-found error)": () => historyRead(onRead('generation', { status: 404 })),
    '`422`': () => historyRead(onRead('generation', { status: 422 })),
  },
  upload: {
    '`200 {"file_urls":[…],"message"}` (the SDK\'s shape)': () => uploadFault(undefined),
    '`200 {"urls":[…]}` (the docs\' shape)': () => uploadFault(undefined, { uploadResponseKey: 'urls' }),
    '`200` with no http(s) URL': () => uploadFault({ type: 'body', body: { file_urls: ['not a url'] } }),
    ...errorRows((kind) => uploadFault(kind)),
    '`404`': () => uploadFault({ status: 404 }),
    '`406` about the content type': () => uploadFault({ status: 406, message: 'Invalid content type' }),
    '`413`': () => uploadFault({ type: 'body', status: 413, body: { error: 'Request entity too large' } }),
    '`422`': () => uploadFault({ status: 422 }),
  },
};

async function failedJob(
  kind: { preset?: 'input-image-face' | 'input-video-face' | 'output-video' | 'output-audio' },
  options: SegmindEmulatorOptions = {},
): Promise<Answer> {
  const signer = await start(options);
  inject(signer, {
    route: 'submit',
    kind: kind.preset ? { type: 'content-rejected', preset: kind.preset } : { type: 'fail-job' },
  });
  return submitThenWait(signer);
}

/** The answer in the matrix's terms: `<HTTP> <code>` for a refusal, the job's `status [code]`, `202 <status>` or `201`. */
function outcomeOf(call: Call, answer: Answer): { outcome: string; message: string | undefined } {
  if (answer.error) return { outcome: `${answer.status} ${answer.error.code}`, message: answer.error.message };
  if (call === 'upload') return { outcome: String(answer.status), message: undefined };
  const job = answer.body.job;
  const status = call === 'submit' ? `${answer.status} ${job?.status}` : String(job?.status);
  return { outcome: job?.error ? `${status} ${job.error.code}` : status, message: job?.error?.message };
}

const rows = matrixRows(MATRIX);

describe('the upstream matrix in docs/protocol.md', () => {
  it('has a table per call, each with every status of SEGMIND.md’s error table, and a scenario for each row', () => {
    for (const call of Object.values(TABLES)) {
      const answers = rows.filter((row) => row.call === call).map((row) => row.answer);
      const statuses = new Set(answers.map((answer) => Number(/^`(\d{3})/.exec(answer)?.[1])));
      expect(
        SEGMIND_ERROR_STATUSES.filter((status) => !statuses.has(status)),
        call,
      ).toEqual([]);
      expect(answers.sort(), call).toEqual(Object.keys(SCENARIOS[call]).sort());
    }
    for (const shape of [
      '`200 FAILED`',
      '`200` without `request_id`',
      '`200` with a body that is not JSON',
      '`200` with a status value it does not know',
    ]) {
      expect(rows.some((row) => row.answer === shape)).toBe(true);
    }
  });

  it.each(rows.map((row) => [`${row.call}: ${row.answer}`, row] as const))(
    '%s',
    async (_name, row) => {
      const scenario = SCENARIOS[row.call][row.answer];
      if (scenario === undefined) throw new Error(`no scenario gives this row's answer: ${row.answer}`);
      const answer = await scenario();
      const seen = outcomeOf(row.call, answer);
      expect(seen.outcome).toBe(row.outcome);
      if (row.message !== undefined) expect(seen.message?.startsWith(row.message), seen.message).toBe(true);
      // The scenario's answer was really given: no fault it set up is left unused.
      const pending = harness!.emulator.faults.pending();
      for (const fault of injected) expect(pending).not.toContainEqual(fault);
      if (row.call === 'submit') {
        expect(harness!.emulator.requests().filter((request) => request.route === 'submit')).toHaveLength(1);
      }
      for (const body of harness!.bodies) expect(body).not.toContain(TEST_API_KEY);
    },
    20_000,
  );
});
