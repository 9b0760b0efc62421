import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { CONTENT_REJECTION_PRESETS, type EmulatorFault, startSegmindEmulator } from '@seedance-kit/emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignerHarness, startSignerHarness, TEST_API_KEY, waitForTerminal } from '../test-harness';

/*
 * Property: whatever way a generation fails, no upstream request id (the job's own, in either form Segmind issues,
 * or one quoted in upstream text), no URL and no key reaches an error body the signer sends. Each run draws the id
 * form, the failure kind (every kind the matrix in docs/protocol.md lists that carries upstream text) and the text.
 */

type IdFormat = 'uuid' | 'hex32';
type FailedStatus = 422 | 200;
const signers = new Map<string, SignerHarness>();
const MANY = 50;

beforeAll(async () => {
  for (const requestIdFormat of ['uuid', 'hex32'] as const) {
    for (const failedStatusCode of [422, 200] as const) {
      const emulator = await startSegmindEmulator({
        apiKey: TEST_API_KEY,
        latency: { queuedMs: 0, processingMs: 0 },
        requestIdFormat,
        failedStatusCode,
        maxSeed: 1000,
      });
      const harness = await startSignerHarness(
        {
          limits: {
            requestsPerMinute: Number.POSITIVE_INFINITY,
            concurrentJobs: Number.POSITIVE_INFINITY,
            videoSecondsPerDay: Number.POSITIVE_INFINITY,
          },
          // One attempt per call: retries would only repeat the same answer, slowly.
          upstream: { baseUrl: emulator.url, maxAttempts: 1 },
        },
        { emulator },
      );
      signers.set(`${requestIdFormat}/${failedStatusCode}`, harness);
    }
  }
});

afterAll(async () => {
  for (const harness of signers.values()) {
    await harness.close();
    await harness.emulator.stop();
  }
});

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
/** Upstream-looking identifiers, in the forms Segmind (UUID, 32 hex) and ByteDance use. */
const identifierArbitrary = fc.oneof(
  fc.uuid(),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hex),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => `0217${1_700_000_000_000 + bytes[0]!}${hex(bytes)}`),
);
const textArbitrary = fc
  .record({
    reason: fc.constantFrom(
      'The request failed because the output video may contain sensitive information.',
      'InputImageSensitiveContentDetected.PrivacyInformation: the input image may contain real person.',
      'Validation error in reference_images: could not download',
      'Prompt is Mandatory and must be string',
      'Generation failed: the model crashed',
      'Insufficient credits: add credits to continue',
      'Parameter rejected: aspect_ratio',
      'Team spend limit reached',
      'Invalid content type',
      'Internal server error',
    ),
    identifier: identifierArbitrary,
    url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
    form: fc.constantFrom('Request id: {id}', 'request_id={id}', '(trace {id})', '{id}', 'task_id: "{id}"'),
    order: fc.boolean(),
  })
  .map(({ reason, identifier, url, form, order }) => {
    const id = form.replace('{id}', identifier);
    return { text: order ? `${reason} ${id} See ${url} for details.` : `${url}: ${reason} (${id})`, identifier, url };
  });

/** Every way a failure carries upstream text to the signer. */
const failureArbitrary = fc
  .oneof(
    fc.record({ kind: fc.constant('failed-job' as const) }),
    fc.record({
      kind: fc.constant('content-rejected' as const),
      preset: fc.constantFrom(...CONTENT_REJECTION_PRESETS),
    }),
    fc.record({ kind: fc.constant('model-validation' as const) }),
    fc.record({
      kind: fc.constant('error-answer' as const),
      route: fc.constantFrom('submit', 'status', 'result', 'generation', 'upload') as fc.Arbitrary<
        'submit' | 'status' | 'result' | 'generation' | 'upload'
      >,
      // Not 429: its text is never shown, and the signer would then hold every call back for a minute.
      status: fc.constantFrom(400, 401, 403, 404, 405, 406, 410, 422, 500, 502, 504) as fc.Arbitrary<
        400 | 401 | 403 | 404 | 405 | 406 | 410 | 422 | 500 | 502 | 504
      >,
    }),
    fc.record({ kind: fc.constant('history-failed' as const) }),
  )
  .filter(
    // A 404 on the status or result read is recovered from the request history: no error to look at (the history
    // read's own answers are the "generation" route).
    (failure) => !('route' in failure && failure.status === 404 && ['status', 'result'].includes(failure.route)),
  );

async function runFailure(signer: SignerHarness, failure: FailureCase, text: string): Promise<void> {
  const alice = signer.transportFor('alice');
  const inject = (fault: EmulatorFault) => signer.emulator.faults.inject(fault);
  const submitAndWait = async (input: { prompt: string; seed?: number } = { prompt: 'p' }) => {
    const job = await alice.submit(input, { idempotencyKey: createIdempotencyKey() });
    await waitForTerminal(alice, job).catch(() => undefined);
  };
  switch (failure.kind) {
    case 'failed-job':
      inject({ route: 'submit', kind: { type: 'fail-job', message: text } });
      return submitAndWait();
    case 'content-rejected':
      inject({ route: 'submit', kind: { type: 'content-rejected', preset: failure.preset } });
      return submitAndWait();
    case 'model-validation':
      return submitAndWait({ prompt: 'p', seed: 5000 });
    case 'history-failed':
      // The record is gone, and the request history tells the job failed, with its text.
      inject({ route: 'status', kind: { status: 404 }, times: MANY });
      inject({
        route: 'generation',
        kind: { type: 'body', body: { model_status: 'FAILED', error: text } },
        times: MANY,
      });
      return submitAndWait();
    case 'error-answer': {
      const kind = { status: failure.status, message: text };
      if (failure.route === 'upload') {
        inject({ route: 'upload', kind });
        await alice.upload!(new Blob([JPEG], { type: 'image/jpeg' }), { kind: 'image' }).catch(() => undefined);
        return;
      }
      if (failure.route === 'submit') {
        inject({ route: 'submit', kind });
        await alice.submit({ prompt: 'p' }, { idempotencyKey: createIdempotencyKey() }).catch(() => undefined);
        return;
      }
      if (failure.route === 'generation') inject({ route: 'status', kind: { status: 404 }, times: MANY });
      inject({ route: failure.route, kind, times: MANY });
      const job = await alice.submit({ prompt: 'p' }, { idempotencyKey: createIdempotencyKey() });
      await new Promise((resolve) => setTimeout(resolve, 120));
      await alice.getJob(job.id).catch(() => undefined);
    }
  }
}

type FailureCase =
  | { kind: 'failed-job' | 'model-validation' | 'history-failed' }
  | { kind: 'content-rejected'; preset: (typeof CONTENT_REJECTION_PRESETS)[number] }
  | {
      kind: 'error-answer';
      route: 'submit' | 'status' | 'result' | 'generation' | 'upload';
      status: 400 | 401 | 403 | 404 | 405 | 406 | 410 | 422 | 500 | 502 | 504;
    };

/** A JPEG's first bytes are enough for the signer's checks. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(0x20)]);

/** Every `error` object the signer sent: a non-2xx body's, and a failed or expired job's. */
function errorTexts(signer: SignerHarness): string[] {
  return signer.bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as { error?: unknown; job?: { error?: unknown } };
    return [parsed.error, parsed.job?.error].filter((value) => value !== undefined).map((v) => JSON.stringify(v));
  });
}

/** The request ids the emulator handed out, read from the paths the signer called. */
function requestIds(signer: SignerHarness): string[] {
  return signer.emulator
    .requests()
    .map((request) => /\/(?:requests|request-history)\/([^/?]+)/.exec(request.path)?.[1])
    .filter((id): id is string => id !== undefined);
}

describe('property: no upstream request id or URL in any error body', () => {
  it('whatever the id form, the failure kind and the upstream text', async () => {
    const seen = { uuid: 0, hex32: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('uuid', 'hex32') as fc.Arbitrary<IdFormat>,
        fc.constantFrom(422, 200) as fc.Arbitrary<FailedStatus>,
        failureArbitrary as fc.Arbitrary<FailureCase>,
        textArbitrary,
        async (format, failedStatus, failure, { text, identifier, url }) => {
          const signer = signers.get(`${format}/${failedStatus}`)!;
          signer.emulator.reset();
          signer.bodies.length = 0;
          await runFailure(signer, failure, text);
          signer.emulator.faults.clear();
          const texts = errorTexts(signer);
          // Every kind drawn ends in an error the user sees: a run that shows none proves nothing.
          expect(texts.length, JSON.stringify(failure)).toBeGreaterThan(0);
          const ids = requestIds(signer);
          // A job was created (and its id polled) unless the submit or the upload itself failed.
          const noJob = failure.kind === 'error-answer' && ['submit', 'upload'].includes(failure.route);
          if (!noJob) expect(ids.length).toBeGreaterThan(0);
          seen[format] += ids.length;
          for (const shown of texts) {
            expect(shown).not.toMatch(/[a-z][a-z0-9+.-]*:\/\//i);
            for (const secret of [identifier, url, TEST_API_KEY, new URL(signer.emulator.url).host, ...ids]) {
              expect(shown).not.toContain(secret);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
    // Both id forms were really drawn and polled.
    expect(seen.uuid).toBeGreaterThan(0);
    expect(seen.hex32).toBeGreaterThan(0);
  }, 120_000);
});
