import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packages that ship to browsers, as built (this runs after `turbo run build`).
const CLIENT_PACKAGES = ['packages/core/dist', 'packages/react/dist'];
const root = new URL('..', import.meta.url).pathname;

// What must never be in a browser bundle: the key header, the upstream host, the key's env var, a literal key.
const FORBIDDEN = [
  { name: 'the Segmind key header', pattern: /x-api-key/i },
  { name: 'the Segmind API host', pattern: /api\.segmind\.com|workflows-api\.segmind\.com/ },
  { name: 'the key environment variable', pattern: /SEGMIND_API_KEY/ },
  { name: 'a literal Segmind key', pattern: /SG_[0-9a-f]{16}/i },
  { name: 'the server package', pattern: /@seedance-kit\/server/ },
];

function scriptFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return scriptFiles(path);
    return /\.(js|mjs|cjs|d\.ts)$/.test(entry) ? [path] : [];
  });
}

function findings(directory: string): string[] {
  return scriptFiles(join(root, directory)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ name }) => `${file}: ${name}`);
  });
}

describe('built client packages', () => {
  it.each(CLIENT_PACKAGES)('%s holds no key handling and no upstream host', (directory) => {
    expect(scriptFiles(join(root, directory)).length).toBeGreaterThan(0);
    expect(findings(directory)).toEqual([]);
  });

  it('the scan does find key handling where it lives (the server build)', () => {
    expect(findings('packages/server/dist')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the Segmind key header'),
        expect.stringContaining('the Segmind API host'),
      ]),
    );
  });
});
