import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * docs/security.md names, for every threat, the tests that prove its defence. This keeps it true: every threat has a
 * proof, every cited file exists, and every cited title is a test or describe title in that file. A title may be
 * cited as written in the source (`refuses %s …`), as one case of a `.each` title, or as a describe path joined with
 * " > " (each part a title in the file).
 */

const root = new URL('..', import.meta.url).pathname;

/** One threat of the page: its heading and what its "Proved by" list cites. */
interface Threat {
  heading: string;
  proofs: { file: string; title: string }[];
  /** List items under "Proved by" that do not read `` `file` "title" ``. */
  malformed: string[];
}

/** The threats under "## Threats and defences", each a `###` section ending in a "Proved by:" list. */
function parseThreats(markdown: string): Threat[] {
  const section = markdown.split(/^## Threats and defences$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split(/^### /m)
    .slice(1)
    .map((block) => {
      const [heading = '', ...lines] = block.split('\n');
      const start = lines.findIndex((line) => /^Proved by:\s*$/.test(line));
      const items = start < 0 ? [] : lines.slice(start + 1).filter((line) => line.startsWith('- '));
      const proofs: Threat['proofs'] = [];
      const malformed: string[] = [];
      for (const item of items) {
        const match = /^- `([^`]+)` "(.+)"$/.exec(item.trim());
        if (match?.[1] && match[2]) proofs.push({ file: match[1], title: match[2] });
        else malformed.push(item);
      }
      return { heading: heading.trim(), proofs, malformed };
    });
}

/** Every string given as a title to `it`, `test` or `describe` (with `.each`, `.skip`… or not) in `source`. */
function testTitles(source: string): string[] {
  const titles: string[] = [];
  // A title is the first argument of the call: after `it(`, `describe.skip(`, or `)(` that ends an `.each(table)`.
  const call =
    /(?:\b(?:it|test|describe)(?:\.(?:skip|only|concurrent|sequential))?|\))\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const match of source.matchAll(call)) {
    titles.push((match[2] ?? '').replace(/\\(['"`\\])/g, '$1'));
  }
  return titles;
}

/** Whether `cited` is `title`, or one case of it (`%s`, `%i`, `$name` and `${…}` stand for anything). */
function titleMatches(title: string, cited: string): boolean {
  if (title === cited) return true;
  const pattern = title
    .split(/(%[sdifjo#%]|\$\{[^}]*\}|\$[A-Za-z_][\w.]*)/)
    .map((part, index) => (index % 2 === 1 ? '.+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return pattern !== title && new RegExp(`^${pattern}$`).test(cited);
}

/** What is wrong with one citation, or undefined when the file holds the title. */
function citationProblem(file: string, cited: string, readSource = readSourceFile): string | undefined {
  const source = readSource(file);
  if (source === undefined) return `${file} does not exist`;
  const titles = testTitles(source);
  const missing = cited.split(' > ').filter((part) => !titles.some((title) => titleMatches(title, part)));
  return missing.length === 0
    ? undefined
    : `${file} has no test titled ${missing.map((part) => `"${part}"`).join(', ')}`;
}

function readSourceFile(file: string): string | undefined {
  const path = join(root, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

describe('docs/security.md', () => {
  const threats = parseThreats(readFileSync(join(root, 'docs/security.md'), 'utf8'));

  it('lists threats, each with at least one proof written as `file` "test title"', () => {
    expect(threats.length).toBeGreaterThan(15);
    for (const threat of threats) {
      expect(threat.malformed, threat.heading).toEqual([]);
      expect(threat.proofs.length, `"${threat.heading}" has no proof`).toBeGreaterThan(0);
    }
  });

  it('cites only tests that exist, in the files it names', () => {
    const problems = threats.flatMap((threat) =>
      threat.proofs.flatMap(({ file, title }) => {
        const problem = citationProblem(file, title);
        return problem ? [`${threat.heading}: ${problem}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });
});

describe('the check itself', () => {
  // A template title's placeholder, spelled without one in this file's own strings.
  const flag = '$'.concat('{flag}');
  const source = [
    "describe('the outer', () => {",
    "  it.each(['a', 'b'])('refuses %s with a field issue', () => {});",
    `  it(\`runs ${flag} jobs\`, () => {});`,
    "  vitestIt('not a title', () => {});",
    "  it('says \\'hello\\'', () => {});",
    '});',
  ].join('\n');
  const read = () => source;

  it('finds titles of it, describe and .each, and matches cases of a templated title', () => {
    expect(testTitles(source)).toEqual([
      'the outer',
      'refuses %s with a field issue',
      `runs ${flag} jobs`,
      "says 'hello'",
    ]);
    expect(citationProblem('x', 'refuses http://10.0.0.1/ with a field issue', read)).toBeUndefined();
    expect(citationProblem('x', 'refuses %s with a field issue', read)).toBeUndefined();
    expect(citationProblem('x', 'the outer > runs fast jobs', read)).toBeUndefined();
  });

  it('reports a title that is not in the file, and a file that does not exist', () => {
    expect(citationProblem('x', 'refuses with a field issue', read)).toMatch(/no test titled/);
    expect(citationProblem('x', 'the outer > runs slow', read)).toMatch(/"runs slow"/);
    expect(citationProblem('no/such/file.ts', 'anything')).toMatch(/does not exist/);
  });

  it('flags a threat without proof and a proof that is not `file` "title"', () => {
    const [threat] = parseThreats('## Threats and defences\n\n### A threat\n\nText.\n\nProved by:\n\n- file.ts "t"\n');
    expect(threat?.proofs).toEqual([]);
    expect(threat?.malformed).toEqual(['- file.ts "t"']);
  });
});
