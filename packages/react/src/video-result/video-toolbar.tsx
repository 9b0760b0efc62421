import { IconControl, VideoIcon } from './video-icons';
import type { VideoResultLabels } from './video-result-labels';
import type { VideoResultClassFor } from './video-result-types';

/** Props of {@link VideoToolbar}: the links of the video and the actions wired by `VideoResult`. */
export interface VideoToolbarProps {
  /** The video as an attachment. */
  downloadUrl: string;
  /** The last frame, when the job returned one. */
  lastFrameUrl?: string | undefined;
  /** Copies the video's link. */
  onCopyLink: () => void;
  /** Starts the next generation from the last frame. */
  onContinue?: (() => void) | undefined;
  /** Generates again with the same seed. */
  onRegenerate?: (() => void) | undefined;
  /** The strings. */
  text: VideoResultLabels;
  /** Class names per part. */
  classFor: VideoResultClassFor;
}

/**
 * The actions over the video, as named icon buttons (their names are their tooltips): download, copy link, open the
 * last frame, continue from it, regenerate with the same seed. Always shown, so touch and keyboard reach them.
 */
export function VideoToolbar({
  downloadUrl,
  lastFrameUrl,
  onCopyLink,
  onContinue,
  onRegenerate,
  text,
  classFor,
}: VideoToolbarProps) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would draw a form group; these are actions on the video.
    <div role="group" aria-label={text.toolbar} className={classFor('toolbar')}>
      <a className={classFor('download')} href={downloadUrl} download aria-label={text.download} title={text.download}>
        <VideoIcon name="download" />
      </a>
      <IconControl part="copyLink" icon="link" label={text.copyLink} onClick={onCopyLink} classFor={classFor} />
      {lastFrameUrl === undefined ? null : (
        <a
          className={classFor('lastFrameLink')}
          href={lastFrameUrl}
          target="_blank"
          rel="noopener"
          aria-label={text.openLastFrame}
          title={text.openLastFrame}
        >
          <VideoIcon name="image" />
        </a>
      )}
      {onContinue ? (
        <IconControl
          part="continue"
          icon="continue"
          label={text.continueFromLastFrame}
          onClick={onContinue}
          classFor={classFor}
        />
      ) : null}
      {onRegenerate ? (
        <IconControl
          part="regenerate"
          icon="regenerate"
          label={text.regenerate}
          onClick={onRegenerate}
          classFor={classFor}
        />
      ) : null}
    </div>
  );
}
