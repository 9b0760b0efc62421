#!/usr/bin/env node
// Sets up a fresh machine for Seedance Kit with nothing but Node 20+ and npm:
//   node scripts/setup.mjs            pnpm + dependencies (what the playground needs)
//   node scripts/setup.mjs --browser  the same, plus Debian's Chromium for the browser tests
// Every step is skipped when already done, so running it again costs a second or two.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const wantBrowser = process.argv.includes('--browser');
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

if (wantBrowser) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
      fail(
        `No Chromium at ${chromium}. Install Chromium and set CHROMIUM_PATH to its executable, then run this again.`,
      );
    }
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) console.info('[setup] installing Debian chromium needs root; sudo may ask for your password');
    else console.info('[setup] installing Debian chromium for the browser tests');
    const aptEnvironment = { ...environment, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) =>
      asRoot
        ? run('apt-get', args, { env: aptEnvironment })
        : run('sudo', ['apt-get', ...args], { env: aptEnvironment });
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']);
    if (!existsSync(chromium))
      fail(`apt-get installed chromium but ${chromium} does not exist. Set CHROMIUM_PATH to its executable.`);
  }
}

console.info('[setup] ready');
