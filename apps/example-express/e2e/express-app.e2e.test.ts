import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAcrossReload } from '../../../tests/studio-in-chromium';
import { chromiumLaunchOptions } from '../../../vitest.shared';
import { type ExpressExample, startExpressExample } from '../src/server';

describe('the Express example, end to end', () => {
  let example: ExpressExample;
  let browser: Browser;
  const lines: string[] = [];

  beforeAll(async () => {
    // Chromium → Express (Vite middleware for the page, the signer at /api/seedance) → in-process emulator.
    example = await startExpressExample({
      port: 0,
      apiKey: '',
      emulator: { latency: { queuedMs: 1000, processingMs: 3000 } },
      log: (line) => lines.push(line),
    });
    browser = await chromium.launch(chromiumLaunchOptions);
  });

  afterAll(async () => {
    await browser?.close();
    await example?.stop();
  });

  it('mounts the signer before its own JSON routes, on the emulator when there is no key', async () => {
    expect(lines.join('\n')).toMatch(/No SEGMIND_API_KEY: started the Segmind emulator at http:\/\/127\.0\.0\.1:\d+/);
    const config = await fetch(`${example.url}/api/seedance/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ protocolVersion: 1 });
    // express.json() comes after the signer, so a JSON submit reaches the signer's own streaming parser.
    const refused = await fetch(`${example.url}/api/seedance/generations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'express-example-1',
        'x-seedance-protocol': '1',
      },
      body: JSON.stringify({ input: { prompt: '' } }),
    });
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(await (await fetch(`${example.url}/api/health`)).json()).toEqual({ ok: true });
  });

  it('generates a video, resumes it across a reload, and plays it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    expect(await generateAcrossReload(page, example.url)).toEqual([]);
    await page.close();
  });
});
