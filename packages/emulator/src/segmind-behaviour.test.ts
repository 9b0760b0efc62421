import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { CONTENT_REJECTION_PRESETS } from './moderation';
import { call, pollUntil, startTestEmulator, submitJob, TEST_API_KEY, withEmulator } from './test-helpers';

/*
 * The behaviours SEGMIND.md was corrected with: the 406 family, content moderation, billing at completion, request id
 * and output forms, failure metrics, polls and the rate limit, and the read of a generation of any age.
 */

const SUBMIT = `/v2/${SEGMIND_MODEL}`;
const finished = (_: Response, body: Record<string, unknown>) =>
  body.status === 'COMPLETED' || body.status === 'FAILED';

let emulator: SegmindEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('406 means four things, told apart by the message', () => {
  it('insufficient credits', async () => {
    await withEmulator({ credits: 0.1 }, async (poor) => {
      const response = await call(poor, SUBMIT, { body: { prompt: 'p' } });
      expect(response.status).toBe(406);
      expect((await response.json()).error).toMatch(/^Insufficient credits: /);
    });
  });

  it('wrong content type', async () => {
    const response = await call(emulator, SUBMIT, { body: 'prompt=p', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(406);
    expect((await response.json()).error).toMatch(/^Invalid content type: /);
  });

  it('team spend limit, counted from completed jobs only', async () => {
    await withEmulator({ spendLimit: 0.7 }, async (team) => {
      await pollUntil((await submitJob(team)).response_url, finished);
      // A FAILED job spends nothing, so it does not bring the limit closer: the third job still fits.
      team.faults.inject({ route: 'submit', kind: { type: 'fail-job' } });
      await pollUntil((await submitJob(team)).status_url, finished);
      await pollUntil((await submitJob(team)).response_url, finished);
      const refused = await call(team, SUBMIT, { body: { prompt: 'p' } });
      expect(refused.status).toBe(406);
      expect((await refused.json()).error).toMatch(/^Team spend limit reached: \$0\.6048 of \$0\.7/);
      team.reset();
      expect((await call(team, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
    });
  });

  it('parameter rejected, when enums are refused with 406', async () => {
    await withEmulator({ enumRejectionStatus: 406 }, async (rejecting) => {
      const response = await call(rejecting, SUBMIT, { body: { prompt: 'p', aspect_ratio: '2:1' } });
      expect(response.status).toBe(406);
      expect((await response.json()).error).toMatch(/^Parameter rejected: aspect_ratio must be one of/);
    });
  });
});

describe('content moderation presets', () => {
  it.each(CONTENT_REJECTION_PRESETS)(
    '%s ends the job FAILED with a ByteDance-style reason and request id',
    async (preset) => {
      emulator.faults.inject({ route: 'submit', kind: { type: 'content-rejected', preset } });
      const { status_url, response_url } = await submitJob(emulator);
      const { response, body } = await pollUntil(status_url, finished);
      expect(response.status).toBe(422);
      expect(body.status).toBe('FAILED');
      const [, subject] = /^(input image|input video|output video|output audio)/.exec(preset.replace(/-/g, ' ')) ?? [];
      expect(body.error).toMatch(new RegExp(`SensitiveContentDetected.*the ${subject}`));
      expect(body.error).toMatch(/Request id: 0217\d{13}[0-9a-f]{24}$/);
      const result = await (await call(emulator, response_url)).json();
      expect(result.error).toBe(body.error);
    },
  );

  it('refuses an unknown preset with what to use', () => {
    expect(() =>
      emulator.faults.inject({ route: 'submit', kind: { type: 'content-rejected', preset: 'nudity' as never } }),
    ).toThrow(/preset must be one of input-image-face, input-video-face, output-video, output-audio/);
  });
});

describe('billing at completion', () => {
  it('charges a job when it completes, not at submit, whether or not anyone reads it', async () => {
    await withEmulator({ latency: { queuedMs: 300, processingMs: 300 }, credits: 0.5 }, async (slow) => {
      await submitJob(slow);
      // Queued, not charged: a second job of the same price is still affordable.
      const second = await submitJob(slow);
      const { body } = await pollUntil(second.response_url, finished, 5_000);
      // Both completed; the first was billed first (it completed first) though nobody polled it.
      expect(body.metrics).toMatchObject({ cost: 0.3024, remaining_credits: -0.1048 });
      expect((await call(slow, SUBMIT, { body: { prompt: 'p' } })).status).toBe(406);
    });
  });

  it('never charges a FAILED job, and its metrics carry timings, total_time included, and no cost', async () => {
    await withEmulator({ latency: { queuedMs: 20, processingMs: 30 }, credits: 0.31 }, async (tight) => {
      tight.faults.inject({ route: 'submit', kind: { type: 'fail-job', message: 'Model error' } });
      const failed = await submitJob(tight);
      const { body } = await pollUntil(failed.response_url, finished);
      expect(body.metrics).toEqual({ inference_time: 0.03, queue_time: 0.02, total_time: 0.05 });
      const completed = await submitJob(tight);
      const { body: done } = await pollUntil(completed.response_url, finished);
      expect(done.metrics).toMatchObject({ cost: 0.3024, remaining_credits: 0.0076 });
    });
  });
});

describe('ids and bodies', () => {
  it('issues 32-hex request ids with requestIdFormat "hex32", on v2 and v1', async () => {
    await withEmulator({ requestIdFormat: 'hex32' }, async (hex) => {
      const { request_id, status_url } = await submitJob(hex);
      expect(request_id).toMatch(/^[0-9a-f]{32}$/);
      expect(status_url).toBe(`${hex.url}/v2/requests/${request_id}/status`);
      expect((await pollUntil(status_url, finished)).body.request_id).toBe(request_id);
      const result = (await (await call(hex, `/v2/requests/${request_id}`)).json()) as { output: string };
      const video = await fetch(result.output);
      expect(video.status).toBe(200);
      await video.body?.cancel();
      const sync = await call(hex, `/v1/${SEGMIND_MODEL}`, { body: { prompt: 'p' } });
      expect(sync.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
      await sync.body?.cancel();
    });
  });

  it('answers output as a JSON string with outputFormat "json-string"', async () => {
    await withEmulator({ outputFormat: 'json-string' }, async (stringly) => {
      const { response_url, request_id } = await submitJob(stringly, { prompt: 'p', return_last_frame: true, seed: 9 });
      const { body } = await pollUntil(response_url, finished);
      expect(body).not.toHaveProperty('video');
      expect(typeof body.output).toBe('string');
      expect(JSON.parse(body.output as string)).toEqual({
        content: {
          video_url: `${stringly.url}/cdn/generations/${request_id}.mp4`,
          last_frame_url: `${stringly.url}/cdn/generations/${request_id}-last-frame.jpg`,
        },
        seed: 9,
      });
      const video = await fetch(JSON.parse(body.output as string).content.video_url);
      expect(video.status).toBe(200);
      await video.body?.cancel();
    });
  });
});

describe('polls and the rate limit', () => {
  it('by default only submits count', async () => {
    await withEmulator({ rateLimitPerMinute: 2 }, async (limited) => {
      const { status_url } = await submitJob(limited);
      for (let poll = 0; poll < 3; poll++) expect((await call(limited, status_url)).status).toBe(200);
      expect((await call(limited, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
      expect((await call(limited, SUBMIT, { body: { prompt: 'p' } })).status).toBe(429);
    });
  });

  it('with rateLimitCountsPolls, status, result and generation reads count too', async () => {
    await withEmulator({ rateLimitPerMinute: 3, rateLimitCountsPolls: true }, async (limited) => {
      const { status_url, response_url, request_id } = await submitJob(limited);
      expect((await call(limited, status_url)).status).toBe(200);
      expect((await call(limited, response_url)).status).toBe(200);
      const refused = await call(limited, `/inference-request/request-history/${request_id}`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-rate-limit-reset-at-utc')).not.toBeNull();
      expect((await call(limited, SUBMIT, { body: { prompt: 'p' } })).status).toBe(429);
    });
  });
});

describe('a request of any age: GET /inference-request/request-history/:id (the SDK 1.3 generations.get call)', () => {
  const generation = (id: string) => `/inference-request/request-history/${id}`;

  it('answers a completed job after its request record expired, with cost and output', async () => {
    const { request_id, response_url } = await submitJob(emulator, { prompt: 'a heron', seed: 3 });
    await pollUntil(response_url, finished);
    emulator.expire(request_id);
    expect((await call(emulator, response_url)).status).toBe(404);
    const response = await call(emulator, generation(request_id));
    expect(response.status).toBe(200);
    const record = await response.json();
    expect(record).toEqual({
      request_id,
      model_name: SEGMIND_MODEL,
      model_status: 'COMPLETED',
      model_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      request_body: expect.objectContaining({ prompt: 'a heron', seed: 3, aspect_ratio: '16:9' }),
      generation_url: `${emulator.url}/cdn/generations/${request_id}.mp4`,
      credits_deduction: 0.3024,
      latency_ms: 0,
    });
  });

  it('answers a FAILED job with its error and no charge, and a job still running as such', async () => {
    emulator.faults.inject({ route: 'submit', kind: { type: 'fail-job', message: 'Model error' } });
    const failed = await submitJob(emulator);
    await pollUntil(failed.status_url, finished);
    expect(await (await call(emulator, generation(failed.request_id))).json()).toMatchObject({
      model_status: 'FAILED',
      error: 'Model error',
      generation_url: null,
      credits_deduction: 0,
    });
    await withEmulator({ latency: { queuedMs: 60_000, processingMs: 0 } }, async (slow) => {
      const { request_id } = await submitJob(slow);
      const pending = await (await call(slow, generation(request_id))).json();
      expect(pending).toMatchObject({ model_status: 'PENDING', generation_url: null, latency_ms: null });
      expect(pending).not.toHaveProperty('error');
    });
  });

  it('answers 404 for an unknown id, or for every id with recovery: false; and needs the key', async () => {
    const unknown = await call(emulator, generation('0123456789abcdef0123456789abcdef'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'Request 0123456789abcdef0123456789abcdef not found' });
    expect((await call(emulator, generation('x'), { key: null })).status).toBe(401);
    await withEmulator({ recovery: false }, async (without) => {
      const { request_id, response_url } = await submitJob(without);
      await pollUntil(response_url, finished);
      expect((await call(without, generation(request_id))).status).toBe(404);
    });
  });

  it('takes faults aimed at the "generation" route', async () => {
    const { request_id } = await submitJob(emulator);
    emulator.faults.inject({ route: 'generation', kind: { status: 500 } });
    expect((await call(emulator, generation(request_id))).status).toBe(500);
    expect((await call(emulator, generation(request_id))).status).toBe(200);
    expect(emulator.requests().at(-1)).toMatchObject({ route: 'generation', status: 200 });
    expect(emulator.requests().at(-1)?.headers['x-api-key']).toBe('[REDACTED]');
    expect(TEST_API_KEY).not.toBe('[REDACTED]');
  });
});
