import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A real `redis-server` started for a test file on a free loopback port, with no persistence. */
export interface RedisServer {
  url: string;
  /** A new connected client; closed by `stop()`. */
  client(): Redis;
  /** Kills the server (an outage), keeping its port; clients stay and try to reconnect. */
  halt(): Promise<void>;
  /** Starts the server again on the same port after `halt()`: empty, unless it has a `dataDirectory`. */
  resume(): Promise<void>;
  /** Stops the server (SIGTERM: it saves its append-only file first) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Keep data in an append-only file in this folder, so it survives `restart()`. Default: no persistence. */
  dataDirectory?: string;
}

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** Starts `redis-server` (Debian package `redis-server`, installed by `npm test`'s setup). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `No redis-server at ${REDIS_SERVER}. Run \`node scripts/setup.mjs --test\` (installs Debian's redis-server) or set REDIS_SERVER_PATH.`,
    );
  }
  const port = await freePort();
  const persistence = options.dataDirectory
    ? ['--dir', options.dataDirectory, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const clients: Redis[] = [];
  const url = `redis://127.0.0.1:${port}`;
  let child = await launch();

  async function launch(): Promise<ChildProcess> {
    const child: ChildProcess = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', ...persistence, '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections are expected while the server starts; the loop below retries them.
    probe.on('error', () => {});
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill('SIGKILL');
          throw new Error(`redis-server did not start on port ${port}: ${String(error)}`);
        }
        probe.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
    return child;
  }

  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url,
    client() {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    },
    halt: () => end('SIGKILL'),
    async resume() {
      child = await launch();
    },
    async restart() {
      await end('SIGTERM');
      child = await launch();
    },
    async stop() {
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
      await end('SIGTERM');
    },
  };
}

/**
 * A free port below the system's ephemeral range (32768 and up on Linux). `restart()` leaves the port free for a
 * moment; a port the system hands out for `listen(0)` could then go to a test running in parallel (another
 * `redis-server` among them), and this server's clients would reconnect to a stranger's empty Redis. Ports picked
 * at random from this range are never handed out that way.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
    if (attempt >= 50) throw new Error('No free port for redis-server between 20000 and 32000.');
  }
}
