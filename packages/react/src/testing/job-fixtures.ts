import type { GenerationJob, SignerConfig } from '@seedance-kit/core';
import { type JobStatus, PROTOCOL_VERSION } from '@seedance-kit/core/protocol';
import { STORY_VIDEO_URL } from './story-providers';

/** A job as the signer would report it in `status`, for stories and component tests that need no transport. */
export function createJobFixture(status: JobStatus, overrides: Partial<GenerationJob> = {}): GenerationJob {
  const createdAt = new Date(Date.now() - 7_000).toISOString();
  return {
    id: `fixture-${status}`,
    status,
    createdAt,
    updatedAt: new Date().toISOString(),
    ...(status === 'queued' || status === 'running' ? { pollAfterMs: 1000 } : {}),
    input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
    ...(status === 'succeeded'
      ? {
          result: {
            videoUrl: STORY_VIDEO_URL,
            downloadUrl: `${STORY_VIDEO_URL}?download=1`,
            seed: 42,
            contentType: 'video/mp4',
          },
        }
      : {}),
    ...(status === 'failed'
      ? {
          error: {
            code: 'GENERATION_FAILED',
            message: 'The prompt was refused by the content filter. Rephrase it and try again.',
            retryable: false,
          },
        }
      : {}),
    ...overrides,
  };
}

/** A deployment allowing one ratio, duration and resolution, with the given reference and upload limits. */
export function createSignerConfigFixture(
  limits: Pick<SignerConfig, 'maxReferences' | 'maxUploadBytes'>,
): SignerConfig {
  return {
    protocolVersion: PROTOCOL_VERSION,
    aspectRatios: ['16:9'],
    durations: [5],
    resolutions: ['720p'],
    generateAudio: true,
    ...limits,
  };
}
