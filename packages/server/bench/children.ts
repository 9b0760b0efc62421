// The bench's processes: every measured server runs in a process of its own, forked from the workspace's
// TypeScript sources, so that it does not share an event loop with the load generator or the upstream.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The key the emulator expects and the signers send; shaped like a Segmind key. */
export const API_KEY = 'SG_bench0123456789abcdef';
/** The signers' job-token secret. */
export const SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const CHILD_EXEC_ARGV = ['--import', 'tsx', '--conditions=@seedance-kit/source', '--expose-gc'];

/** A forked bench process and a way to ask it questions over IPC. */
export interface Child {
  process: ChildProcess;
  ask<T>(type: string, reply: string): Promise<T>;
}

const started: ChildProcess[] = [];

/** Kills every process this bench forked (on the way out, and when the bench runs over its deadline). */
export function stopChildren(): void {
  for (const child of started) child.kill();
}

/** Forks a bench process (TypeScript, workspace sources) and waits for its `ready` message. */
export async function startChild(file: string, env: Record<string, string>): Promise<Child & { ready: unknown }> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: CHILD_EXEC_ARGV,
    env: { ...process.env, ...env },
  });
  started.push(child);
  const ready = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    child.on('message', function onReady(message: { type?: string }) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve(message);
    });
  });
  return {
    process: child,
    ready,
    ask: <T>(type: string, reply: string) =>
      new Promise<T>((resolve) => {
        child.on('message', function onReply(message: { type?: string }) {
          if (message.type !== reply) return;
          child.off('message', onReply);
          resolve(message as T);
        });
        child.send({ type });
      }),
  };
}

/** Submits one generation through a signer and returns its job token. */
export async function submit(signerUrl: string): Promise<string> {
  const response = await fetch(`${signerUrl}/api/seedance/generations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-seedance-protocol': '1',
      'idempotency-key': `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    },
    body: JSON.stringify({ input: { prompt: 'A load test, frame by frame' } }),
  });
  const body = (await response.json()) as { job?: { id: string } };
  if (response.status !== 202 || !body.job)
    throw new Error(`submit answered ${response.status}: ${JSON.stringify(body)}`);
  return body.job.id;
}
