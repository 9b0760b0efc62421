/**
 * One signer instance of a fleet in a process of its own, for the walk-away drill (which kills it with SIGKILL):
 * Redis store, BullMQ follow-up, file storage and a webhook, all from the JSON in argv[2]. It answers `{ url }` over
 * IPC once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { toNodeListener } from './adapters/node';
import { createBullMqScheduler } from './follower/bullmq-scheduler';
import { createSeedanceHandler } from './handler';
import { createFileStorage } from './storage/file-storage';
import { createRedisStore } from './store/redis-store';
import { authorizeTestUser, TEST_API_KEY, TEST_SECRET } from './test-harness';

interface FleetSignerConfig {
  emulatorUrl: string;
  redisUrl: string;
  storageDirectory: string;
  webhookUrl: string;
  webhookSecret: string;
  requestsPerMinute: number;
  expectedRunMs: { shortestMs: number; longestMs: number };
}

const config = JSON.parse(process.argv[2] ?? '{}') as FleetSignerConfig;
// Commands wait for Redis to come back (it is restarted during the drill) instead of failing at once.
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 20 });
redis.on('error', () => {});
const handler = createSeedanceHandler({
  apiKey: TEST_API_KEY,
  secret: TEST_SECRET,
  authorize: authorizeTestUser,
  upstream: { baseUrl: config.emulatorUrl, timeoutMs: 5_000, requestsPerMinute: config.requestsPerMinute },
  store: createRedisStore({ client: redis, prefix: 'walk-away:' }),
  follow: { scheduler: createBullMqScheduler({ connection: redis }), expectedRunMs: config.expectedRunMs },
  storage: createFileStorage(config.storageDirectory),
  webhook: { url: config.webhookUrl, secret: config.webhookSecret },
  limits: { concurrentJobs: 20, requestsPerMinute: 100 },
  pollIntervalMs: 500,
  onError: (error) => {
    if (process.env.SEEDANCE_DRILL_LOG) console.error(`[signer ${process.pid}]`, String(error));
  },
});
const server = createServer(toNodeListener(handler));
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
