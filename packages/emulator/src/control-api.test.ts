import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { call, startTestEmulator, submitJob } from './test-helpers';

let emulator: SegmindEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

/** Calls the control API with no key, as another process would. */
function control(path: string, method = 'GET', body?: string): Promise<Response> {
  return fetch(`${emulator.url}/__emulator${path}`, { method, body });
}

describe('control API', () => {
  it('injects, lists and clears faults with no key', async () => {
    const added = await control(
      '/faults',
      'POST',
      JSON.stringify({ route: 'submit', kind: { status: 500 }, times: 2 }),
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ pending: [{ route: 'submit', kind: { status: 500 }, times: 2 }] });
    expect(emulator.faults.pending()).toHaveLength(1);
    expect((await call(emulator, `/v2/${SEGMIND_MODEL}`, { body: { prompt: 'p' } })).status).toBe(500);
    expect(await (await control('/faults')).json()).toEqual({
      pending: [{ route: 'submit', kind: { status: 500 }, times: 1 }],
    });

    const cleared = await control('/faults', 'DELETE');
    expect(cleared.status).toBe(200);
    expect(emulator.faults.pending()).toEqual([]);
  });

  it.each([
    ['not JSON', '{route', /JSON fault/],
    ['an unknown route', JSON.stringify({ route: 'billing', kind: { status: 500 } }), /fault.route/],
    ['an unknown status', JSON.stringify({ route: 'submit', kind: { status: 418 } }), /fault.kind.status/],
    ['a job fault off submit', JSON.stringify({ route: 'cdn', kind: { type: 'expire-job' } }), /submit route only/],
    ['a bad times', JSON.stringify({ route: 'submit', kind: { type: 'hang' }, times: -1 }), /fault.times/],
  ])('answers 400 with a clear error for %s', async (_name, body, message) => {
    const response = await control('/faults', 'POST', body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
    expect(emulator.faults.pending()).toEqual([]);
  });

  it('lists and clears the recorded requests, with the key redacted and control calls left out', async () => {
    await submitJob(emulator, { prompt: 'a red fox' });
    const { requests } = await (await control('/requests')).json();
    expect(requests).toEqual([
      {
        method: 'POST',
        path: `/v2/${SEGMIND_MODEL}`,
        route: 'submit',
        headers: expect.objectContaining({ 'x-api-key': '[REDACTED]', 'content-type': 'application/json' }),
        body: { prompt: 'a red fox' },
        status: 200,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(JSON.stringify(requests)).not.toContain('SG_0123456789abcdef');
    expect((await control('/requests', 'DELETE')).status).toBe(200);
    expect(emulator.requests()).toEqual([]);
  });

  it('expires a job by id, and answers 404 for an unknown one', async () => {
    const { request_id, status_url } = await submitJob(emulator);
    const expired = await control(`/requests/${request_id}/expire`, 'POST');
    expect(expired.status).toBe(200);
    expect(await expired.json()).toEqual({ expired: request_id });
    expect((await call(emulator, status_url)).status).toBe(404);

    const unknown = await control('/requests/nope/expire', 'POST');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/not found/);
  });

  it('resets everything', async () => {
    const { status_url } = await submitJob(emulator);
    await control('/faults', 'POST', JSON.stringify({ route: 'cdn', kind: { status: 500 } }));
    const reset = await control('/reset', 'POST');
    expect(reset.status).toBe(200);
    expect(emulator.faults.pending()).toEqual([]);
    expect(emulator.requests()).toEqual([]);
    expect((await call(emulator, status_url)).status).toBe(404);
  });

  it('answers health, 405 for a wrong method and 404 for an unknown path', async () => {
    expect(await (await control('/health')).json()).toEqual({ ok: true, model: SEGMIND_MODEL, url: emulator.url });
    expect((await control('/reset')).status).toBe(405);
    expect((await control('/requests/x/expire')).status).toBe(405);
    const unknown = await control('/nothing');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/\/__emulator\/faults/);
  });

  it('is never hit by faults', async () => {
    emulator.faults.inject({ route: '*', kind: { type: 'reset' } });
    expect((await control('/faults')).status).toBe(200);
  });
});
