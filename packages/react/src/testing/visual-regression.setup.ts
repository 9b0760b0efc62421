import { afterEach, expect } from 'vitest';
import { page } from 'vitest/browser';

interface StoryUnderTest {
  id: string;
  storyName: string;
  tags: string[];
}

const VARIANTS = [
  { theme: 'light', width: 1280, height: 900 },
  { theme: 'dark', width: 1280, height: 900 },
  { theme: 'light', width: 390, height: 844 },
  { theme: 'dark', width: 390, height: 844 },
] as const;
const MAX_HEIGHT = 6000;

async function fitHeight(width: number, height: number): Promise<void> {
  let current = height;
  await page.viewport(width, current);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const needed = Math.min(MAX_HEIGHT, document.documentElement.scrollHeight);
    if (needed <= current) return;
    current = needed;
    await page.viewport(width, current);
  }
}

afterEach(async (context) => {
  const story = (context as unknown as { story?: StoryUnderTest }).story;
  if (!story || !(story.storyName === 'States' || story.tags.includes('screenshot') || story.tags.includes('visual'))) return;
  const [component, name] = story.id.split('--');
  const started = performance.now();
  const mask = [...document.querySelectorAll('.sd-video-result__elapsed, .sd-video-result__retry-at, .sd-video-result__retry')];
  try {
  for (const variant of VARIANTS) {
    document.documentElement.dataset.theme = variant.theme;
    document.body.style.background = 'var(--sd-color-bg)';
    document.body.style.margin = '0';
    await fitHeight(variant.width, variant.height);
    const t = performance.now();
    await expect(page.elementLocator(document.body)).toMatchScreenshot(`${component}/${name}_${variant.theme}_${variant.width}`, {
      screenshotOptions: { animations: 'disabled', mask },
    });
    console.log('shot', variant.theme, variant.width, document.documentElement.scrollHeight, Math.round(performance.now() - t));
  }
  } finally {
  delete document.documentElement.dataset.theme;
  document.body.style.background = '';
  }
  console.log('visual', story.id, Math.round(performance.now() - started), 'ms');
});
