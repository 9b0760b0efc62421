import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../vitest.shared.ts';

/**
 * Screenshots of each component's main story, light and dark, for the README: `pnpm screenshots`. Then the
 * studio in each of its states (the stories tagged `studio-state`: idle, running, retrying, succeeded, failed,
 * canceled) at a desktop and a phone width, light and dark, composed into one grid per width and theme
 * (`docs/screenshots/seedance-studio-states-<desktop|phone>-<theme>.png`; the single shots go to a temporary folder).
 * `--states-only` makes just those grids.
 *
 * Builds the root Storybook (`pnpm build-storybook`) when `storybook-static/` is missing, older than a source file,
 * or `--rebuild` is given; serves it on a free loopback port; and captures, for every `Components/*` title in its
 * `index.json`, the story tagged `screenshot` (else its `States` story, else its first) into
 * `docs/screenshots/<component>-<theme>.png`. Components added later are picked up without touching this script.
 * Dark is the `prefers-color-scheme: dark` the tokens follow, so any story can be shot in both themes.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STATIC = join(ROOT, 'storybook-static');
const OUTPUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const THEMES = ['light', 'dark'] as const;
const VIEWPORT = { width: 1280, height: 900 };
/** The widths the studio's states are shot at, and how tall a shot may be. */
const STATE_WIDTHS = [
  { name: 'desktop', width: 1280, height: 900, maxHeight: 1100, columns: 3, scale: 0.5 },
  { name: 'phone', width: 390, height: 844, maxHeight: 1900, columns: 6, scale: 0.75 },
] as const;
/** The page at rest before a shot: a play function's last click leaves no focus ring (a string, see `capture`). */
const AT_REST = 'document.activeElement?.blur()';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
};

/** One story of Storybook's `index.json`. */
interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  name: string;
  tags?: string[];
}

/** The story to capture for one component. */
export interface ScreenshotTarget {
  /** kebab-case component name, the start of the file name. */
  component: string;
  /** The Storybook story id. */
  storyId: string;
}

/** The studio's state stories (tagged `studio-state`), in the order of the index: idle first, canceled last. */
export function stateStories(entries: IndexEntry[]): IndexEntry[] {
  return entries.filter((entry) => entry.type === 'story' && entry.tags?.includes('studio-state'));
}

/** Picks each component's main story from an `index.json`: tagged `screenshot`, else `States`, else the first. */
export function screenshotTargets(entries: IndexEntry[]): ScreenshotTarget[] {
  const byTitle = new Map<string, IndexEntry[]>();
  for (const entry of entries) {
    if (entry.type !== 'story' || !entry.title.startsWith('Components/')) continue;
    byTitle.set(entry.title, [...(byTitle.get(entry.title) ?? []), entry]);
  }
  return [...byTitle].map(([title, stories]) => {
    const main =
      stories.find((story) => story.tags?.includes('screenshot')) ??
      stories.find((story) => story.id.endsWith('--states')) ??
      stories[0]!;
    const name = title.split('/').at(-1)!;
    return { component: name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase(), storyId: main.id };
  });
}

async function main(): Promise<void> {
  ensureStorybook(process.argv.includes('--rebuild'));
  const index = JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
  const targets = screenshotTargets(Object.values(index.entries));
  mkdirSync(OUTPUT, { recursive: true });

  // `--states-only`: just the studio's state grids (the component shots take most of the time).
  const statesOnly = process.argv.includes('--states-only');
  const server = await serve(STATIC);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    for (const target of statesOnly ? [] : targets) {
      for (const theme of THEMES) {
        const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: theme, deviceScaleFactor: 1 });
        const file = join(OUTPUT, `${target.component}-${theme}.png`);
        const url = `http://127.0.0.1:${port}/iframe.html?id=${target.storyId}&viewMode=story`;
        // Another `pnpm build-storybook` (a teammate, CI on this machine) empties the directory while it writes.
        for (let attempt = 1; ; attempt++) {
          try {
            await capture(page, url, file);
            break;
          } catch (error) {
            if (attempt === 3) throw error;
            console.warn(`  retrying ${target.storyId} (${theme}): ${(error as Error).message.split('\n')[0]}`);
            await page.waitForTimeout(3000);
          }
        }
        await page.close();
        console.info(`${target.storyId} (${theme}) → ${file.slice(ROOT.length)}`);
      }
    }
    await captureStates(browser, port, stateStories(Object.values(index.entries)));
  } finally {
    await browser.close();
    server.close();
  }
}

/** Shoots every state story at each width and theme, then composes one labelled grid per width and theme. */
async function captureStates(browser: Browser, port: number, stories: IndexEntry[]): Promise<void> {
  if (stories.length === 0) return;
  const scratch = mkdtempSync(join(tmpdir(), 'seedance-states-'));
  for (const size of STATE_WIDTHS) {
    for (const theme of THEMES) {
      const shots: { label: string; file: string }[] = [];
      for (const story of stories) {
        const page = await browser.newPage({
          viewport: { width: size.width, height: size.height },
          colorScheme: theme,
          deviceScaleFactor: 1,
          // A phone has a touch screen: coarse pointer, 44 px targets, no keyboard hints.
          hasTouch: size.name === 'phone',
        });
        const file = join(scratch, `${story.id}-${size.name}-${theme}.png`);
        await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${story.id}&viewMode=story`, {
          waitUntil: 'networkidle',
        });
        await page.addStyleTag({ content: 'html, body { background: var(--sd-color-bg) !important; }' });
        await page.waitForSelector('html[data-story-settled]', { timeout: 20_000 });
        await page
          .waitForFunction("[...document.querySelectorAll('video')].every((v) => v.readyState >= 2)", null, {
            timeout: 10_000,
            polling: 100,
          })
          .catch(() => console.warn(`  a video did not load in 10 s: ${story.id}`));
        await page.waitForTimeout(300);
        await page.evaluate(AT_REST);
        // The whole page in one viewport as tall as it (up to a cap), so sticky parts sit where they belong.
        const height = Math.min(Number(await page.evaluate('document.documentElement.scrollHeight')), size.maxHeight);
        await page.setViewportSize({ width: size.width, height });
        // From the top, whatever the story scrolled to (Generate brings the stage into view on a phone).
        await page.evaluate("window.scrollTo({ top: 0, behavior: 'instant' })");
        await page.waitForTimeout(200);
        await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
        await page.close();
        shots.push({ label: story.name.replace(/^State /, ''), file });
      }
      const grid = join(OUTPUT, `seedance-studio-states-${size.name}-${theme}.png`);
      await composeGrid(browser, shots, size, theme, grid);
      console.info(`studio states (${size.name}, ${theme}) → ${grid.slice(ROOT.length)}`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}

/** Lays the shots out in a grid, each under its label, scaled down, and shoots the page. */
async function composeGrid(
  browser: Browser,
  shots: { label: string; file: string }[],
  size: (typeof STATE_WIDTHS)[number],
  theme: (typeof THEMES)[number],
  output: string,
): Promise<void> {
  const cell = Math.round(size.width * size.scale);
  const background = theme === 'dark' ? '#0f1115' : '#ffffff';
  const foreground = theme === 'dark' ? '#e8eaf0' : '#1a1c22';
  const figures = shots
    .map(
      (shot) =>
        `<figure><figcaption>${shot.label}</figcaption><img src="data:image/png;base64,${readFileSync(shot.file).toString('base64')}"></figure>`,
    )
    .join('');
  const page = await browser.newPage({
    viewport: { width: cell * size.columns + 16 * (size.columns + 1), height: 600 },
  });
  await page.setContent(
    `<style>body{margin:0;padding:16px;background:${background};color:${foreground};font:600 15px system-ui,sans-serif}` +
      `main{display:grid;grid-template-columns:repeat(${size.columns},${cell}px);gap:16px;align-items:start}` +
      `figure{margin:0}figcaption{margin:0 0 6px}img{width:${cell}px;display:block;border:1px solid #8884;border-radius:6px}</style>` +
      `<main>${figures}</main>`,
  );
  await page.waitForFunction('[...document.images].every((image) => image.complete)');
  await page.screenshot({ path: output, fullPage: true });
  await page.close();
}

async function capture(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle' });
  // The page behind the story takes the theme's background, as a host page would.
  await page.addStyleTag({ content: 'html, body { background: var(--sd-color-bg) !important; }' });
  await page.waitForSelector('#storybook-root > *', { timeout: 15_000 });
  // Conditions are strings: tsx would wrap named functions in a `__name` helper that the page does not have.
  await page.evaluate('document.fonts.ready.then(() => true)');
  // A frame of every video and every image decoded, so no player or thumbnail is shot blank.
  await page
    .waitForFunction(
      "[...document.querySelectorAll('video')].every((v) => v.readyState >= 2) && [...document.images].every((i) => i.complete)",
      null,
      { timeout: 15_000, polling: 100 },
    )
    .catch(() => console.warn(`  some media did not load in 15 s: ${url}`));
  // Play functions run after the first render; give them a moment to settle their last step.
  await page.waitForTimeout(600);
  await page.evaluate(AT_REST);
  const box = await page.evaluate(() => {
    const first = document.querySelector('#storybook-root > *');
    const rect = (first ?? document.body).getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
  const margin = 16;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await page.screenshot({
    path: file,
    animations: 'disabled',
    caret: 'hide',
    fullPage: true,
    clip: { x, y, width: Math.min(box.width + 2 * margin, VIEWPORT.width - x), height: box.height + 2 * margin },
  });
}

/** Builds Storybook unless a build newer than every source file is already there. */
function ensureStorybook(force: boolean): void {
  const built = join(STATIC, 'index.json');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (!force && builtAt > newestSource()) return;
  console.info('Building Storybook (pnpm build-storybook)…');
  execFileSync('pnpm', ['build-storybook'], { cwd: ROOT, stdio: 'inherit' });
}

function newestSource(): number {
  let newest = 0;
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const directory of [
    join(ROOT, 'packages/react/src'),
    join(ROOT, 'packages/core/src'),
    join(ROOT, '.storybook'),
  ]) {
    if (existsSync(directory)) walk(directory);
  }
  return newest;
}

/** A static file server on a free loopback port, with `Range` so videos load as they do from a real host. */
function serve(directory: string): Promise<Server> {
  const base = resolve(directory);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let path = normalize(join(base, pathname));
    if (path !== base && !path.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    const size = statSync(path).size;
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      response.writeHead(206, {
        'Content-Type': type,
        'Content-Length': end - start + 1,
        'Content-Range': `bytes ${start}-${end}/${size}`,
        'Accept-Ranges': 'bytes',
      });
      createReadStream(path, { start, end }).pipe(response);
      return;
    }
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    createReadStream(path).pipe(response);
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
