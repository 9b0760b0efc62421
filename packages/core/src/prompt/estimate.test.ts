import { describe, expect, it } from 'vitest';
import type { GenerationInput } from '../generation-input';
import { estimateGeneration, outputSize } from './estimate';

describe('outputSize', () => {
  it.each([
    ['720p', '16:9', 1280, 720],
    ['480p', '16:9', 854, 480],
    ['720p', '9:16', 720, 1280],
    ['720p', '1:1', 720, 720],
    ['480p', '4:3', 640, 480],
    ['720p', '3:4', 720, 960],
    ['720p', '21:9', 1680, 720],
    ['720p', 'adaptive', 1280, 720],
  ] as const)('%s %s is %i × %i', (resolution, aspectRatio, width, height) => {
    expect(outputSize(resolution, aspectRatio)).toEqual({ width, height });
  });
});

describe('estimateGeneration', () => {
  it('prices the default request by the billing formula and takes the reported average time', () => {
    const estimate = estimateGeneration({ prompt: 'a boat' });
    // 5 s × 1280 × 720 × 24 / 1024 = 108,000 tokens at $2.80 per million.
    expect(estimate.tokens).toEqual({ low: 108_000, high: 108_000 });
    expect(estimate.costUsd).toEqual({ low: 0.3024, high: 0.3024 });
    expect(estimate.seconds).toEqual({ low: 87, high: 117 });
    expect(estimate.isEstimate).toBe(true);
  });

  it.each<{ name: string; input: Partial<GenerationInput>; cost: number[] }>([
    { name: '10 s at 720p', input: { duration: 10 }, cost: [0.6048, 0.6048] },
    { name: '5 s at 480p', input: { resolution: '480p' }, cost: [0.1345, 0.1345] },
    { name: 'auto duration', input: { duration: -1 }, cost: [0.2419, 0.9072] },
    {
      name: 'a reference video of unknown length',
      input: { reference_videos: ['https://cdn.example/a.mp4'] },
      cost: [0.4234, 1.2096],
    },
  ])('prices $name', ({ input, cost }) => {
    const estimate = estimateGeneration({ prompt: 'a boat', ...input });
    expect([estimate.costUsd.low, estimate.costUsd.high]).toEqual(cost);
  });

  it('counts known reference video seconds', () => {
    const estimate = estimateGeneration(
      { prompt: 'a boat', reference_videos: ['https://cdn.example/a.mp4'] },
      { referenceVideoSeconds: 5 },
    );
    expect(estimate.costUsd).toEqual({ low: 0.6048, high: 0.6048 });
  });

  it.each([
    ['longer videos', { duration: 10 }, 'longer'],
    ['lower resolution', { resolution: '480p' }, 'shorter'],
    ['native audio', { generate_audio: true }, 'longer'],
  ] as const)('takes %s into account in the time', (_name, input, direction) => {
    const base = estimateGeneration({ prompt: 'a boat' }).seconds;
    const changed = estimateGeneration({ prompt: 'a boat', ...input }).seconds;
    if (direction === 'longer') expect(changed.low).toBeGreaterThan(base.low);
    else expect(changed.high).toBeLessThan(base.high);
    expect(changed.high).toBeGreaterThan(changed.low);
  });

  it('gives a time range over 4-15 s for auto duration', () => {
    const estimate = estimateGeneration({ prompt: 'a boat', duration: -1 });
    expect(estimate.outputSeconds).toEqual({ low: 4, high: 15 });
    expect(estimate.seconds.low).toBeLessThan(87);
    expect(estimate.seconds.high).toBeGreaterThan(117);
  });
});
