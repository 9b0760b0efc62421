import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import { startSegmindEmulator } from './emulator';
import { call, submitJob, withEmulator } from './test-helpers';

describe('startSegmindEmulator', () => {
  it('listens on a free loopback port and stops, closing idle and half-sent connections', async () => {
    const emulator = await startSegmindEmulator();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await call(emulator, '/__emulator/health');
    const { port } = new URL(emulator.url);
    const socket = createConnection(Number(port), '127.0.0.1');
    // The server side destroying it is the point of the test, so a reset is expected here.
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /v2/seedance-2.0-fast HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"pro');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const started = Date.now();
    await emulator.stop();
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(emulator.url)).rejects.toThrow();
  });

  it('starts jobs QUEUED with the default latency', async () => {
    const emulator = await startSegmindEmulator();
    try {
      const { status_url } = await submitJob(emulator);
      expect((await (await call(emulator, status_url)).json()).status).toBe('QUEUED');
    } finally {
      await emulator.stop();
    }
  });

  it('writes publicUrl into url and into the URLs it answers', async () => {
    const probe = await startSegmindEmulator();
    const port = Number(new URL(probe.url).port);
    await probe.stop();
    await withEmulator({ port, publicUrl: 'http://emulator.test:4010/' }, async (emulator) => {
      expect(emulator.url).toBe('http://emulator.test:4010');
      const response = await fetch(`http://127.0.0.1:${port}/v2/${SEGMIND_MODEL}`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'p' }),
      });
      const { request_id, status_url } = await response.json();
      expect(status_url).toBe(`http://emulator.test:4010/v2/requests/${request_id}/status`);
    });
  });

  it('delays every answer by latency.responseMs', async () => {
    await withEmulator({ latency: { queuedMs: 0, processingMs: 0, responseMs: 120 } }, async (emulator) => {
      const started = Date.now();
      expect((await call(emulator, '/v3/x')).status).toBe(404);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    });
  });

  it('draws each job its own processing time within latency.processingSpreadMs', async () => {
    await withEmulator({ latency: { queuedMs: 0, processingMs: 100, processingSpreadMs: 300 } }, async (emulator) => {
      const jobs = await Promise.all(Array.from({ length: 12 }, () => submitJob(emulator)));
      await new Promise((resolve) => setTimeout(resolve, 450));
      const times = await Promise.all(
        jobs.map(
          async ({ response_url }) => (await (await call(emulator, response_url)).json()).metrics.inference_time,
        ),
      );
      for (const time of times) {
        expect(time).toBeGreaterThanOrEqual(0.1);
        expect(time).toBeLessThanOrEqual(0.4);
      }
      // Twelve draws from 301 values: all alike would be a one in 10^27 chance.
      expect(new Set(times).size).toBeGreaterThan(1);
    });
    await expect(startSegmindEmulator({ latency: { processingSpreadMs: -5 } })).rejects.toThrow(/processingSpreadMs/);
  });

  it('logs one line per request', async () => {
    const lines: string[] = [];
    await withEmulator({ log: (line) => lines.push(line) }, async (emulator) => {
      await submitJob(emulator);
      await call(emulator, '/nowhere');
    });
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^POST /v2/${SEGMIND_MODEL.replace('.', '\\.')} submit 200 \\d+ms$`)),
      expect.stringMatching(/^GET \/nowhere - 404 \d+ms$/),
    ]);
  });

  it('records every request in order, returning copies', async () => {
    await withEmulator({}, async (emulator) => {
      const { status_url } = await submitJob(emulator, { prompt: 'p' });
      await call(emulator, status_url, { key: null });
      await fetch(`${emulator.url}/v2/requests/x?debug=1`, { method: 'DELETE' });
      const records = emulator.requests();
      expect(records.map(({ method, route, status }) => [method, route, status])).toEqual([
        ['POST', 'submit', 200],
        ['GET', 'status', 401],
        ['DELETE', null, 405],
      ]);
      expect(records[2]?.path).toBe('/v2/requests/x?debug=1');
      (records[0] as { status: number }).status = 999;
      expect(emulator.requests()[0]?.status).toBe(200);
      emulator.clearRequests();
      expect(emulator.requests()).toEqual([]);
    });
  });

  it('refuses options that make no sense', async () => {
    await expect(startSegmindEmulator({ latency: { queuedMs: -1 } })).rejects.toThrow(/queuedMs must be/);
    await expect(startSegmindEmulator({ credits: Number.NaN })).rejects.toThrow(/credits must be/);
    await expect(startSegmindEmulator({ rateLimitPerMinute: 0 })).rejects.toThrow(/rateLimitPerMinute/);
    await expect(startSegmindEmulator({ apiKey: ' ' })).rejects.toThrow(/apiKey must not be empty/);
    await expect(startSegmindEmulator({ publicUrl: 'emulator:4010' })).rejects.toThrow(/publicUrl must be/);
  });

  it('fails clearly when the port is taken', async () => {
    await withEmulator({}, async (first) => {
      await expect(startSegmindEmulator({ port: Number(new URL(first.url).port) })).rejects.toThrow(/EADDRINUSE/);
    });
  });
});
