import { expect } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import { type SegmindEmulator, type SegmindEmulatorOptions, startSegmindEmulator } from './emulator';

/** The key the test emulators accept when started with {@link startTestEmulator}. */
export const TEST_API_KEY = 'SG_0123456789abcdef';

/** Latencies short enough for fast tests, long enough to see each status on a loaded machine. */
export const INSTANT = { queuedMs: 0, processingMs: 0 };

/** Starts an emulator on a free port with instant jobs unless told otherwise. */
export function startTestEmulator(options: SegmindEmulatorOptions = {}): Promise<SegmindEmulator> {
  return startSegmindEmulator({ port: 0, latency: INSTANT, ...options });
}

/** Runs `body` against a throwaway emulator, always stopping it. */
export async function withEmulator<Result>(
  options: SegmindEmulatorOptions,
  body: (emulator: SegmindEmulator) => Promise<Result>,
): Promise<Result> {
  const emulator = await startTestEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.stop();
  }
}

/** Calls the emulator with the test key and, when a body is given, JSON content type. */
export function call(
  emulator: SegmindEmulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; key?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers['x-api-key'] = init.key ?? TEST_API_KEY;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(new URL(path, emulator.url), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...headers, ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

/** A submit answer's body, typed loosely for assertions. */
export interface SubmitBody {
  request_id: string;
  status: string;
  poll_url: string;
  status_url: string;
  response_url: string;
}

/** Submits a job and asserts it was accepted. */
export async function submitJob(
  emulator: SegmindEmulator,
  body: object = { prompt: 'a red fox' },
): Promise<SubmitBody> {
  const response = await call(emulator, `/v2/${SEGMIND_MODEL}`, { body });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as SubmitBody;
}

/** Polls a URL with the test key until `done` says so, failing after `timeoutMs`. */
export async function pollUntil(
  url: string,
  done: (response: Response, body: Record<string, unknown>) => boolean,
  timeoutMs = 3000,
): Promise<{ response: Response; body: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url, { headers: { 'x-api-key': TEST_API_KEY } });
    const body = (await response.json()) as Record<string, unknown>;
    if (done(response, body)) return { response, body };
    if (Date.now() > deadline) throw new Error(`Gave up polling ${url}: last answer ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
