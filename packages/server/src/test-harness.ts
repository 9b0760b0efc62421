import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSignerTransport, type GenerationJob, type SeedanceTransport } from '@seedance-kit/core';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import { toNodeListener } from './adapters/node';
import { createSeedanceHandler, type SeedanceHandler } from './handler';
import { signJobToken } from './job-token';
import type { SeedanceHandlerOptions } from './options';

/** The key the test emulator accepts; tests assert it never appears in anything a browser receives. */
export const TEST_API_KEY = 'SG_0123456789abcdef';
/** A signing secret of the minimum length. */
export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** A signer on loopback in front of a fresh emulator, plus a transport per user. */
export interface SignerHarness {
  emulator: SegmindEmulator;
  /** The signer's origin. */
  url: string;
  /** A protocol client that identifies as `userId` (via the `x-test-user` header the test `authorize` reads). */
  transportFor(userId: string): SeedanceTransport;
  /** Every response body the signer sent, to scan for leaks. */
  bodies: string[];
  /** Errors reported through `onError`. */
  reported: unknown[];
  close(): Promise<void>;
}

/** A job token of `userId` for `requestId`, signed with the test secret, that expired an hour ago. */
export function signExpiredTestToken(requestId: string, userId: string): Promise<string> {
  const longAgo = Date.now() - 2 * 60 * 60 * 1000;
  return signJobToken(
    {
      requestId,
      userId,
      createdAt: longAgo,
      expiresAt: longAgo + 60 * 60 * 1000,
      input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: true },
      slotId: 'slot',
    },
    [TEST_SECRET],
  );
}

/** The tests' `authorize`: whoever the `x-test-user` header names, or nobody. */
export function authorizeTestUser(request: Request): { id: string } | null {
  const id = request.headers.get('x-test-user');
  return id ? { id } : null;
}

/** Options of the harnesses: the emulator's timing, the upstream timeout, or an emulator shared by several signers. */
export interface HarnessOptions {
  latency?: { queuedMs: number; processingMs: number };
  upstreamTimeoutMs?: number;
  /** One Segmind account behind several signer instances; a shared emulator is not stopped by `close()`. */
  emulator?: SegmindEmulator;
  /** Where the signer sends upstream calls when not straight to the emulator (a flaky proxy in front of it). */
  upstreamUrl?: string;
}

/** A signer handler in front of an emulator, not yet mounted anywhere: for tests that mount it with an adapter. */
export interface HandlerHarness {
  emulator: SegmindEmulator;
  /** The handler, authorizing whoever the `x-test-user` header names. */
  handler: SeedanceHandler;
  /** Errors reported through `onError`. */
  reported: unknown[];
  close(): Promise<void>;
}

/** Starts the emulator (unless one is shared) and builds a handler in front of it. */
export async function startHandlerHarness(
  overrides: Partial<SeedanceHandlerOptions> = {},
  {
    latency = { queuedMs: 100, processingMs: 300 },
    upstreamTimeoutMs = 2_000,
    emulator: shared,
    upstreamUrl,
  }: HarnessOptions = {},
): Promise<HandlerHarness> {
  const emulator = shared ?? (await startSegmindEmulator({ apiKey: TEST_API_KEY, latency }));
  const reported: unknown[] = [];
  // Upstream overrides are merged, so a test can change one of them (mediaHosts) and keep the emulator as upstream.
  const { upstream, ...rest } = overrides;
  const handler = createSeedanceHandler({
    apiKey: TEST_API_KEY,
    secret: TEST_SECRET,
    authorize: authorizeTestUser,
    upstream: { baseUrl: upstreamUrl ?? emulator.url, timeoutMs: upstreamTimeoutMs, ...upstream },
    pollIntervalMs: 50,
    onError: (error) => reported.push(error),
    ...rest,
  });
  return { emulator, handler, reported, close: async () => (shared ? undefined : emulator.stop()) };
}

/** Starts the emulator and a real HTTP signer in front of it. */
export async function startSignerHarness(
  overrides: Partial<SeedanceHandlerOptions> = {},
  options: HarnessOptions = {},
): Promise<SignerHarness> {
  const { emulator, handler, reported, close } = await startHandlerHarness(overrides, options);
  const bodies: string[] = [];
  const recording = async (request: Request) => {
    const response = await handler(request);
    if ((response.headers.get('content-type') ?? '').includes('json')) bodies.push(await response.clone().text());
    return response;
  };
  const server = createServer(toNodeListener(recording));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    emulator,
    url,
    bodies,
    reported,
    transportFor: (userId) =>
      createSignerTransport({ baseUrl: `${url}/api/seedance`, headers: { 'x-test-user': userId } }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
    },
  };
}

/** Polls a job until it ends, at the pace the signer asks for; throws when it has not ended after 5 s. */
export async function waitForTerminal(transport: SeedanceTransport, job: GenerationJob): Promise<GenerationJob> {
  // Generous: `next dev` on a loaded 2-core machine answers a poll in tens of ms.
  const deadline = Date.now() + 20_000;
  let current = job;
  while (!['succeeded', 'failed', 'expired', 'canceled'].includes(current.status)) {
    if (Date.now() > deadline) throw new Error(`job stuck in ${current.status}`);
    await new Promise((resolve) => setTimeout(resolve, current.pollAfterMs ?? 50));
    current = await transport.getJob(job.id);
  }
  return current;
}
