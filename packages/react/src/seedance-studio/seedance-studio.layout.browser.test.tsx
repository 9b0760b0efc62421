import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';
import '../styles.css';
import { StoryProviders } from '../testing/story-providers';
import { SeedanceStudio } from './seedance-studio';

// Runs in Chromium with the real stylesheet: what a phone and a desktop user see of the studio's layout.

const PROMPT = 'A paper boat drifting down a rainy city street at dusk, slow dolly shot, neon reflections';
const LONG_NAME = 'a-very-long-reference-photo-from-the-camera-roll-IMG_20260101_0001.png';
const TOUCH_TARGET = 44;

let root: Root | undefined;
let host: HTMLDivElement;

beforeEach(() => {
  host = document.createElement('div');
  // The story font and a page margin, as a host page would have.
  host.style.cssText = 'font-family: system-ui, sans-serif; padding: 12px;';
  document.body.style.margin = '0';
  document.body.append(host);
});

afterEach(async () => {
  act(() => root?.unmount());
  host.remove();
  await cdp().send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await cdp().send('Emulation.setEmitTouchEventsForMouse', { enabled: false });
});

function renderStudio() {
  root = createRoot(host);
  act(() =>
    root?.render(
      <StoryProviders parameters={{ transport: { queuedMs: 30, runningMs: 30, pollAfterMs: 20, uploadMs: 20 } }}>
        <SeedanceStudio defaultInput={{ prompt: PROMPT, return_last_frame: true }} />
      </StoryProviders>,
    ),
  );
}

const studio = () => page.getByRole('region', { name: 'Video studio' });
const horizontalOverflow = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;

/** Adds a reference with a long name, generates, and waits for the video: the widest the studio gets. */
async function fillAndGenerate() {
  const input = host.querySelector<HTMLInputElement>('input[type="file"]');
  expect(input).not.toBeNull();
  const file = new File([new Uint8Array(2000)], LONG_NAME, { type: 'image/png' });
  await userEvent.upload(input as HTMLInputElement, file);
  await expect.element(page.getByTitle(LONG_NAME)).toBeVisible();
  await userEvent.click(page.getByRole('button', { name: 'Generate' }));
  await expect.element(studio(), { timeout: 8000 }).toHaveAttribute('data-state', 'succeeded');
}

describe('SeedanceStudio layout in Chromium', () => {
  for (const [width, height] of [
    [320, 640],
    [390, 844],
    [1280, 900],
  ] as const) {
    it(`never scrolls sideways at ${width} px, idle and with a reference and a video`, async () => {
      await page.viewport(width, height);
      renderStudio();
      await expect.element(studio()).toBeVisible();
      expect(horizontalOverflow()).toBe(0);
      await fillAndGenerate();
      expect(horizontalOverflow()).toBe(0);
      // The long name is elided in its middle: the chip keeps its end (the extension) and stays inside the page.
      const name = page.getByTitle(LONG_NAME).element();
      expect(name.getBoundingClientRect().right).toBeLessThanOrEqual(document.documentElement.clientWidth);
      expect(name.textContent).toContain('0001.png');
    });
  }

  it('puts the prompt first: the first focus stop, and with Generate on the first screen of a phone', async () => {
    await page.viewport(390, 844);
    renderStudio();
    const before = document.createElement('button');
    before.textContent = 'Host link before the studio';
    host.before(before);
    try {
      before.focus();
      await userEvent.tab();
      expect(document.activeElement).toBe(page.getByRole('textbox', { name: 'Prompt' }).element());
      // Then the prompt's attachments, its action row, and the parameters: the order they are seen in.
      const stops: string[] = [];
      for (let step = 0; step < 8; step += 1) {
        await userEvent.tab();
        const active = document.activeElement as HTMLElement;
        stops.push(
          active.getAttribute('aria-label') ??
            (active as HTMLInputElement).labels?.[0]?.textContent ??
            active.textContent ??
            '',
        );
      }
      expect(stops.map((stop) => stop.replace(/^\+/, '').trim())).toEqual([
        'Reference files',
        'Browse files',
        'Or add a URL',
        'Multi-shot',
        'Generate',
        '16:9',
        'Duration',
        '720p',
      ]);
      before.focus();
      const prompt = page.getByRole('textbox', { name: 'Prompt' }).element().getBoundingClientRect();
      const generate = page.getByRole('button', { name: 'Generate' }).element().getBoundingClientRect();
      expect(prompt.top).toBeLessThan(200);
      expect(generate.bottom).toBeLessThanOrEqual(844);
      // The result stage comes after the form on a phone, and is the widest element on a desktop.
      const stage = page.getByRole('region', { name: 'Generated video' }).element().getBoundingClientRect();
      expect(stage.top).toBeGreaterThan(prompt.bottom);
    } finally {
      before.remove();
    }
  });

  it('gives the result stage the larger part of a desktop', async () => {
    await page.viewport(1280, 900);
    renderStudio();
    const form = page.getByRole('form', { name: 'Compose a video' }).element().getBoundingClientRect();
    const stage = page.getByRole('region', { name: 'Generated video' }).element().getBoundingClientRect();
    expect(stage.width).toBeGreaterThan(form.width * 1.5);
    expect(stage.top).toBeLessThan(form.top + 50);
  });

  it('on a touch screen: 44 px targets, no keyboard hint', async () => {
    await page.viewport(390, 844);
    renderStudio();
    await fillAndGenerate();
    // A phone's pointer from here on (set after the clicks above: Playwright's mouse clicks do not pass through it).
    await cdp().send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    await cdp().send('Emulation.setEmitTouchEventsForMouse', { enabled: true, configuration: 'mobile' });
    expect(window.matchMedia('(pointer: coarse)').matches).toBe(true);
    expect(window.matchMedia('(hover: none)').matches).toBe(true);
    const targets = [
      ...host.querySelectorAll<HTMLElement>(
        'button, select, summary, input:not([type="radio"]):not([type="checkbox"]):not([type="file"]), label:has(> input[type="radio"]), label:has(> input[type="checkbox"])',
      ),
    ].filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden');
    expect(targets.length).toBeGreaterThan(20);
    const small = targets
      .map((element) => ({
        name: element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30),
        height: Math.round(element.getBoundingClientRect().height),
      }))
      .filter((target) => target.height < TOUCH_TARGET);
    expect(small).toEqual([]);
    expect(page.getByText('Ctrl+Enter').query()?.getClientRects().length ?? 0).toBe(0);
  });
});
