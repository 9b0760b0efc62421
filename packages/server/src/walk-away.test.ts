import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenerationJob } from '@seedance-kit/core';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET } from './follower/webhook-receiver.test-helper';
import { type RedisServer, startRedisServer } from './store/redis-server.test-helper';
import { TEST_API_KEY } from './test-harness';

// The walk-away drill: 40 paid jobs from 4 users, every client gone at once, the signer processes killed and
// restarted and Redis restarted (data kept) while the jobs run, two instances sharing the work. Nothing may be
// lost, billed twice, announced twice, or shown to the wrong user.

const USERS = ['ana', 'ben', 'caro', 'dev'];
const JOBS_PER_USER = 10;
const CLIP = new URL('../../emulator/media/seedance-16x9.mp4', import.meta.url);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function eventually(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(config: object): Promise<Instance> {
  const child = fork(
    fileURLToPath(new URL('./test-fleet-signer-process.ts', import.meta.url)),
    [JSON.stringify(config)],
    {
      execArgv: ['--import', 'tsx', '--conditions=@seedance-kit/source'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`signer process exited with ${code}`)));
  });
  return { url, child };
}

async function kill(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGKILL');
  });
}

describe('the walk-away drill', () => {
  it('finishes, stores and announces 40 jobs once through kills and a Redis restart, with no client', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'seedance-redis-'));
    const storageDirectory = await mkdtemp(join(tmpdir(), 'seedance-walk-away-'));
    cleanups.push(() => rm(dataDirectory, { recursive: true, force: true }));
    cleanups.push(() => rm(storageDirectory, { recursive: true, force: true }));
    const redis: RedisServer = await startRedisServer({ dataDirectory });
    cleanups.push(() => redis.stop());
    const emulator: SegmindEmulator = await startSegmindEmulator({
      apiKey: TEST_API_KEY,
      latency: { queuedMs: 1_500, processingMs: 3_000, submitResponseMs: 300 },
      rateLimitPerMinute: 200,
    });
    cleanups.push(() => emulator.stop());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.stop());
    const config = {
      emulatorUrl: emulator.url,
      redisUrl: redis.url,
      storageDirectory,
      webhookUrl: receiver.url,
      webhookSecret: TEST_WEBHOOK_SECRET,
      requestsPerMinute: 200,
      expectedRunMs: { shortestMs: 4_000, longestMs: 6_000 },
    };
    const instances = [await startInstance(config), await startInstance(config)];
    cleanups.push(() => Promise.all(instances.map(kill)));

    // 40 submits spread over both instances; every client hangs up at once while the signers wait on Segmind.
    const controller = new AbortController();
    const submits = USERS.flatMap((user, userIndex) =>
      Array.from({ length: JOBS_PER_USER }, (_, n) => {
        const instance = instances[(userIndex + n) % 2]!;
        const sent = fetch(`${instance.url}/api/seedance/generations`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-seedance-protocol': '2',
            'idempotency-key': `walk-away-${user}-${n}`,
            'x-test-user': user,
          },
          body: JSON.stringify({ input: { prompt: `${user} ${n}` } }),
          signal: controller.signal,
        }).catch(() => undefined);
        return sent;
      }),
    );
    const submitted = (status: number | null) =>
      emulator.requests().filter((request) => request.route === 'submit' && request.status === status).length;
    await eventually(() => submitted(null) + submitted(200) === 40);
    controller.abort();
    await Promise.all(submits);
    // A signer killed between Segmind's answer and its own record would lose that job (Segmind has no idempotency
    // key to ask again with): the kills come once every submit is answered and recorded.
    await eventually(() => submitted(200) === 40);
    await sleep(300);

    // While the jobs run: kill and restart each instance once, and restart Redis with its data.
    await kill(instances[0]!);
    instances[0] = await startInstance(config);
    await sleep(500);
    await redis.restart();
    await kill(instances[1]!);
    instances[1] = await startInstance(config);

    const deadline = Date.now() + 90_000;
    while (new Set(receiver.received.map((delivery) => delivery.id)).size < 40) {
      if (Date.now() > deadline) throw new Error(`only ${receiver.received.length} webhooks arrived`);
      await sleep(200);
    }
    await sleep(1_000);

    const requests = emulator.requests();
    expect(requests.filter((request) => request.route === 'submit' && request.status === 200)).toHaveLength(40);
    expect(requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(receiver.received).toHaveLength(40);
    expect(receiver.received.every((delivery) => delivery.valid)).toBe(true);
    expect(new Set(receiver.received.map((delivery) => delivery.id)).size).toBe(40);

    const clip = sha256(await readFile(CLIP));
    const cdnReads = () => emulator.requests().filter((request) => request.route === 'cdn').length;
    const cdnBefore = cdnReads();
    for (const user of USERS) {
      const page = await fetch(`${instances[0]!.url}/api/seedance/generations?limit=100`, {
        headers: { 'x-test-user': user, 'x-seedance-protocol': '2' },
      });
      const { jobs } = (await page.json()) as { jobs: GenerationJob[] };
      expect(jobs).toHaveLength(JOBS_PER_USER);
      expect(new Set(jobs.map((job) => job.input.prompt?.split(' ')[0]))).toEqual(new Set([user]));
      expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
      for (const job of jobs) {
        const video = await fetch(`${instances[1]!.url}${job.result!.videoUrl}`, { headers: { 'x-test-user': user } });
        expect(sha256(new Uint8Array(await video.arrayBuffer()))).toBe(clip);
      }
    }
    // Every video played from storage: the CDN was not asked again.
    expect(cdnReads()).toBe(cdnBefore);
  }, 150_000);
});
