import { type GenerationInput, type GenerationJob, SeedanceError, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { type SegmindEmulatorOptions, startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedanceHandlerOptions } from '../options';
import { type SignerHarness, startSignerHarness, TEST_API_KEY, waitForTerminal } from '../test-harness';
import { classifyJobFailure, notAcceptableError, withoutUpstreamIdentifiers } from './upstream-failures';

/*
 * Every way a generation really fails upstream (shared/SEGMIND.md), over real HTTP: the signer in front of an
 * emulator set up to fail that way, and what the browser receives. Upstream request ids and URLs never reach it.
 */

const NO_LIMITS: Partial<SeedanceHandlerOptions> = {
  limits: {
    requestsPerMinute: Number.POSITIVE_INFINITY,
    concurrentJobs: Number.POSITIVE_INFINITY,
    videoSecondsPerDay: Number.POSITIVE_INFINITY,
  },
};

let harness: SignerHarness | undefined;
let stopEmulator: (() => Promise<void>) | undefined;

afterEach(async () => {
  for (const body of harness?.bodies ?? []) expect(body).not.toContain(TEST_API_KEY);
  await harness?.close();
  await stopEmulator?.();
  harness = undefined;
  stopEmulator = undefined;
});

/** A signer in front of an emulator started with `emulatorOptions`. */
async function signerWith(
  emulatorOptions: SegmindEmulatorOptions = {},
  overrides: (emulatorUrl: string) => Partial<SeedanceHandlerOptions> = () => ({}),
): Promise<{ harness: SignerHarness; alice: SeedanceTransport }> {
  const emulator = await startSegmindEmulator({
    apiKey: TEST_API_KEY,
    latency: { queuedMs: 0, processingMs: 0 },
    ...emulatorOptions,
  });
  stopEmulator = () => emulator.stop();
  harness = await startSignerHarness({ ...NO_LIMITS, ...overrides(emulator.url) }, { emulator });
  return { harness, alice: harness.transportFor('alice') };
}

async function submitError(transport: SeedanceTransport, input: GenerationInput): Promise<SeedanceError> {
  const error = await transport.submit(input, { idempotencyKey: createIdempotencyKey() }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SeedanceError.isInstance(error)) throw new Error(`expected a SeedanceError, got ${String(error)}`);
  return error;
}

async function generate(transport: SeedanceTransport, input: GenerationInput): Promise<GenerationJob> {
  return waitForTerminal(transport, await transport.submit(input, { idempotencyKey: createIdempotencyKey() }));
}

/** The upstream request ids the emulator handed out, read from the status paths the signer polled. */
function upstreamRequestIds(signer: SignerHarness): string[] {
  return signer.emulator
    .requests()
    .map((request) => /\/requests\/([^/?]+)/.exec(request.path)?.[1])
    .filter((id): id is string => id !== undefined);
}

describe('reading upstream text', () => {
  it.each([
    [
      'The first_frame_url image contains a real human face',
      'CONTENT_REJECTED',
      /an input image: it may show a real person/,
    ],
    ['Reference video rejected: real person detected', 'CONTENT_REJECTED', /an input video/],
    ['AudioSensitiveContentDetected.PolicyViolation', 'CONTENT_REJECTED', /generated audio/],
    ['Content moderation: privacy information', 'CONTENT_REJECTED', /content rules refused this request/],
    ['Prompt is Mandatory and must be string', 'UPSTREAM_REJECTED', /parameters: Prompt is Mandatory/],
    ['Validation error in duration: duration must be one of 4, 5', 'UPSTREAM_REJECTED', /parameters: duration must be/],
    ['CUDA out of memory', 'GENERATION_FAILED', /^The video could not be generated: CUDA out of memory$/],
    ['', 'GENERATION_FAILED', /^The video could not be generated\.$/],
  ] as const)('a FAILED job saying %j → %s', (upstream, code, message) => {
    const failure = classifyJobFailure(upstream, []);
    expect(failure).toMatchObject({ code, retryable: code === 'GENERATION_FAILED' });
    expect(failure.message).toMatch(message);
  });

  it.each([
    ['Insufficient credits: $0.02 left', 'INSUFFICIENT_CREDITS'],
    ['Invalid content type', 'MISCONFIGURED'],
    ['Team spend limit exceeded for this billing period', 'SPEND_LIMIT_REACHED'],
    ['Parameter rejected: resolution 1080p', 'UPSTREAM_REJECTED'],
    ['', 'INSUFFICIENT_CREDITS'],
  ] as const)('a 406 saying %j → %s', (upstream, code) => {
    expect(notAcceptableError(upstream, [])).toMatchObject({ code });
  });

  it('takes ids, URLs and secrets out of upstream text and keeps the reason', () => {
    expect(
      withoutUpstreamIdentifiers(
        'Model error at https://images.segmind.com/x.mp4 (Request id: 021717000000abcdef0123456789abcdef) for 5708ee2c54894941661597cd38eb68af, key SG_secret',
        ['SG_secret'],
      ),
    ).toBe('Model error at for, key');
    expect(withoutUpstreamIdentifiers('request_id must be a string', [])).toBe('request_id must be a string');
    expect(withoutUpstreamIdentifiers('seed must be at most 2147483647', [])).toBe('seed must be at most 2147483647');
  });
});

describe('a 406 is told apart by its message', () => {
  it('insufficient credits → 402 INSUFFICIENT_CREDITS', async () => {
    const { alice } = await signerWith({ credits: 0.01 });
    const error = await submitError(alice, { prompt: 'A kite' });
    expect(error).toMatchObject({ code: 'INSUFFICIENT_CREDITS', status: 402, retryable: false });
    expect(error.message).toBe('This site has run out of video generation credits. Contact the site owner.');
  });

  it('team spend limit → 402 SPEND_LIMIT_REACHED', async () => {
    const { alice } = await signerWith({ spendLimit: 0 });
    const error = await submitError(alice, { prompt: 'A kite' });
    expect(error).toMatchObject({ code: 'SPEND_LIMIT_REACHED', status: 402, retryable: false });
    expect(error.message).toMatch(/spending limit .* Contact the site owner/);
    expect(error.message).not.toMatch(/\$/);
  });

  it('parameter rejected → 422 UPSTREAM_REJECTED naming the parameter', async () => {
    // The kit allows duration -1 (auto); this upstream does not, and refuses it with 406.
    const { alice } = await signerWith({ acceptAutoDuration: false, enumRejectionStatus: 406 });
    const error = await submitError(alice, { prompt: 'A kite', duration: -1 });
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', status: 422, retryable: false });
    expect(error.message).toMatch(/^The video service refused these parameters: duration must be one of 4, 5, 6/);
  });

  it('wrong content type → 500 MISCONFIGURED', async () => {
    const { harness: signer, alice } = await signerWith();
    signer.emulator.faults.inject({
      route: 'submit',
      kind: { status: 406, message: 'Invalid content type: send Content-Type: application/json' },
    });
    const error = await submitError(alice, { prompt: 'A kite' });
    expect(error).toMatchObject({ code: 'MISCONFIGURED', status: 500 });
    expect(error.message).toMatch(/site owner must update the server/);
  });

  it('a 406 saying nothing known → INSUFFICIENT_CREDITS, as Segmind documents 406', async () => {
    const { harness: signer, alice } = await signerWith();
    signer.emulator.faults.inject({ route: 'submit', kind: { status: 406, message: 'Not acceptable' } });
    expect(await submitError(alice, { prompt: 'A kite' })).toMatchObject({ code: 'INSUFFICIENT_CREDITS' });
  });
});

describe('the rest of the matrix in docs/protocol.md', () => {
  it.each([
    [404, 'MISCONFIGURED', 500],
    [410, 'MISCONFIGURED', 500],
    [405, 'INTERNAL', 500],
    [400, 'UPSTREAM_REJECTED', 422],
  ] as const)('submit answered %i → %s (HTTP %i)', async (status, code, httpStatus) => {
    const { harness: signer, alice } = await signerWith();
    signer.emulator.faults.inject({ route: 'submit', kind: { status } });
    expect(await submitError(alice, { prompt: 'A kite' })).toMatchObject({ code, status: httpStatus });
    expect(signer.emulator.requests().filter((request) => request.route === 'submit')).toHaveLength(1);
  });

  it.each([
    [401, undefined, 'MISCONFIGURED', 500],
    [403, undefined, 'MISCONFIGURED', 500],
    [410, undefined, 'MISCONFIGURED', 500],
    [406, 'Insufficient credits', 'INSUFFICIENT_CREDITS', 402],
    [406, 'Team spend limit reached', 'SPEND_LIMIT_REACHED', 402],
    [400, undefined, 'UPSTREAM_REJECTED', 422],
    [422, 'Invalid parameters', 'UPSTREAM_REJECTED', 422],
    [429, undefined, 'RATE_LIMITED', 429],
  ] as const)('a poll answered %i %s → %s (HTTP %i)', async (status, message, code, httpStatus) => {
    const { harness: signer, alice } = await signerWith({ latency: { queuedMs: 600_000, processingMs: 0 } });
    const job = await alice.submit({ prompt: 'A kite' }, { idempotencyKey: createIdempotencyKey() });
    signer.emulator.faults.inject({ route: 'status', kind: message === undefined ? { status } : { status, message } });
    const error = await alice.getJob(job.id).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code, status: httpStatus });
  });
});

describe('where the upstream refuses invalid input', () => {
  it('a value outside a fixed set, refused at submit with 400 → 422 UPSTREAM_REJECTED', async () => {
    const { alice } = await signerWith({ acceptAutoDuration: false });
    const error = await submitError(alice, { prompt: 'A kite', duration: -1 });
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', status: 422, retryable: false });
    expect(error.message).toMatch(/duration must be one of/);
  });

  it('other bad input accepted at submit fails the job → failed with UPSTREAM_REJECTED, not retryable', async () => {
    const { alice } = await signerWith({ maxSeed: 1000 });
    const job = await generate(alice, { prompt: 'A kite', seed: 5000 });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false });
    expect(job.error?.message).toMatch(/refused these parameters: seed must be an integer from -1 to 1000/);
    // A failed job is not charged: its metrics have timings and no cost.
    expect(job.metrics).toHaveProperty('totalTimeMs');
    expect(job.metrics).not.toHaveProperty('costUsd');
  });

  it('the same input, refused at submit by a strict upstream (422) → UPSTREAM_REJECTED at submit', async () => {
    const { alice } = await signerWith({ maxSeed: 1000, validation: 'strict' });
    const error = await submitError(alice, { prompt: 'A kite', seed: 5000 });
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', status: 422 });
    expect(error.message).toMatch(/seed must be an integer from -1 to 1000/);
  });
});

describe('content moderation', () => {
  it.each([
    ['input-image-face', /refused an input image: it may show a real person/],
    ['input-video-face', /refused an input video: it may show a real person/],
    ['output-video', /refused the generated video as possibly sensitive/],
    ['output-audio', /refused the generated audio as possibly sensitive.*without audio/],
  ] as const)(
    '%s → failed with CONTENT_REJECTED naming what was flagged, without upstream ids',
    async (preset, message) => {
      const { harness: signer, alice } = await signerWith();
      signer.emulator.faults.inject({ route: 'submit', kind: { type: 'content-rejected', preset } });
      const job = await generate(alice, { prompt: 'A portrait' });
      expect(job.status).toBe('failed');
      expect(job.error).toEqual({
        code: 'CONTENT_REJECTED',
        message: expect.stringMatching(message),
        retryable: false,
      });
      expect(JSON.stringify(job.error)).not.toMatch(/Request id|0217|SensitiveContent/);
    },
  );
});

describe('ids and bodies as Segmind really sends them', () => {
  it('a 32-hex request id and an output given as a JSON string still give a playable video and last frame', async () => {
    const { alice } = await signerWith({ requestIdFormat: 'hex32', outputFormat: 'json-string' });
    const job = await generate(alice, { prompt: 'A heron', return_last_frame: true, seed: 11 });
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ seed: 11, contentType: 'video/mp4' });
    const video = await fetch(job.result!.videoUrl, { headers: { 'x-test-user': 'alice' } });
    expect(video.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await video.arrayBuffer()).slice(4, 8))).toBe('ftyp');
    const lastFrame = await fetch(job.result!.lastFrameUrl!, { headers: { 'x-test-user': 'alice' } });
    expect(lastFrame.headers.get('content-type')).toBe('image/jpeg');
    await lastFrame.body?.cancel();
    expect(upstreamRequestIds(harness!).every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});

describe('a job whose 1-hour record is gone is read from the generation history before it is expired', () => {
  it('recovers a job still running, then its result, when its record answers 404', async () => {
    const { harness: signer, alice } = await signerWith({ latency: { queuedMs: 100, processingMs: 200 } });
    signer.emulator.faults.inject({ route: 'submit', kind: { type: 'expire-job' } });
    const job = await generate(alice, { prompt: 'A lighthouse', seed: 4 });
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ seed: 4 });
    expect(job.metrics).toMatchObject({ costUsd: 0.3024 });
    const video = await fetch(job.result!.videoUrl, { headers: { 'x-test-user': 'alice', range: 'bytes=0-9' } });
    expect(video.status).toBe(206);
    await video.body?.cancel();
    const routes = signer.emulator.requests().map((request) => `${request.route} ${request.status}`);
    expect(routes).toContain('status 404');
    expect(routes).toContain('generation 200');
  });

  it('recovers a FAILED job with its failure mapped as usual', async () => {
    const { harness: signer, alice } = await signerWith({ latency: { queuedMs: 150, processingMs: 150 } });
    signer.emulator.faults.inject({ route: 'submit', kind: { type: 'content-rejected', preset: 'input-image-face' } });
    const submitted = await alice.submit({ prompt: 'A portrait' }, { idempotencyKey: createIdempotencyKey() });
    await alice.getJob(submitted.id);
    const [requestId] = upstreamRequestIds(signer);
    signer.emulator.expire(requestId!);
    const job = await waitForTerminal(alice, submitted);
    expect(job.error).toMatchObject({ code: 'CONTENT_REJECTED', retryable: false });
    expect(signer.emulator.requests().some((request) => request.route === 'generation')).toBe(true);
  });

  it('is expired at once, asking nothing more, with upstream.historyBaseUrl false', async () => {
    const { harness: signer, alice } = await signerWith({}, (baseUrl) => ({
      upstream: { baseUrl, historyBaseUrl: false },
    }));
    signer.emulator.faults.inject({ route: 'submit', kind: { type: 'expire-job' } });
    const job = await generate(alice, { prompt: 'A lighthouse' });
    expect(job).toMatchObject({ status: 'expired', error: { code: 'EXPIRED' } });
    expect(signer.emulator.requests().some((request) => request.route === 'generation')).toBe(false);
  });

  it('an outage of the history read is an error for that poll, not an expiry; a later poll recovers', async () => {
    const { harness: signer, alice } = await signerWith();
    signer.emulator.faults.inject({ route: 'submit', kind: { type: 'expire-job' } });
    signer.emulator.faults.inject({ route: 'generation', kind: { status: 500 }, times: 3 });
    const submitted = await alice.submit({ prompt: 'A lighthouse' }, { idempotencyKey: createIdempotencyKey() });
    const error = await alice.getJob(submitted.id).catch((caught: SeedanceError) => caught);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await waitForTerminal(alice, submitted)).status).toBe('succeeded');
  });
});

// The property that no upstream request id or URL reaches an error body: upstream-leaks.test.ts.
