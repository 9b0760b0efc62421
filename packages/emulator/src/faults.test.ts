import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { EMULATOR_FAULT_STATUSES, type EmulatorFault, parseEmulatorFault } from './faults';
import { call, startTestEmulator, submitJob } from './test-helpers';

const SUBMIT = `/v2/${SEGMIND_MODEL}`;

let emulator: SegmindEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('status faults', () => {
  const jsonStatuses = EMULATOR_FAULT_STATUSES.filter((status) => ![405, 502, 504].includes(status));

  it.each(jsonStatuses)('%i answers JSON {"error"} like Segmind, once', async (status) => {
    emulator.faults.inject({ route: 'submit', kind: { status } });
    const faulted = await call(emulator, SUBMIT, { body: { prompt: 'p' } });
    expect(faulted.status).toBe(status);
    expect(faulted.headers.get('content-type')).toBe('application/json');
    const body = await faulted.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toEqual(expect.any(String));
    expect(emulator.faults.pending()).toEqual([]);
    expect((await call(emulator, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
  });

  it.each([405, 502, 504] as const)('%i answers an HTML page, not JSON', async (status) => {
    emulator.faults.inject({ route: 'status', kind: { status } });
    const { status_url } = await submitJob(emulator);
    const faulted = await call(emulator, status_url);
    expect(faulted.status).toBe(status);
    expect(faulted.headers.get('content-type')).toContain('text/html');
    const text = await faulted.text();
    expect(text).toContain(`<h1>${status}`);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('uses the given message', async () => {
    emulator.faults.inject({ route: 'submit', kind: { status: 403, message: 'Your plan cannot use this model' } });
    expect(await (await call(emulator, SUBMIT, { body: { prompt: 'p' } })).json()).toEqual({
      error: 'Your plan cannot use this model',
    });
  });

  it('429 carries x-rate-limit-reset-at-utc and no Retry-After', async () => {
    emulator.faults.inject({ route: 'submit', kind: { status: 429 } });
    const faulted = await call(emulator, SUBMIT, { body: { prompt: 'p' } });
    expect(faulted.status).toBe(429);
    expect(Date.parse(faulted.headers.get('x-rate-limit-reset-at-utc') ?? '')).toBeGreaterThan(Date.now());
    expect(faulted.headers.get('retry-after')).toBeNull();
  });

  it('applies `times` times, only to its route, and "*" to any route', async () => {
    emulator.faults.inject({ route: 'result', kind: { status: 500 }, times: 2 });
    const { status_url, response_url } = await submitJob(emulator);
    expect((await call(emulator, status_url)).status).toBe(200);
    expect(emulator.faults.pending()).toEqual([{ route: 'result', kind: { status: 500 }, times: 2 }]);
    expect((await call(emulator, response_url)).status).toBe(500);
    expect(emulator.faults.pending()).toEqual([{ route: 'result', kind: { status: 500 }, times: 1 }]);
    expect((await call(emulator, response_url)).status).toBe(500);
    expect((await call(emulator, response_url)).status).toBe(200);

    emulator.faults.inject({ route: '*', kind: { status: 504 } });
    expect((await fetch(`${emulator.url}/cdn/generations/x.mp4`)).status).toBe(504);
    expect((await call(emulator, status_url)).status).toBe(200);
  });

  it('applies faults in the order injected, and clear() drops them', async () => {
    emulator.faults.inject({ route: 'submit', kind: { status: 500 } });
    emulator.faults.inject({ route: 'submit', kind: { status: 502 } });
    expect((await call(emulator, SUBMIT, { body: { prompt: 'p' } })).status).toBe(500);
    emulator.faults.inject({ route: 'upload', kind: { status: 400 } });
    emulator.faults.clear();
    expect(emulator.faults.pending()).toEqual([]);
    expect((await call(emulator, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
  });

  it('records the fault that acted on a request', async () => {
    emulator.faults.inject({ route: 'submit', kind: { status: 500 } });
    await call(emulator, SUBMIT, { body: { prompt: 'p' } });
    expect(emulator.requests()[0]).toMatchObject({ route: 'submit', status: 500, fault: { kind: { status: 500 } } });
  });
});

describe('connection faults', () => {
  it('hang accepts the request and never answers, until stop()', async () => {
    const hanging = await startTestEmulator();
    hanging.faults.inject({ route: 'status', kind: { type: 'hang' } });
    const pending = call(hanging, '/v2/requests/00000000-0000-4000-8000-000000000000/status');
    const outcome = await Promise.race([
      pending.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(resolve, 150, 'still waiting')),
    ]);
    expect(outcome).toBe('still waiting');
    expect(hanging.requests()).toMatchObject([{ route: 'status', status: null }]);
    const stopped = Date.now();
    await hanging.stop();
    expect(Date.now() - stopped).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('reset destroys the socket without an answer', async () => {
    emulator.faults.inject({ route: 'submit', kind: { type: 'reset' } });
    await expect(call(emulator, SUBMIT, { body: { prompt: 'p' } })).rejects.toThrow(/fetch failed/);
    expect(emulator.requests()).toMatchObject([{ route: 'submit', status: null, fault: { kind: { type: 'reset' } } }]);
    expect((await call(emulator, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
  });

  it('malformed-json answers 200 with a body that does not parse', async () => {
    emulator.faults.inject({ route: 'result', kind: { type: 'malformed-json' } });
    const { response_url } = await submitJob(emulator);
    const response = await call(emulator, response_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });
});

describe('body faults', () => {
  it('answer the given JSON with the given status (200 by default), on any route', async () => {
    const { status_url, response_url } = await submitJob(emulator);
    emulator.faults.inject({ route: 'status', kind: { type: 'body', body: { status: 'STARTING', metrics: {} } } });
    const unknown = await call(emulator, status_url);
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get('content-type')).toBe('application/json');
    expect(await unknown.json()).toEqual({ status: 'STARTING', metrics: {} });
    emulator.faults.inject({ route: 'result', kind: { type: 'body', status: 413, body: { error: 'Too large' } } });
    const large = await call(emulator, response_url);
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ error: 'Too large' });
    expect((await call(emulator, status_url)).status).toBe(200);
    expect(emulator.faults.pending()).toEqual([]);
  });
});

describe('job faults (submit only)', () => {
  it('missing-request-id answers 200 without request_id, status_url or response_url, and still bills', async () => {
    const billed = await startTestEmulator({ credits: 0.4 });
    try {
      billed.faults.inject({ route: 'submit', kind: { type: 'missing-request-id' } });
      const response = await call(billed, SUBMIT, { body: { prompt: 'p' } });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).not.toHaveProperty('request_id');
      expect(body).not.toHaveProperty('status_url');
      expect(body).not.toHaveProperty('response_url');
      expect((await call(billed, SUBMIT, { body: { prompt: 'p' } })).status).toBe(406);
    } finally {
      await billed.stop();
    }
  });

  it('fail-job ends the job FAILED after its processing time, with the message', async () => {
    emulator.faults.inject({ route: 'submit', kind: { type: 'fail-job', message: 'Face detected in reference' } });
    const { status_url } = await submitJob(emulator);
    const response = await call(emulator, status_url);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ status: 'FAILED', error: 'Face detected in reference' });
  });

  it('expire-job accepts the job, whose record is gone right away', async () => {
    emulator.faults.inject({ route: 'submit', kind: { type: 'expire-job' } });
    const { status_url, request_id } = await submitJob(emulator);
    const response = await call(emulator, status_url);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `Request ${request_id} not found` });
  });

  it('waits for a valid submit: an invalid one does not use the fault up', async () => {
    emulator.faults.inject({ route: '*', kind: { type: 'expire-job' } });
    expect((await call(emulator, SUBMIT, { body: { prompt: 'p', resolution: '4k' } })).status).toBe(400);
    expect(emulator.faults.pending()).toHaveLength(1);
    const { status_url } = await submitJob(emulator);
    expect((await call(emulator, status_url)).status).toBe(404);
    expect(emulator.faults.pending()).toEqual([]);
  });
});

describe('parseEmulatorFault', () => {
  it.each<[unknown, RegExp]>([
    [null, /must be a JSON object/],
    [{ route: 'nope', kind: { status: 500 } }, /fault.route must be "\*" or one of/],
    [{ route: 'submit' }, /fault.kind must be an object/],
    [{ route: 'submit', kind: { status: 418 } }, /fault.kind.status must be one of/],
    [{ route: 'submit', kind: { type: 'explode' } }, /fault.kind needs a "status" or a "type"/],
    [{ route: 'submit', kind: { status: 500, message: 5 } }, /message must be a string/],
    [{ route: 'submit', kind: { status: 500 }, times: 0 }, /fault.times must be a positive integer/],
    [{ route: 'status', kind: { type: 'fail-job' } }, /applies to the submit route only/],
    [{ route: 'status', kind: { type: 'body' } }, /fault.kind.body is required/],
    [{ route: 'status', kind: { type: 'body', status: 99, body: {} } }, /from 200 to 599/],
  ])('refuses %j', (value, message) => {
    expect(() => parseEmulatorFault(value)).toThrow(message);
    expect(() => emulator.faults.inject(value as EmulatorFault)).toThrow(TypeError);
  });
});
