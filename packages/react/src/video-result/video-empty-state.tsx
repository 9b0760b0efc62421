import type { VideoResultLabels } from './video-result-labels';
import type { VideoResultClassFor } from './video-result-types';

/** Props of {@link VideoEmptyState}. */
export interface VideoEmptyStateProps {
  /** The example prompts, shown as buttons when `onUseExamplePrompt` is given, else as plain text. */
  examplePrompts: readonly string[];
  /** Puts an example in the composer. */
  onUseExamplePrompt?: ((prompt: string) => void) | undefined;
  /** The strings. */
  text: VideoResultLabels;
  /** Class names per part. */
  classFor: VideoResultClassFor;
}

/** The stage before anything was asked: an invitation and example prompts to start from. */
export function VideoEmptyState({ examplePrompts, onUseExamplePrompt, text, classFor }: VideoEmptyStateProps) {
  return (
    <div className={classFor('empty')}>
      <p className={classFor('invitation')}>{text.idle}</p>
      {examplePrompts.length > 0 ? (
        <>
          <p className={classFor('examplesHeading')}>{text.examplesHeading}</p>
          <ul className={classFor('examples')}>
            {examplePrompts.map((prompt) => (
              <li key={prompt}>
                {onUseExamplePrompt ? (
                  <button
                    type="button"
                    className={classFor('example')}
                    aria-label={text.exampleButton(prompt)}
                    onClick={() => onUseExamplePrompt(prompt)}
                  >
                    {prompt}
                  </button>
                ) : (
                  <q className={classFor('example')}>{prompt}</q>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
