import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FollowScheduler } from './follower';

/** Options of {@link createBullMqScheduler}. */
export interface BullMqSchedulerOptions {
  /**
   * The Redis connection, the same server as the store. BullMQ needs `maxRetriesPerRequest: null` on the
   * connection its worker blocks on; a duplicate with that setting is made from this one.
   */
  connection: Redis;
  /** Name of the queue; default `seedance-follow`. Every signer instance of one deployment uses the same. */
  queueName?: string;
  /** BullMQ's key prefix; default `seedance-bull`. */
  prefix?: string;
  /** Jobs one instance advances at once; default 10. */
  concurrency?: number;
  /**
   * How often this instance sweeps the store's schedule for jobs BullMQ no longer wakes; default 30 000 ms. It also
   * sweeps when it starts and each time its worker's connection comes back.
   */
  sweepMs?: number;
  /**
   * How long past its due time a job must be for a sweep to take it up itself; default 15 000 ms. Below that, its
   * BullMQ job is left to wake it (the sweep would only read Segmind a second time).
   */
  sweepGraceMs?: number;
}

/**
 * The follow-up on BullMQ for a fleet: one delayed BullMQ job per generation (its id is the Segmind request id), so
 * any number of instances share the work, exactly one advances a generation at a time, and a generation whose
 * instance died mid-step is taken up again by another once BullMQ sees it stalled. Whatever BullMQ loses (a job
 * removed after its re-schedule failed during a Redis outage, a queue emptied by a Redis restart without its data),
 * the store's schedule still holds: every instance sweeps it periodically and on reconnect, and takes up each job
 * that is overdue by more than a grace period, under the job's lease (still one reader at a time).
 *
 * @example
 * const connection = new Redis(process.env.REDIS_URL!);
 * createSeedanceHandler({ ..., store: createRedisStore({ client: connection }),
 *   follow: { scheduler: createBullMqScheduler({ connection }) } });
 */
export function createBullMqScheduler(options: BullMqSchedulerOptions): FollowScheduler {
  const queueName = options.queueName ?? 'seedance-follow';
  const prefix = options.prefix ?? 'seedance-bull';
  const queueConnection = options.connection.duplicate({ maxRetriesPerRequest: null });
  const workerConnection = options.connection.duplicate({ maxRetriesPerRequest: null });
  // ioredis retries on its own; an unhandled 'error' event would crash the process instead.
  for (const connection of [queueConnection, workerConnection]) connection.on('error', () => {});
  const queue = new Queue(queueName, { connection: queueConnection, prefix });
  queue.on('error', () => {});
  let worker: Worker | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const sweepGraceMs = options.sweepGraceMs ?? 15_000;

  return {
    start(advance, sweep) {
      worker = new Worker(
        queueName,
        async (job: Job<{ requestId: string }>, token?: string) => {
          let next: number | undefined;
          try {
            next = await advance(job.data.requestId);
          } catch {
            // A store or network outage mid-step: the step is idempotent, so it is simply taken again later.
            next = Date.now() + 5_000;
          }
          if (next === undefined) return;
          // The same BullMQ job waits for its next read: its id stays the request id, so nothing duplicates it.
          await job.moveToDelayed(Math.max(next, Date.now() + 1), token);
          throw new DelayedError();
        },
        {
          connection: workerConnection,
          prefix,
          concurrency: options.concurrency ?? 10,
          // A step holds the job at most a few minutes (upstream reads, copying the files); a dead instance's job is
          // picked up again after it stalls.
          lockDuration: 30_000,
          stalledInterval: 15_000,
          maxStalledCount: 1_000,
        },
      );
      worker.on('error', () => {});
      let sweeping = false;
      const sweepOverdue = (overdueByMs: number) => {
        if (closed || sweeping) return;
        sweeping = true;
        // A sweep that meets an outage simply waits for the next one: the schedule it reads stays in the store.
        void sweep(overdueByMs)
          .catch(() => undefined)
          .finally(() => {
            sweeping = false;
          });
      };
      // Jobs the store says are due but BullMQ lost are taken up: at start (an earlier process's jobs), after the
      // worker's connection comes back (an outage may have failed a re-schedule), and periodically.
      sweepOverdue(0);
      let connected = true;
      workerConnection.on('close', () => {
        connected = false;
      });
      workerConnection.on('ready', () => {
        if (!connected) sweepOverdue(sweepGraceMs);
        connected = true;
      });
      sweeper = setInterval(() => sweepOverdue(sweepGraceMs), options.sweepMs ?? 30_000);
      sweeper.unref?.();
    },
    async wake(requestId, atMs) {
      const delay = Math.max(0, atMs - Date.now());
      const existing = await queue.getJob(requestId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'delayed') {
          if (delay === 0) await existing.promote();
          else await existing.changeDelay(delay);
          return;
        }
        if (state === 'active' || state === 'waiting' || state === 'prioritized' || state === 'waiting-children')
          return;
        await existing.remove().catch(() => undefined);
      }
      await queue.add(
        'follow',
        { requestId },
        { jobId: requestId, delay, removeOnComplete: true, removeOnFail: true, attempts: 1 },
      );
    },
    async close() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      await worker?.close();
      await queue.close();
      await Promise.all(
        [queueConnection, workerConnection].map((connection) => connection.quit().catch(() => connection.disconnect())),
      );
    },
  };
}
