// Checks each public package as a host meets it: packed by `pnpm pack` (what npm would publish), then
//   1. publint (strict) on the tarball: exports, files and fields that resolve;
//   2. are-the-types-wrong on the tarball, ESM-only profile: every entry's types resolve for `node16` (from ESM) and
//      `bundler` hosts;
//   3. the packed types compiled as hosts compile them, with no `skipLibCheck`: a Node host (lib ES2022, no DOM,
//      NodeNext) imports core, server and emulator; a React host with `exactOptionalPropertyTypes` passes
//      `undefined` to every optional prop and option;
//   4. a browser bundle (Vite) importing @seedance-kit/server fails, saying the signer is for servers only.
// Run after `turbo run build`: `pnpm test:packages`. Any problem fails the run and says which package and why.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'react', 'server', 'emulator'];
const work = mkdtempSync(path.join(tmpdir(), 'seedance-packages-'));
const failures: string[] = [];
// The public props and options types a host fills in: each optional member must also take `undefined`.
const OPTIONS_TYPES = [
  'components.PromptComposerProps',
  'components.ReferencePickerProps',
  'components.SeedanceStudioProps',
  'components.SeedanceStudioLabels',
  'components.VideoResultProps',
  'react.SeedanceProviderProps',
  'react.UseSeedanceGenerationOptions',
  'react.UseSeedanceHistoryOptions',
  'react.UseReferenceUploadsOptions',
  'core.SignerTransportOptions',
  'core.RequestOptions',
  'core.SubmitOptions',
  'core.UploadOptions',
  'core.ListGenerationsOptions',
];

try {
  const tarballs = new Map<string, string>();
  for (const name of PACKAGES) {
    const directory = path.join(root, 'packages', name);
    const packed = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: directory, encoding: 'utf8' });
    const tarball = packed.trim().split('\n').at(-1) ?? '';
    tarballs.set(name, path.isAbsolute(tarball) ? tarball : path.join(work, path.basename(tarball)));
  }

  for (const [name, tarball] of tarballs) {
    const manifest = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
    const { messages } = await publint({ pack: { tarball: readFileSync(tarball).buffer }, strict: true });
    for (const message of messages) {
      if (message.type === 'suggestion') continue;
      failures.push(`publint, @seedance-kit/${name}: ${formatMessage(message, manifest) ?? message.code}`);
    }
    const attw = spawnSync(
      path.join(root, 'node_modules/.bin/attw'),
      // The stylesheet is an entry for bundlers, with no types to check.
      [tarball, '--profile', 'esm-only', '--format', 'ascii', '--exclude-entrypoints', './styles.css'],
      { encoding: 'utf8' },
    );
    if (attw.status !== 0) failures.push(`are-the-types-wrong, @seedance-kit/${name}:\n${attw.stdout}${attw.stderr}`);
    console.info(`[packages] @seedance-kit/${name}: publint and are-the-types-wrong checked`);
  }

  const host = installHost(tarballs);
  for (const project of ['tsconfig.node-host.json', 'tsconfig.react-host.json']) {
    const tsc = spawnSync(
      process.execPath,
      [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', path.join(host, project)],
      { encoding: 'utf8', cwd: host },
    );
    if (tsc.status !== 0) failures.push(`types in a host (${project}):\n${tsc.stdout}${tsc.stderr}`);
    console.info(`[packages] ${project}: compiled against the packed types`);
  }

  failures.push(...(await browserBundleRefusesTheServer(host)));
  console.info('[packages] a browser bundle importing @seedance-kit/server: refused');
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n[packages] ${failures.length} problem(s):\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.info('[packages] every package passed publint, are-the-types-wrong and the host type checks');

/** Bundles a client entry importing the server package for the browser: it must fail, naming the reason. */
async function browserBundleRefusesTheServer(host: string): Promise<string[]> {
  const entry = path.join(host, 'client-entry.js');
  writeFileSync(entry, "import { allowAnonymous } from '@seedance-kit/server';\nconsole.info(allowAnonymous);\n");
  try {
    await build({
      configFile: false,
      root: host,
      logLevel: 'silent',
      build: { write: false, rollupOptions: { input: entry } },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /runs only on a server: import it from server code/.test(message)
      ? []
      : [`a browser bundle importing @seedance-kit/server failed, but without saying why:\n${message}`];
  }
  return ['a browser bundle importing @seedance-kit/server built: the signer would ship to browsers.'];
}

/** A host project: the tarballs unpacked into its node_modules, the peers linked from the workspace. */
function installHost(tarballs: Map<string, string>): string {
  const host = path.join(work, 'host');
  const modules = path.join(host, 'node_modules');
  for (const [name, tarball] of tarballs) {
    const target = path.join(modules, '@seedance-kit', name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  }
  const fromReact = createRequire(path.join(root, 'packages/react/package.json'));
  const fromServer = createRequire(path.join(root, 'packages/server/package.json'));
  const fromRoot = createRequire(path.join(root, 'package.json'));
  const peers: [string, NodeJS.Require][] = [
    ['react', fromRoot],
    ['react-dom', fromRoot],
    ['@types/react', fromRoot],
    ['@types/react-dom', fromRoot],
    ['@types/node', fromRoot],
    ['zod', fromReact],
    ['@tanstack/react-query', fromReact],
    ['ioredis', fromServer],
  ];
  for (const [name, require] of peers) {
    const source = realpathSync(path.dirname(require.resolve(`${name}/package.json`)));
    const target = path.join(modules, name);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(source, target, 'dir');
  }
  const strict = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    target: 'ES2022',
  };
  writeFileSync(
    path.join(host, 'package.json'),
    JSON.stringify({ name: 'seedance-host', private: true, type: 'module' }),
  );
  writeFileSync(
    path.join(host, 'tsconfig.node-host.json'),
    JSON.stringify({
      compilerOptions: {
        ...strict,
        lib: ['ES2022'],
        types: ['node'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
      },
      files: ['node-host.ts'],
    }),
  );
  writeFileSync(
    path.join(host, 'tsconfig.react-host.json'),
    JSON.stringify({
      compilerOptions: {
        ...strict,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
      },
      files: ['react-host.tsx'],
    }),
  );
  writeFileSync(
    path.join(host, 'node-host.ts'),
    `// A Node backend with no DOM types: every public type of core, the server and the emulator must compile here.
import * as core from '@seedance-kit/core';
import * as coreTesting from '@seedance-kit/core/testing';
import * as emulator from '@seedance-kit/emulator';
import * as server from '@seedance-kit/server';
import * as express from '@seedance-kit/server/express';
import * as node from '@seedance-kit/server/node';
import * as redis from '@seedance-kit/server/redis';

export const used = [core, coreTesting, emulator, server, express, node, redis];
`,
  );
  writeFileSync(
    path.join(host, 'react-host.tsx'),
    `// A React host with exactOptionalPropertyTypes: an optional prop or option must take \`undefined\` as well.
import type * as core from '@seedance-kit/core';
import type * as react from '@seedance-kit/react';
import type * as components from '@seedance-kit/react/components';

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
/** The optional keys of T that refuse \`undefined\`: a host passing \`value?: X\` through gets TS2379 on them. */
type RefusingUndefined<T> = {
  [K in OptionalKeys<T>]-?: { [P in K]: undefined } extends Pick<T, K> ? never : K;
}[OptionalKeys<T>];
function acceptsUndefined<T>(_keysRefusingUndefined: [RefusingUndefined<T>] extends [never] ? 'none' : RefusingUndefined<T>) {}

${OPTIONS_TYPES.map((name) => `acceptsUndefined<${name}>('none');`).join('\n')}
`,
  );
  return host;
}
