import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { call, pollUntil, startTestEmulator, submitJob, TEST_API_KEY, withEmulator } from './test-helpers';

const SUBMIT = `/v2/${SEGMIND_MODEL}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: SegmindEmulator;

beforeAll(async () => {
  // Windows wide enough that a 5 ms poll loop sees every status even on a loaded 2-core CI machine.
  emulator = await startTestEmulator({ apiKey: TEST_API_KEY, latency: { queuedMs: 400, processingMs: 400 } });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('v2 async API', () => {
  it('runs a job QUEUED → PROCESSING → COMPLETED with the documented shapes', async () => {
    const submitted = await submitJob(emulator, { prompt: 'a red fox', seed: 42, return_last_frame: true });
    const id = submitted.request_id;
    expect(id).toMatch(UUID);
    expect(submitted).toEqual({
      request_id: id,
      status: 'QUEUED',
      poll_url: `${emulator.url}/v1/requests/${id}`,
      status_url: `${emulator.url}/v2/requests/${id}/status`,
      response_url: `${emulator.url}/v2/requests/${id}`,
    });

    const seen: string[] = [];
    const { body: completed } = await pollUntil(submitted.status_url, (response, body) => {
      expect(response.status).toBe(200);
      if (body.status === 'QUEUED' || body.status === 'PROCESSING') {
        expect(body).toEqual({
          status: body.status,
          request_id: id,
          status_url: submitted.status_url,
          response_url: submitted.response_url,
          metrics: {},
        });
      }
      if (seen.at(-1) !== body.status) seen.push(String(body.status));
      return body.status === 'COMPLETED';
    });
    expect(seen).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
    expect(completed).toEqual({ status: 'COMPLETED', request_id: id, metrics: { inference_time: 0.4 } });

    const result = await call(emulator, submitted.response_url);
    expect(result.status).toBe(200);
    const body = await result.json();
    expect(body).toEqual({
      status: 'COMPLETED',
      request_id: id,
      error: null,
      output: `${emulator.url}/cdn/generations/${id}.mp4`,
      video: {
        url: `${emulator.url}/cdn/generations/${id}.mp4`,
        content_type: 'video/mp4',
        file_name: `${id}.mp4`,
        file_size: expect.stringMatching(/^\d+$/),
        last_frame_url: `${emulator.url}/cdn/generations/${id}-last-frame.jpg`,
      },
      seed: '42',
      metrics: { inference_time: 0.4, queue_time: 0.4, total_time: 0.8, cost: 0.3024, remaining_credits: 999.6976 },
    });

    const video = await fetch(body.output);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect((await video.arrayBuffer()).byteLength).toBe(Number(body.video.file_size));
    expect(await (await call(emulator, submitted.poll_url)).json()).toEqual(body);
  });

  it('answers the result URL with the status shape while the job is not done', async () => {
    const { response_url, request_id } = await submitJob(emulator);
    const response = await call(emulator, response_url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'QUEUED', request_id, metrics: {} });
  });

  it('leaves last_frame_url out unless return_last_frame was true, and picks a seed when none or -1 was asked', async () => {
    await withEmulator({}, async (instant) => {
      for (const input of [{ prompt: 'p' }, { prompt: 'p', seed: -1, return_last_frame: false }]) {
        const { response_url } = await submitJob(instant, input);
        const body = await (await call(instant, response_url)).json();
        expect(body.status).toBe('COMPLETED');
        expect(body.video).not.toHaveProperty('last_frame_url');
        expect(body.seed).toMatch(/^\d+$/);
      }
    });
  });

  it('bills by the token formula: resolution, aspect ratio, duration and reference videos', async () => {
    await withEmulator({ credits: 10 }, async (instant) => {
      const cases: [object, number][] = [
        [{ prompt: 'p' }, 0.3024],
        [{ prompt: 'p', resolution: '480p', duration: 10 }, 0.281232],
        [{ prompt: 'p', aspect_ratio: '1:1', duration: 4 }, 0.24192],
        [{ prompt: 'p', reference_videos: ['https://example.com/a.mp4'] }, 0.6048],
      ];
      let balance = 10;
      for (const [input, cost] of cases) {
        const { response_url } = await submitJob(instant, input);
        const body = await (await call(instant, response_url)).json();
        balance = Math.round((balance - cost) * 1e6) / 1e6;
        expect(body.metrics.cost).toBeCloseTo(cost, 5);
        expect(body.metrics.remaining_credits).toBeCloseTo(balance, 5);
      }
    });
  });

  it('answers 404 for an unknown request id, on status, result and poll URLs', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/v2/requests/${id}/status`, `/v2/requests/${id}`, `/v1/requests/${id}`]) {
      const response = await call(emulator, path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: `Request ${id} not found` });
    }
  });

  it('answers 404 for another model', async () => {
    const response = await call(emulator, '/v2/seedance-1.0-pro', { body: { prompt: 'p' } });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toContain('seedance-1.0-pro');
  });
});

describe('authentication and body checks', () => {
  const protectedCalls: [string, string, object | undefined][] = [
    ['submit', SUBMIT, { prompt: 'p' }],
    ['sync', `/v1/${SEGMIND_MODEL}`, { prompt: 'p' }],
    ['status', '/v2/requests/00000000-0000-4000-8000-000000000000/status', undefined],
    ['result', '/v2/requests/00000000-0000-4000-8000-000000000000', undefined],
    ['upload', '/upload-asset', { data_urls: ['data:image/png;base64,iVBORw0KGgo='] }],
  ];

  it.each(protectedCalls)('%s answers 401 without a key and with a wrong key', async (_name, path, body) => {
    for (const key of [null, '', 'SG_wrong']) {
      const response = await call(emulator, path, { body, key });
      expect(response.status).toBe(401);
      expect((await response.json()).error).toMatch(/unauthorized/i);
    }
  });

  it('accepts any non-empty key when none is configured, and never a missing one', async () => {
    await withEmulator({}, async (open) => {
      expect((await call(open, SUBMIT, { body: { prompt: 'p' }, key: 'anything' })).status).toBe(200);
      expect((await call(open, SUBMIT, { body: { prompt: 'p' }, key: null })).status).toBe(401);
    });
  });

  it('answers 406 when the content type is not JSON', async () => {
    for (const path of [SUBMIT, '/upload-asset']) {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const response = await call(emulator, path, {
          body: '{"prompt":"p"}',
          headers: { 'content-type': contentType },
        });
        expect(response.status).toBe(406);
        expect((await response.json()).error).toMatch(/invalid content type/i);
      }
    }
    const charset = await call(emulator, SUBMIT, {
      body: { prompt: 'p' },
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
  });

  it('answers 400 when the body is not JSON', async () => {
    for (const path of [SUBMIT, '/upload-asset']) {
      const response = await call(emulator, path, { body: '{"prompt": "p"' });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/json/i);
    }
  });

  it('answers 404 JSON for unknown paths and 405 HTML for a wrong method', async () => {
    const unknown = await call(emulator, '/v3/anything');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toHaveProperty('error');

    const wrongMethod = await call(emulator, SUBMIT);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toContain('text/html');
    expect(await wrongMethod.text()).toContain('405 Not Allowed');
  });
});

describe('credits and rate limits', () => {
  it('answers 406 with "Insufficient credits" once the balance cannot pay for a job, and reset() refills it', async () => {
    await withEmulator({ credits: 0.5 }, async (poor) => {
      await submitJob(poor);
      const refused = await call(poor, SUBMIT, { body: { prompt: 'p' } });
      expect(refused.status).toBe(406);
      expect((await refused.json()).error).toMatch(/^Insufficient credits/);
      expect((await call(poor, `/v1/${SEGMIND_MODEL}`, { body: { prompt: 'p' } })).status).toBe(406);
      poor.reset();
      await submitJob(poor);
    });
  });

  it('limits submits per key per minute with 429, x-rate-limit-reset-at-utc and no Retry-After', async () => {
    await withEmulator({ rateLimitPerMinute: 2 }, async (limited) => {
      const before = Date.now();
      await submitJob(limited);
      await submitJob(limited);
      const refused = await call(limited, SUBMIT, { body: { prompt: 'p' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeNull();
      const resetAt = Date.parse(refused.headers.get('x-rate-limit-reset-at-utc') ?? '');
      expect(resetAt).toBeGreaterThanOrEqual(before + 59_000);
      expect(resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
      expect((await refused.json()).error).toMatch(/rate limit/i);

      expect((await call(limited, SUBMIT, { body: { prompt: 'p' }, key: 'SG_other' })).status).toBe(200);
      expect((await call(limited, '/v2/requests/00000000-0000-4000-8000-000000000000/status')).status).toBe(404);
    });
  });
});

describe('FAILED jobs and expiry', () => {
  it('serves a FAILED job as 422 on status and result by default', async () => {
    await withEmulator({}, async (instant) => {
      instant.faults.inject({ route: 'submit', kind: { type: 'fail-job', message: 'Content policy violation' } });
      const { status_url, response_url, request_id } = await submitJob(instant);
      for (const url of [status_url, response_url]) {
        const response = await call(instant, url);
        expect(response.status).toBe(422);
        expect(await response.json()).toEqual({
          status: 'FAILED',
          request_id,
          error: 'Content policy violation',
          metrics: expect.any(Object),
        });
      }
      expect((await fetch(`${instant.url}/cdn/generations/${request_id}.mp4`)).status).toBe(404);
    });
  });

  it('serves a FAILED job under 200 when failedStatusCode is 200', async () => {
    await withEmulator({ failedStatusCode: 200 }, async (instant) => {
      instant.faults.inject({ route: 'submit', kind: { type: 'fail-job' } });
      const { response_url } = await submitJob(instant);
      const response = await call(instant, response_url);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/failed/i) });
    });
  });

  it('answers 404 once a record expires, while the CDN still serves its files', async () => {
    await withEmulator({}, async (instant) => {
      const { status_url, response_url, request_id } = await submitJob(instant, {
        prompt: 'p',
        return_last_frame: true,
      });
      const { output, video } = await (await call(instant, response_url)).json();
      instant.expire(request_id);
      for (const url of [status_url, response_url]) {
        const response = await call(instant, url);
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: `Request ${request_id} not found` });
      }
      expect((await fetch(output)).status).toBe(200);
      expect((await fetch(video.last_frame_url)).status).toBe(200);
      expect(() => instant.expire('not-a-job')).toThrow(/not found/);
    });
  });

  it('expires records by itself after expiryMs', async () => {
    await withEmulator({ expiryMs: 30 }, async (instant) => {
      const { status_url } = await submitJob(instant);
      expect((await call(instant, status_url)).status).toBe(200);
      await pollUntil(status_url, (response) => response.status === 404, 1000);
    });
  });
});

describe('v1 sync API', () => {
  it('waits the job time then answers the MP4 with the result in headers', async () => {
    const started = Date.now();
    const response = await call(emulator, `/v1/${SEGMIND_MODEL}`, {
      body: { prompt: 'p', seed: 7, aspect_ratio: '9:16' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('x-seed-value')).toBe('7');
    expect(response.headers.get('x-request-id')).toMatch(UUID);
    expect(Number(response.headers.get('x-cost'))).toBeCloseTo(0.3024, 6);
    expect(Number(response.headers.get('x-remaining-credits'))).toBeCloseTo(1000 - 0.3024, 6);
    expect(response.headers.get('x-generation-time')).toBe('0.4');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(bytes.length).toBe(Number(response.headers.get('content-length')));
  });

  it('validates like the v2 submit', async () => {
    const response = await call(emulator, `/v1/${SEGMIND_MODEL}`, { body: { prompt: '' } });
    expect(response.status).toBe(422);
  });
});

describe('upload-asset', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const mp3 = Buffer.from('ID3 fake mp3 bytes');

  it('stores data URLs and answers {file_urls, message} by default, serving each file back without a key', async () => {
    const response = await call(emulator, '/upload-asset', {
      body: {
        data_urls: [
          `data:image/png;base64,${png.toString('base64')}`,
          `data:audio/mpeg;base64,${mp3.toString('base64')}`,
        ],
      },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      file_urls: [expect.stringMatching(/\/cdn\/assets\/[0-9a-f-]{36}\.png$/), expect.stringMatching(/\.mp3$/)],
      message: 'Files uploaded successfully',
    });
    const served = await fetch(body.file_urls[0]);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    const audio = await fetch(body.file_urls[1], { headers: { range: 'bytes=0-2' } });
    expect(audio.status).toBe(206);
    expect(await audio.text()).toBe('ID3');
  });

  it('answers {urls} when uploadResponseKey is "urls"', async () => {
    await withEmulator({ uploadResponseKey: 'urls' }, async (docsShape) => {
      const response = await call(docsShape, '/upload-asset', {
        body: { data_urls: [`data:image/png;base64,${png.toString('base64')}`] },
      });
      expect(await response.json()).toEqual({ urls: [expect.stringContaining('/cdn/assets/')] });
    });
  });

  it.each([
    [{}, /data_urls/],
    [{ data_urls: [] }, /non-empty/],
    [{ data_urls: 'data:image/png;base64,AAAA' }, /data_urls/],
    [{ data_urls: [42] }, /data_urls\[0\] must be a string/],
    [{ data_urls: ['https://example.com/a.png'] }, /data_urls\[0\] must look like/],
    [{ data_urls: ['data:image/png,plain'] }, /data_urls\[0\] must look like/],
    [{ data_urls: ['data:image/png;base64,@@@'] }, /data_urls\[0\] has no valid base64/],
  ])('answers 400 for %j', async (body, message) => {
    const response = await call(emulator, '/upload-asset', { body });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
  });
});
