import { getEventListeners } from 'node:events';
import { generationInputSchema } from '@seedance-kit/core';
import { startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, expect, it } from 'vitest';
import type { UpstreamBudget } from '../follower/upstream-budget';
import { TEST_API_KEY } from '../test-harness';
import { createSegmindClient } from './segmind-client';

/*
 * How calls wait for room in the upstream budget. A submit waits in short steps on its request's signal: each step's
 * abort listener must go when the step ends, or a long wait leaves hundreds of them on one signal (Node warns past
 * 10). The result read of a completed job waits too; a status read does not.
 */

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A client of a fresh emulator whose budget refuses the next `refusals` calls (count down below 0 once it let one by). */
async function clientWithRefusals(options: Parameters<typeof startSegmindEmulator>[0] = {}) {
  const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, ...options });
  stop = () => emulator.stop();
  const counter = { refusals: 0 };
  const budget: UpstreamBudget = {
    take: async () => counter.refusals-- <= 0,
    hasRoomFor: async () => true,
    retryAfterMs: 1,
  };
  return { client: createSegmindClient({ apiKey: TEST_API_KEY, baseUrl: emulator.url, budget }), counter };
}

it('leaves no abort listener on the caller signal after waiting for room in the budget', async () => {
  const { client, counter } = await clientWithRefusals();
  counter.refusals = 20;
  const controller = new AbortController();
  const input = generationInputSchema.parse({ prompt: 'A lighthouse at dusk, waves below' });

  const submission = await client.submit(input, controller.signal);

  expect(submission.requestId).toBeTruthy();
  expect(counter.refusals).toBeLessThan(0);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

it('waits for room for the result read of a completed job, where a status read is put off at once', async () => {
  const { client, counter } = await clientWithRefusals({ latency: { queuedMs: 0, processingMs: 0 } });
  const { requestId } = await client.submit(generationInputSchema.parse({ prompt: 'A lighthouse at dusk' }));

  counter.refusals = 5;
  await expect(client.status(requestId)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  // Giving up here would throw away what the status read learned: the result read waits for the budget instead.
  counter.refusals = 5;
  const result = await client.result(requestId);
  expect(result).toMatchObject({ videoUrl: expect.stringMatching(/^https?:\/\//) });
  expect(counter.refusals).toBeLessThan(0);
});
