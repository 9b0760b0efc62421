#!/usr/bin/env node
// Sets up a fresh machine for Seedance Kit with nothing but Node 20+ and npm:
//   node scripts/setup.mjs            pnpm + dependencies (what the playground needs)
//   node scripts/setup.mjs --test     the same, plus Debian's chromium and redis-server for the tests
// Every step is skipped when already done, so running it again costs a second or two.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const wantTestTools = process.argv.includes('--test');
const pnpmVersion = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).packageManager.split('@')[1];

function fail(message) {
  console.error(`\n[setup] ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}.`);
}

function output(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(
    `Node ${process.versions.node} is too old: Seedance Kit needs Node 20.19 or newer. Install a current Node and run this again.`,
  );
}

// pnpm: corepack's signature check fails on these machines, so pnpm comes from npm, pinned to packageManager.
if (output('pnpm', ['--version']) !== pnpmVersion) {
  console.info(`[setup] installing pnpm ${pnpmVersion} with npm`);
  run('npm', ['install', '--global', `pnpm@${pnpmVersion}`, '--no-fund', '--no-audit']);
  if (output('pnpm', ['--version']) !== pnpmVersion) {
    fail(
      `pnpm ${pnpmVersion} was installed but is not on PATH. Add npm's global bin (\`npm prefix -g\`/bin) to PATH and run this again.`,
    );
  }
}

// No test tool may download a browser of its own: the tests use Debian's Chromium.
const environment = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
run('pnpm', ['install', '--frozen-lockfile'], { env: environment });

if (wantTestTools) {
  // What the tests start themselves: Chromium for stories and the end-to-end test, redis-server for the Redis store.
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const redisServer = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
  const missing = [
    ...(existsSync(chromium)
      ? []
      : [{ path: chromium, variable: 'CHROMIUM_PATH', packages: ['chromium', 'fonts-dejavu-core'] }]),
    ...(existsSync(redisServer)
      ? []
      : [{ path: redisServer, variable: 'REDIS_SERVER_PATH', packages: ['redis-server'] }]),
  ];
  if (missing.length > 0) {
    const names = missing.map((item) => item.path).join(' and ');
    if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
      fail(
        `No ${names}. Install them and set ${missing.map((item) => item.variable).join(' / ')} to their executables, then run this again.`,
      );
    }
    const asRoot = process.getuid?.() === 0;
    const packages = missing.flatMap((item) => item.packages);
    console.info(
      `[setup] installing Debian ${packages.join(', ')} for the tests${asRoot ? '' : ' (needs root: sudo may ask for your password)'}`,
    );
    const aptEnvironment = { ...environment, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) =>
      asRoot
        ? run('apt-get', args, { env: aptEnvironment })
        : run('sudo', ['apt-get', ...args], { env: aptEnvironment });
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
    for (const item of missing) {
      if (!existsSync(item.path))
        fail(`apt-get ran but ${item.path} does not exist. Set ${item.variable} to its executable.`);
    }
  }
}

console.info('[setup] ready');
