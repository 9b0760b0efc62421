import type { GenerationInput } from '@seedance-kit/core';
import type { JobInputSummary } from '@seedance-kit/core/protocol';
import type { VideoResultLabels } from './video-result-labels';
import type { VideoResultClassFor } from './video-result-types';

/** Props of {@link VideoJobDetails}. */
export interface VideoJobDetailsProps {
  /** What the job remembers of its input (the server's word on the parameters). */
  summary?: JobInputSummary | undefined;
  /** The input as the page sent it: its prompt, and parameters the summary lacks. */
  input?: GenerationInput | undefined;
  /** The seed of the finished video. */
  seed?: number | undefined;
  /** The strings. */
  text: VideoResultLabels;
  /** Class names per part. */
  classFor: VideoResultClassFor;
}

/** The prompt and parameters of the job shown, so a resumed or earlier video says what it is. */
export function VideoJobDetails({ summary, input, seed, text, classFor }: VideoJobDetailsProps) {
  const prompt = input?.prompt || summary?.prompt;
  if (!prompt && !summary && !input) return null;
  const parameters = text.parameters({
    aspectRatio: summary?.aspectRatio ?? input?.aspect_ratio ?? '16:9',
    duration: summary?.duration ?? input?.duration ?? 5,
    resolution: summary?.resolution ?? input?.resolution ?? '720p',
    generateAudio: summary?.generateAudio ?? input?.generate_audio ?? false,
    seed: seed ?? (input?.seed !== undefined && input.seed >= 0 ? input.seed : undefined),
    referenceCount: summary?.referenceCount,
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this groups what the job was.
    <div role="group" aria-label={text.details} className={classFor('details')}>
      {prompt ? (
        <p className={classFor('prompt')} title={prompt}>
          {prompt}
        </p>
      ) : null}
      <ul className={classFor('parameters')}>
        {parameters.map((parameter) => (
          <li key={parameter} className={classFor('parameter')}>
            {parameter}
          </li>
        ))}
      </ul>
    </div>
  );
}
