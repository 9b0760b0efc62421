import type { ReactNode } from 'react';
import type { VideoResultClassFor, VideoResultPart } from './video-result-types';

/** The glyphs of the player and its toolbar, drawn inline so they look the same on every system font. */
export type VideoIconName =
  | 'play'
  | 'pause'
  | 'mute'
  | 'sound'
  | 'loop'
  | 'fullscreen'
  | 'download'
  | 'link'
  | 'image'
  | 'continue'
  | 'regenerate';

const PATHS: Record<VideoIconName, ReactNode> = {
  play: <path d="M8 5.5v13l10.5-6.5z" fill="currentColor" stroke="none" />,
  pause: <path d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" fill="currentColor" stroke="none" />,
  mute: <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4zM16 9.5l5 5M21 9.5l-5 5" />,
  sound: <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4zM16 9a4.5 4.5 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11" />,
  loop: <path d="M17 3.5l3 3-3 3M20 6.5H8a4 4 0 0 0-4 4v1M7 20.5l-3-3 3-3M4 17.5h12a4 4 0 0 0 4-4v-1" />,
  fullscreen: <path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" />,
  download: <path d="M12 4v11M7 10.5l5 5 5-5M5 19.5h14" />,
  link: (
    <path d="M10 14a4 4 0 0 0 6 .4l2.6-2.6a4 4 0 0 0-5.7-5.7L11.5 7.5M14 10a4 4 0 0 0-6-.4l-2.6 2.6a4 4 0 0 0 5.7 5.7l1.4-1.4" />
  ),
  image: <path d="M4 5h16v14H4zM4 16l4.5-4.5 4 4 2.5-2.5 5 5M15.5 9.5h.01" />,
  continue: <path d="M4 12h13M12 6l6 6-6 6M20.5 5v14" />,
  regenerate: <path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4v4.5H15" />,
};

/** A 24-unit line icon, hidden from assistive technology: its button carries the name. */
export function VideoIcon({ name }: { name: VideoIconName }): ReactNode {
  return (
    <svg
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}

/** Props of {@link IconControl}. */
export interface IconControlProps {
  /** The part it is (its class). */
  part: VideoResultPart;
  /** Its glyph. */
  icon: VideoIconName;
  /** Its accessible name and tooltip. */
  label: string;
  /** What it does. */
  onClick: () => void;
  /** For a toggle: whether it is on. */
  pressed?: boolean | undefined;
  /** Class names per part. */
  classFor: VideoResultClassFor;
}

/** A button of the player or its toolbar: a glyph, named by its label (which is also its tooltip). */
export function IconControl({ part, icon, label, onClick, pressed, classFor }: IconControlProps): ReactNode {
  return (
    <button
      type="button"
      className={classFor(part)}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      onClick={onClick}
    >
      <VideoIcon name={icon} />
    </button>
  );
}
