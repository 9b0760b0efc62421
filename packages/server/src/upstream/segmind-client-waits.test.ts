import { getEventListeners } from 'node:events';
import { generationInputSchema } from '@seedance-kit/core';
import { startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, expect, it } from 'vitest';
import type { UpstreamBudget } from '../follower/upstream-budget';
import { TEST_API_KEY } from '../test-harness';
import { createSegmindClient } from './segmind-client';

/*
 * A submit waiting for room in the upstream budget waits in short steps on its request's signal: each step's abort
 * listener must go when the step ends, or a long wait leaves hundreds of them on one signal (Node warns past 10).
 */

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

it('leaves no abort listener on the caller signal after waiting for room in the budget', async () => {
  const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY });
  stop = () => emulator.stop();
  let refusals = 20;
  const budget: UpstreamBudget = {
    take: async () => refusals-- <= 0,
    hasRoomFor: async () => true,
    retryAfterMs: 1,
  };
  const client = createSegmindClient({ apiKey: TEST_API_KEY, baseUrl: emulator.url, budget });
  const controller = new AbortController();
  const input = generationInputSchema.parse({ prompt: 'A lighthouse at dusk, waves below' });

  const submission = await client.submit(input, controller.signal);

  expect(submission.requestId).toBeTruthy();
  expect(refusals).toBeLessThan(0);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});
