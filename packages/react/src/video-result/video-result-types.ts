import type { SeedanceErrorCode, SeedanceFieldIssue } from '@seedance-kit/core';

/** The parts of `VideoResult` that take a class through `classNames` (each is `sd-video-result__<kebab-case>`). */
export type VideoResultPart =
  | 'frame'
  | 'placeholder'
  | 'indicator'
  | 'progress'
  | 'elapsed'
  | 'estimate'
  | 'empty'
  | 'invitation'
  | 'examplesHeading'
  | 'examples'
  | 'example'
  | 'player'
  | 'video'
  | 'controls'
  | 'playToggle'
  | 'time'
  | 'seek'
  | 'muteToggle'
  | 'loopToggle'
  | 'fullscreen'
  | 'shortcuts'
  | 'announcer'
  | 'toolbar'
  | 'download'
  | 'copyLink'
  | 'lastFrameLink'
  | 'continue'
  | 'regenerate'
  | 'details'
  | 'prompt'
  | 'parameters'
  | 'parameter'
  | 'footer'
  | 'status'
  | 'message'
  | 'reason'
  | 'countdown'
  | 'detail'
  | 'issues'
  | 'retryAt'
  | 'billing'
  | 'actions'
  | 'cancel'
  | 'retry'
  | 'dismiss';

/** An error as `VideoResult` reads it: a `SeedanceError`, or the `error` body of a job. */
export interface VideoResultError {
  /** The stable code: picks the message and the action offered. */
  code: SeedanceErrorCode;
  /** The server's message, shown as a detail when it adds to the code's own sentence. */
  message: string;
  /** Whether a retry may succeed: offers the retry button. */
  retryable: boolean;
  /** How long to wait before a retry: shows the time and holds the retry button until then. */
  retryAfterMs?: number | undefined;
  /** Field problems of `VALIDATION_FAILED`, listed. */
  issues?: SeedanceFieldIssue[] | undefined;
}

/** A retry the kit has scheduled by itself after a busy answer (a 429, a 503): shown with its time and a countdown. */
export interface VideoResultScheduledRetry {
  /** When the request goes out again, in milliseconds since the epoch. */
  at: number;
  /** The answer that made the kit wait. */
  error?: VideoResultError | undefined;
}

/** The class names of one part (`partClasses` bound to the block). */
export type VideoResultClassFor = (
  part: VideoResultPart,
  ...extra: (string | false | undefined)[]
) => string | undefined;
