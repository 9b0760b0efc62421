// Visual regression of the stories, in the same Chromium run as their play functions (`pnpm test`).
//
// After a story has rendered and played, the story is captured in four variants (light and dark, 1280 and 390 px
// wide) and compared with its baseline in `visual-baselines/` by `toMatchScreenshot`. A changed pixel beyond the
// tolerance fails the story until the baseline is updated on purpose: `pnpm --filter @seedance-kit/react
// test:visual:update`, then look at the changed PNGs before committing them. A missing baseline fails too (in CI it
// is not even written).
//
// Captured: each component's `States` story (every state side by side), its README story (tag `screenshot`) and
// stories tagged `visual`. Every story in four variants would be ~250 captures (over a minute and ~15 MB of
// baselines); this subset covers every component and every state family in ~40.
import { afterEach, expect } from 'vitest';
import { page } from 'vitest/browser';

/** The composed story addon-vitest puts on the test context. */
interface StoryUnderTest {
  id: string;
  storyName: string;
  tags: string[];
}

/** The four ways a story is seen: the tokens' light and dark themes, at a desktop and a phone width. */
export const VISUAL_VARIANTS = [
  { theme: 'light', width: 1280, height: 900 },
  { theme: 'dark', width: 1280, height: 900 },
  { theme: 'light', width: 390, height: 844 },
  { theme: 'dark', width: 390, height: 844 },
] as const;

/** Taller stories are cut here (the browser page of the storybook project is this tall, see vitest.config.ts). */
const MAX_HEIGHT = 6000;

/**
 * What reads the wall clock, painted over in the captures: the elapsed time, the time left, the time of a retry and
 * its countdown. Their boxes are kept, so a layout change around them still shows.
 */
const CLOCKS = [
  '.sd-video-result__elapsed',
  '.sd-video-result__estimate',
  '.sd-video-result[data-retrying] .sd-video-result__message',
  '.sd-video-result__retry-at',
  '.sd-video-result__retry:disabled',
].join(', ');

/** Whether a story is captured: see the top of this file. */
export function isVisualStory(story: Pick<StoryUnderTest, 'storyName' | 'tags'>): boolean {
  return story.storyName === 'States' || story.tags.includes('screenshot') || story.tags.includes('visual');
}

afterEach(async (context) => {
  const story = (context as unknown as { story?: StoryUnderTest }).story;
  if (story === undefined || !isVisualStory(story)) return;
  const [component, name] = story.id.split('--');
  const root = document.documentElement;
  const body = document.body;
  // At rest: a play function's last click must not leave a focus ring (or a focus-only hint) in the pictures.
  (document.activeElement as HTMLElement | null)?.blur();
  try {
    for (const variant of VISUAL_VARIANTS) {
      root.dataset.theme = variant.theme;
      // Border-box: the test page's body is at least as tall as the viewport, and its padding outside that made it
      // always 32 px taller, so `fitHeight` never settled and the capture ran past the page (a white strip in dark).
      Object.assign(body.style, {
        margin: '0',
        padding: '16px',
        boxSizing: 'border-box',
        background: 'var(--sd-color-bg)',
      });
      await fitHeight(variant.width, variant.height);
      await expect(page.elementLocator(body)).toMatchScreenshot(
        `${component}/${name}_${variant.theme}_${variant.width}`,
        { screenshotOptions: { animations: 'disabled', mask: [...document.querySelectorAll(CLOCKS)] } },
      );
    }
  } finally {
    delete root.dataset.theme;
    Object.assign(body.style, { margin: '', padding: '', boxSizing: '', background: '' });
  }
});

/** Sizes the page to the width and to the story's whole height, so the capture is the whole story, unscaled. */
async function fitHeight(width: number, height: number): Promise<void> {
  let current = height;
  await page.viewport(width, current);
  // A taller page changes `vh` lengths, which may change the height again: a few rounds settle it.
  for (let round = 0; round < 3; round += 1) {
    // Rounded up: `scrollHeight` rounds a fractional body down, and the capture's last row would fall off the page.
    const bottom = Math.ceil(document.body.getBoundingClientRect().bottom);
    const needed = Math.min(MAX_HEIGHT, Math.max(document.documentElement.scrollHeight, bottom));
    if (needed <= current) return;
    current = needed;
    await page.viewport(width, current);
  }
}
