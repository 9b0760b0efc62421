import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The base URL of the real signer (behind the test proxy) for the browser tests: `${url}/api/seedance`. */
    browserSignerUrl: string;
  }
}

/**
 * The browser project's global setup: starts the emulator, a real signer and the test proxy in a child process
 * (`browser-signer-process.ts`, on the workspace's sources) and hands its URL to the tests (`inject`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = fork(fileURLToPath(new URL('./browser-signer-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--conditions=@seedance-kit/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`The browser tests' signer exited early (code ${code}).`)));
  });
  project.provide('browserSignerUrl', url);
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
  };
}
