import type {
  GenerationInput,
  GenerationJob,
  GenerationTimeEstimate,
  GenerationTimeEstimator,
  SeedanceError,
} from '@seedance-kit/core';
import type { GenerationStatus, SucceededJob } from '@seedance-kit/core/client';
import type { JobResult } from '@seedance-kit/core/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import type { GenerationPersistence } from './persistence';
import type { UseReferenceUploadsResult } from './use-reference-uploads';
import type {
  GenerationCancellation,
  UseSeedanceGenerationOptions,
  UseSeedanceGenerationResult,
} from './use-seedance-generation';

declare const generation: UseSeedanceGenerationResult;

describe('UseSeedanceGenerationResult', () => {
  it('narrows video, job and error by status', () => {
    expectTypeOf(generation.status).toEqualTypeOf<GenerationStatus>();
    expectTypeOf(generation.video).toEqualTypeOf<JobResult | undefined>();
    if (generation.status === 'succeeded') {
      expectTypeOf(generation.video).toEqualTypeOf<JobResult>();
      expectTypeOf(generation.job).toEqualTypeOf<SucceededJob>();
      expectTypeOf(generation.error).toEqualTypeOf<null>();
    }
    if (generation.status === 'failed' || generation.status === 'expired') {
      expectTypeOf(generation.error).toEqualTypeOf<SeedanceError>();
      expectTypeOf(generation.video).toEqualTypeOf<undefined>();
      expectTypeOf(generation.job).toEqualTypeOf<GenerationJob | undefined>();
    }
    if (generation.status === 'queued' || generation.status === 'running') {
      expectTypeOf(generation.job).toEqualTypeOf<GenerationJob>();
      expectTypeOf(generation.error).toEqualTypeOf<null>();
    }
    if (generation.status === 'idle') {
      expectTypeOf(generation.job).toEqualTypeOf<undefined>();
      expectTypeOf(generation.error).toEqualTypeOf<SeedanceError | null>();
    }
    if (generation.status === 'submitting') {
      expectTypeOf(generation.job).toEqualTypeOf<undefined>();
      expectTypeOf(generation.error).toEqualTypeOf<null>();
    }
    if (generation.status === 'canceled') {
      expectTypeOf(generation.remoteCancel).toEqualTypeOf<boolean>();
      expectTypeOf(generation.error).toEqualTypeOf<null>();
    } else {
      expectTypeOf(generation.remoteCancel).toEqualTypeOf<undefined>();
    }
  });

  it('narrows by the derived flags too', () => {
    if (generation.isSuccess) {
      expectTypeOf(generation.status).toEqualTypeOf<'succeeded'>();
      expectTypeOf(generation.video).toEqualTypeOf<JobResult>();
    }
    if (generation.isError) {
      expectTypeOf(generation.status).toEqualTypeOf<'failed' | 'expired'>();
      expectTypeOf(generation.error).toEqualTypeOf<SeedanceError>();
    }
    if (generation.isPending) {
      expectTypeOf(generation.status).toEqualTypeOf<'submitting' | 'queued' | 'running'>();
      expectTypeOf(generation.video).toEqualTypeOf<undefined>();
    }
    if (generation.isCanceled) expectTypeOf(generation.remoteCancel).toEqualTypeOf<boolean>();
    if (generation.isFinished) {
      expectTypeOf(generation.status).toEqualTypeOf<'succeeded' | 'failed' | 'canceled' | 'expired'>();
    }
  });

  it('has typed actions and an estimate that says it is one', () => {
    expectTypeOf(generation.generate).toEqualTypeOf<(input: GenerationInput) => Promise<SucceededJob>>();
    expectTypeOf(generation.cancel).toEqualTypeOf<() => Promise<GenerationCancellation>>();
    expectTypeOf(generation.retry).toEqualTypeOf<(overrides?: Partial<GenerationInput>) => Promise<SucceededJob>>();
    expectTypeOf(generation.reset).toEqualTypeOf<() => void>();
    expectTypeOf(generation.continueFromLastFrame).returns.toEqualTypeOf<GenerationInput | null>();
    expectTypeOf(generation.elapsedMs).toEqualTypeOf<number>();
    expectTypeOf(generation.estimate).toEqualTypeOf<GenerationTimeEstimate | undefined>();
    expectTypeOf<GenerationTimeEstimate['isEstimate']>().toEqualTypeOf<true>();
  });
});

describe('UseSeedanceGenerationOptions', () => {
  it('takes the documented options and nothing else', () => {
    expectTypeOf<UseSeedanceGenerationOptions>().toHaveProperty('jobId').toEqualTypeOf<string | undefined>();
    expectTypeOf<{ persist: GenerationPersistence }>().toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<{ persist: 'session' }>().not.toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<{ estimator: GenerationTimeEstimator }>().toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<{ learnTimings: boolean }>().not.toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<{
      polling: { deadlineMs: number; fallbackIntervalMs: number };
    }>().toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<{ progressIntervalMs: false }>().toExtend<UseSeedanceGenerationOptions>();
    expectTypeOf<NonNullable<UseSeedanceGenerationOptions['onSuccess']>>().parameter(0).toEqualTypeOf<SucceededJob>();
    expectTypeOf<NonNullable<UseSeedanceGenerationOptions['onCancel']>>()
      .parameter(0)
      .toEqualTypeOf<GenerationCancellation>();
    expectTypeOf<NonNullable<UseSeedanceGenerationOptions['onStatusChange']>>()
      .parameter(1)
      .toEqualTypeOf<GenerationStatus>();
  });
});

describe('UseReferenceUploadsResult', () => {
  it('gives the URLs by the input field that takes them', () => {
    expectTypeOf<UseReferenceUploadsResult['references']>().toExtend<Partial<GenerationInput>>();
  });
});
