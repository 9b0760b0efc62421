import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What every example's end-to-end test checks in Chromium: a prompt generates a video; a reload while the job runs
 * resumes the same job (no second submit) and hydrates or renders without a console error; the video plays.
 * Returns the problems seen (console errors, failed requests, uncaught exceptions) for the caller to assert empty.
 */
export async function generateAcrossReload(page: Page, url: string): Promise<string[]> {
  const problems = watchForProblems(page);
  const submits: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/seedance/generations')) submits.push(request.url());
  });
  // The first load of a dev server (Vite's dependency scan) can take long on a busy machine.
  await page.goto(url, { timeout: 90_000 });
  await page.getByRole('textbox', { name: 'Prompt' }).fill('A paper boat drifting down a rainy street at dusk');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const result = page.getByRole('region', { name: 'Generated video' });
  await expect.poll(() => result.getAttribute('data-state'), { timeout: 15_000 }).toMatch(/queued|running/);

  await page.reload();
  // Resumed from sessionStorage (never back to idle): the same job, under way or, on a fast emulator, just finished.
  await expect.poll(() => result.getAttribute('data-state'), { timeout: 15_000 }).toMatch(/queued|running|succeeded/);
  await waitForPlayableFrame(page, 45_000);
  expect(await result.getAttribute('data-state')).toBe('succeeded');
  expect(submits).toHaveLength(1);
  return problems;
}

/** Waits until the page's `<video>` has decoded a frame: the file arrived, and Chromium can play it. */
export async function waitForPlayableFrame(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const video = document.querySelector('video');
      return video !== null && video.readyState >= 2 && video.videoWidth > 0;
    },
    null,
    { timeout: timeoutMs },
  );
}

/** Console errors, failed responses and uncaught exceptions of a page; a hydration mismatch is a console error. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}
