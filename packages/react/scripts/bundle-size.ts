import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build as esbuild, transformSync } from 'esbuild';
import { build as viteBuild } from 'vite';

/**
 * The size check, measured as hosts get the kit: `pnpm pack` each package (its built `dist`, as published), install
 * the tarballs in a scratch project, and bundle the public entries there with esbuild and with Vite, minified,
 * counting every byte that can load (every output chunk), gzipped (level 9). react, react-dom, react-query and zod
 * stay external, as a host that already has them pays nothing for them. Also the Vite app figure: what a small Vite
 * React app's page grows by when it adds the kit (zod included, since a host may not have it). Run `pnpm size`
 * (`--write` also puts the table into the README, `--inputs` lists where the headless bytes go);
 * `bundle-size.test.ts` fails over budget.
 */

/** One measured usage. */
export interface BundleSize {
  /** What was measured. */
  name: string;
  /** Which bundler. */
  bundler: 'esbuild' | 'vite';
  /** Gzipped bytes of everything that can load. */
  gzipBytes: number;
  /** The budget for `gzipBytes`, when there is one. */
  budgetBytes: number | undefined;
}

/**
 * The gzip budgets, in bytes: headless (provider, hook, transport) 12 kB, the stylesheet 6.5 kB, the four styled
 * components 35 kB. The targets were 9 kB, 6 kB and 28 kB. The headless one was met (9,127 B) until the transport
 * gained the push stream (`subscribe`, read with eventsource-parser), the server history (`listGenerations`) and the
 * CORS diagnosis (11,360 B): features every host of the hook uses, kept in the one static bundle rather than split
 * again. The styled one was met (28,641 B) until two more error codes brought their messages (28,697 B), the studio's
 * history came to read the server's list (29,371 B), and issue 13 made the set a creative tool: VideoResult's own
 * player (controls, shortcuts, toolbar, icons), empty stage, job details and retry and billing lines, and the studio's
 * creator-first layout with the multi-shot timeline and attachment chips (34.0 kB esbuild, 6.4 kB of CSS), and
 * visible retries (the submit's next attempt reported by core: headless 11,776 B, styled 35,091 B). Each
 * budget leaves a little room, so the next growth is a decision, not an accident.
 */
export const BUNDLE_BUDGETS = { headless: 12 * 1024, styled: 35 * 1024, css: 6.5 * 1024 } as const;

/** The usages measured: what a host imports, from the packed packages. */
export const USAGES = {
  headless: [
    "export { SeedanceProvider, useSeedanceGeneration } from '@seedance-kit/react';",
    "export { createSignerTransport } from '@seedance-kit/core';",
  ].join('\n'),
  styled:
    "export { PromptComposer, ReferencePicker, SeedanceStudio, VideoResult } from '@seedance-kit/react/components';",
} as const;

const PEERS = ['react', 'react-dom', '@tanstack/react-query', 'zod'];
const external = (id: string) => PEERS.some((peer) => id === peer || id.startsWith(`${peer}/`));
const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, '..', '..');

/** Packs core and react, installs the tarballs in a scratch project, and returns its directory (remove it after). */
export async function createScratchProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'seedance-size-'));
  const modules = join(root, 'node_modules');
  for (const name of ['core', 'react']) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', root], { cwd: join(packages, name) });
    const tarball = stdout.trim().split('\n').pop() ?? '';
    const target = join(modules, '@seedance-kit', name);
    await mkdir(target, { recursive: true });
    // npm installs a tarball by unpacking its `package/` folder as the package's directory.
    await run('tar', [
      '-xzf',
      tarball.startsWith('/') ? tarball : join(root, tarball),
      '-C',
      target,
      '--strip-components=1',
    ]);
  }
  // The packages' own dependencies, if any, as an install would bring them: the versions
  // this workspace resolved for each package.
  for (const name of ['core', 'react']) {
    const manifest = JSON.parse(await readFile(join(modules, '@seedance-kit', name, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@seedance-kit/')) continue;
      const link = join(modules, dependency);
      if (
        await stat(link).then(
          () => true,
          () => false,
        )
      )
        continue;
      await mkdir(dirname(link), { recursive: true });
      await symlink(await realpath(join(packages, name, 'node_modules', dependency)), link, 'dir');
    }
  }
  // The peers as a host has them: the same installed versions this workspace tests against.
  for (const peer of [...PEERS, 'scheduler']) {
    const from = await realPeer(peer);
    await mkdir(dirname(join(modules, peer)), { recursive: true });
    await symlink(from, join(modules, peer), 'dir');
  }
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  return root;
}

/** Bundles each usage in the scratch project with esbuild and with Vite, peers external. */
export async function measureEntries(root: string): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const [usage, code] of Object.entries(USAGES) as [keyof typeof USAGES, string][]) {
    const entry = join(root, `${usage}.js`);
    await writeFile(entry, code);
    const name = `${usage} (react, react-dom, react-query, zod external)`;
    const budgetBytes = BUNDLE_BUDGETS[usage];
    sizes.push({ name, bundler: 'esbuild', gzipBytes: await esbuildSize(root, entry, usage), budgetBytes });
    sizes.push({ name, bundler: 'vite', gzipBytes: await viteEntrySize(root, entry, usage), budgetBytes });
  }
  const css = await readFile(join(root, 'node_modules/@seedance-kit/react/dist/styles.css'));
  sizes.push({ name: 'styles.css', bundler: 'vite', gzipBytes: gzip(css), budgetBytes: BUNDLE_BUDGETS.css });
  return sizes;
}

/**
 * What a Vite React app's page grows by (JavaScript and CSS, gzip, zod included) when it adds the headless kit, or
 * the studio: the same app built with and without it.
 */
export async function measureViteApp(root: string): Promise<BundleSize[]> {
  const app = (body: string) => `import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
${body}`;
  const base = await viteAppSize(
    root,
    'base',
    app(
      `createRoot(document.body).render(<QueryClientProvider client={new QueryClient()}><p>App</p></QueryClientProvider>);`,
    ),
  );
  const withKit = (name: string, imports: string, child: string) =>
    viteAppSize(
      root,
      name,
      app(`import { createSignerTransport } from '@seedance-kit/core';
import { SeedanceProvider, useSeedanceGeneration } from '@seedance-kit/react';
${imports}
function Generate() {
  const generation = useSeedanceGeneration();
  return <button onClick={() => void generation.generate({ prompt: 'A fox' }).catch(() => {})}>{generation.status}</button>;
}
createRoot(document.body).render(
  <QueryClientProvider client={new QueryClient()}>
    <SeedanceProvider transport={createSignerTransport()}>${child}</SeedanceProvider>
  </QueryClientProvider>,
);`),
    );
  const headless = await withKit('headless-app', '', '<Generate />');
  const studio = await withKit(
    'studio-app',
    "import { SeedanceStudio } from '@seedance-kit/react/components';\nimport '@seedance-kit/react/styles.css';",
    '<Generate /><SeedanceStudio />',
  );
  return [
    {
      name: 'Vite app page: + headless (zod bundled)',
      bundler: 'vite',
      gzipBytes: headless - base,
      budgetBytes: undefined,
    },
    {
      name: 'Vite app page: + SeedanceStudio and styles.css (zod bundled)',
      bundler: 'vite',
      gzipBytes: studio - base,
      budgetBytes: undefined,
    },
  ];
}

/** Everything, in one scratch project. */
export async function measureAll(): Promise<BundleSize[]> {
  const root = await createScratchProject();
  try {
    return [...(await measureEntries(root)), ...(await measureViteApp(root))];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** One input file of a bundle and what it costs. */
export interface InputCost {
  /** The file, from `node_modules` on. */
  file: string;
  /** Its bytes in the minified bundle. */
  minifiedBytes: number;
  /** What leaving it out would save in the gzipped bundle: its own cost, net of what it shares with the rest. */
  gzipBytes: number;
}

/**
 * Where the headless bytes go: each input file of the esbuild bundle, largest gzip cost first. esbuild's metafile
 * gives minified bytes per input; the gzip cost is measured by compressing the bundle with and without the file.
 */
export async function headlessInputs(root: string): Promise<InputCost[]> {
  const entry = join(root, 'headless.js');
  await writeFile(entry, USAGES.headless);
  // Identifiers and syntax minified, whitespace kept, so the bundle still marks where each input file starts.
  const result = await esbuild({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    minifyIdentifiers: true,
    minifySyntax: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: join(root, 'out', 'inputs'),
    external: PEERS.flatMap((peer) => [peer, `${peer}/*`]),
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const sections = text.split(/^(?=\/\/ \S+\.js\n)/m).map((section) => {
    let code = section;
    try {
      code = transformSync(section, { minifyWhitespace: true, format: 'esm' }).code;
    } catch {
      // The closing export list names bindings of other sections: it stays as it is (a few bytes).
    }
    return { file: /^\/\/ (\S+)\n/.exec(section)?.[1]?.replace(/.*node_modules\//, '') ?? '(bundle)', code };
  });
  const all = gzip(Buffer.from(sections.map((section) => section.code).join('')));
  return sections
    .map((section, index) => ({
      file: section.file,
      minifiedBytes: section.code.length,
      gzipBytes:
        all -
        gzip(
          Buffer.from(
            sections
              .filter((_, other) => other !== index)
              .map((other) => other.code)
              .join(''),
          ),
        ),
    }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** The figures as a Markdown table, as the README shows them. */
export function formatTable(sizes: BundleSize[]): string {
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const rows = sizes.map(
    (size) =>
      `| ${size.name} | ${size.bundler} | **${kB(size.gzipBytes)}** | ${size.budgetBytes === undefined ? '-' : kB(size.budgetBytes)} |`,
  );
  return ['| usage | bundler | gzip, all that can load | budget |', '|---|---|---|---|', ...rows].join('\n');
}

async function esbuildSize(root: string, entry: string, name: string): Promise<number> {
  const outdir = join(root, 'out', 'esbuild', name);
  await esbuild({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // Split so a dynamic import() anywhere would show up as a chunk, and be counted.
    splitting: true,
    outdir,
    external: PEERS.flatMap((peer) => [peer, `${peer}/*`]),
    logLevel: 'silent',
  });
  return gzipFiles(outdir, '.js');
}

async function viteEntrySize(root: string, entry: string, name: string): Promise<number> {
  const outDir = join(root, 'out', 'vite', name);
  await viteBuild({
    root,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      // An app build of the entry (library mode keeps whitespace in ES output, which no host ships), its exports
      // kept as a host's imports would keep them.
      minify: true,
      rollupOptions: { input: entry, external, preserveEntrySignatures: 'strict' },
    },
  });
  return gzipFiles(outDir, '.js');
}

async function viteAppSize(root: string, name: string, code: string): Promise<number> {
  const directory = join(root, name);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'main.jsx'), code);
  await writeFile(join(directory, 'index.html'), '<!doctype html><script type="module" src="./main.jsx"></script>');
  const outDir = join(directory, 'dist');
  await viteBuild({
    root: directory,
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  return (await gzipFiles(outDir, '.js')) + (await gzipFiles(outDir, '.css'));
}

async function gzipFiles(directory: string, extension: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { recursive: true })) {
    const path = join(directory, entry);
    if (entry.endsWith(extension) && (await stat(path)).isFile()) total += gzip(await readFile(path));
  }
  return total;
}

function gzip(bytes: Buffer): number {
  return gzipSync(bytes, { level: 9 }).length;
}

/** Where a peer is installed for this package (pnpm links it into this package's node_modules). */
async function realPeer(peer: string): Promise<string> {
  const candidates = [join(here, '..', 'node_modules', peer), join(packages, '..', 'node_modules', peer)];
  for (const candidate of candidates) {
    try {
      return await realpath(candidate);
    } catch {
      // Not linked here; try the next place.
    }
  }
  // scheduler is react-dom's own dependency: found next to it in pnpm's store.
  const reactDom = await realpath(join(here, '..', 'node_modules', 'react-dom'));
  return realpath(join(reactDom, '..', peer));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--inputs')) {
  const root = await createScratchProject();
  try {
    console.info('| input | minified | gzip cost |\n|---|---|---|');
    for (const input of await headlessInputs(root)) {
      console.info(`| ${input.file} | ${input.minifiedBytes} B | ${input.gzipBytes} B |`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureAll();
  const table = formatTable(sizes);
  console.info(table);
  if (process.argv.includes('--write')) {
    const readme = join(here, '..', 'README.md');
    const text = await readFile(readme, 'utf8');
    const start = '<!-- size:start -->';
    const end = '<!-- size:end -->';
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`README.md needs ${start} and ${end} around the size table.`);
    await writeFile(readme, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
  }
}
