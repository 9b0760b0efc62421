import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ExampleBackend, startExampleBackend } from '@seedance-kit/example-backend';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAcrossReload, waitForPlayableFrame } from '../../../tests/studio-in-chromium.ts';
import { chromiumLaunchOptions } from '../../../vitest.shared.ts';
import { createPlaygroundConfig } from '../vite.config';

const playgroundRoot = fileURLToPath(new URL('..', import.meta.url));
const screenshotDirectory = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
const referenceImage = fileURLToPath(
  new URL('../../../packages/emulator/media/seedance-1x1-last-frame.jpg', import.meta.url),
);

describe('playground, end to end', () => {
  let backend: ExampleBackend;
  let devServer: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let playgroundUrl: string;

  beforeAll(async () => {
    // The whole chain runs for real: Chromium → Vite proxy → signer → in-process Segmind emulator → real MP4.
    backend = await startExampleBackend({
      port: 0,
      emulator: { latency: { queuedMs: 500, processingMs: 1000 } },
      log: () => {},
    });
    devServer = await createServer({
      ...createPlaygroundConfig(backend.url),
      configFile: false,
      root: playgroundRoot,
      logLevel: 'warn',
      server: {
        ...createPlaygroundConfig(backend.url).server,
        port: 0,
        strictPort: false,
      },
    });
    await devServer.listen();
    playgroundUrl = devServer.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launch(chromiumLaunchOptions);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

  afterAll(async () => {
    await browser?.close();
    await devServer?.close();
    await backend?.stop();
  });

  it('can decode H.264 MP4 (Debian Chromium ships the codec)', async () => {
    await page.goto(playgroundUrl);
    const support = await page.evaluate(() =>
      document.createElement('video').canPlayType('video/mp4; codecs="avc1.42E01E"'),
    );
    expect(support).toBe('probably');
  });

  it('loads with no failed request (the favicon included) and the prompt as the first focus stop', async () => {
    // Leave the previous test's page first: navigating away aborts its requests still in flight (its favicon, its
    // history read), which would be counted against this load.
    await page.goto('about:blank');
    const failed: string[] = [];
    const onResponse = (response: { status: () => number; url: () => string }) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    };
    // A request aborted by a navigation is not a failed load; a missing file answers 404 and is caught above.
    const onFailure = (request: { url: () => string; failure: () => { errorText: string } | null }) => {
      const reason = request.failure()?.errorText ?? 'unknown';
      if (reason !== 'net::ERR_ABORTED') failed.push(`failed (${reason}) ${request.url()}`);
    };
    page.on('response', onResponse);
    page.on('requestfailed', onFailure);
    try {
      await page.goto(playgroundUrl, { waitUntil: 'networkidle' });
      expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
      expect(failed).toEqual([]);
      await page.keyboard.press('Tab');
      expect(
        await page.getByRole('textbox', { name: 'Prompt' }).evaluate((node) => node === document.activeElement),
      ).toBe(true);
    } finally {
      page.off('response', onResponse);
      page.off('requestfailed', onFailure);
    }
  });

  it('shows field errors next to the fields and sends nothing for an empty prompt', async () => {
    await page.goto(playgroundUrl);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const prompt = page.getByRole('textbox', { name: 'Prompt' });
    expect(await prompt.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await prompt.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages).toContain('Prompt is required: describe the video to generate');
    expect(await page.getByRole('region', { name: 'Generated video' }).getAttribute('data-state')).toBe('idle');
  });

  it('generates a video from a prompt and plays its first frame', async () => {
    await page.goto(playgroundUrl);
    await page.getByRole('textbox', { name: 'Prompt' }).fill('A paper boat drifting down a rainy street at dusk');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();

    const result = page.getByRole('region', { name: 'Generated video' });
    // With the server's poll pace, a one-second `running` stretch may never be seen; any busy state will do.
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 10_000 }).toMatch(/queued|running/);
    await mkdir(screenshotDirectory, { recursive: true });
    await page.screenshot({ path: `${screenshotDirectory}running.png` });
    await waitForPlayableFrame(page);

    expect(await result.getAttribute('data-state')).toBe('succeeded');
    expect(await page.getByRole('status').first().textContent()).toContain('Your video is ready.');
    const download = page.getByRole('link', { name: 'Download video' });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/seedance\/generations\/.+\/video/);

    await page.screenshot({ path: `${screenshotDirectory}generated.png`, fullPage: true });
  });

  it('uploads a reference image through the picker and generates with it', async () => {
    await page.goto(playgroundUrl);
    const picker = page.getByRole('group', { name: 'References' });
    // The real chain: Chromium → Vite proxy → signer POST /uploads → emulator upload-asset → an asset URL.
    await picker.locator('input[type="file"]').setInputFiles(referenceImage);
    await expect.poll(() => picker.getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    expect(await picker.getByText('image 1', { exact: true }).isVisible()).toBe(true);

    const submitted = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/api/seedance/generations'),
    );
    await page.getByRole('textbox', { name: 'Prompt' }).fill('image 1 drifts down a rainy street at dusk');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const body = (await submitted).postDataJSON() as { input: { prompt: string; reference_images?: string[] } };
    expect(body.input.prompt).toBe('image 1 drifts down a rainy street at dusk');
    expect(body.input.reference_images).toHaveLength(1);
    expect(body.input.reference_images?.[0]).toMatch(/^https?:\/\//);

    const result = page.getByRole('region', { name: 'Generated video' });
    await waitForPlayableFrame(page);
    expect(await result.getAttribute('data-state')).toBe('succeeded');
    await page.screenshot({ path: `${screenshotDirectory}generated-with-reference.png`, fullPage: true });
  });

  it('resumes the same job after a reload mid-run, with no console error, and plays it', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    expect(await generateAcrossReload(fresh, playgroundUrl)).toEqual([]);
    await fresh.close();
  });

  it('tells a CORS refusal from an unreachable signer on another origin, and names allowedOrigins', async () => {
    // A second signer on another port: another origin, with no allowedOrigins.
    const elsewhere = await startExampleBackend({ port: 0, log: () => {} });
    const signerUrl = `${elsewhere.url}/api/seedance`;
    const coreSource = fileURLToPath(new URL('../../../packages/core/src/index.ts', import.meta.url));
    // A string, so that Vitest does not rewrite the page's dynamic import as its own; Vite serves the source at /@fs.
    const configError = (baseUrl: string): Promise<{ code: string; message: string } | null> =>
      page.evaluate(`(async () => {
        const core = await import(${JSON.stringify(`/@fs${coreSource}`)});
        const transport = core.createSignerTransport({ baseUrl: ${JSON.stringify(baseUrl)} });
        return transport.getConfig().then(() => null, (error) => ({ code: error.code, message: error.message }));
      })()`);
    try {
      await page.goto(playgroundUrl);
      const pageOrigin = new URL(playgroundUrl).origin;
      const refused = await configError(signerUrl);
      expect(refused?.code).toBe('MISCONFIGURED');
      expect(refused?.message).toContain(`the browser refused to let this page (${pageOrigin}) read the answer`);
      expect(refused?.message).toContain(`Add '${pageOrigin}' to createSeedanceHandler({ allowedOrigins })`);
    } finally {
      await elsewhere.stop();
    }
    // The same call once that server is gone: a network error, as before.
    const unreachable = await configError(signerUrl);
    expect(unreachable?.code).toBe('NETWORK_ERROR');
    expect(unreachable?.message).toContain('Could not reach the Seedance backend');
  });
});
