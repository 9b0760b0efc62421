import type { EstimateRange, SeedanceErrorCode, SeedanceFieldIssue } from '@seedance-kit/core';

/** Every visible (or announced) string of `VideoResult`, for translation or tone. */
export interface VideoResultLabels {
  /** Accessible name of the whole region. */
  region: string;
  /** Accessible name of the `<video>` element. */
  video: string;
  /** Status text before anything was asked. */
  idle: string;
  /** Status text while the request goes to the server. */
  submitting: string;
  /** Status text while the job waits for a worker. */
  queued: string;
  /** Status text while the video is generated. */
  running: string;
  /** Status text once the video is ready. */
  succeeded: string;
  /** Status text when the generation failed; the message of the error code follows it. */
  failed: string;
  /** Status text when the job is gone from the upstream (results are kept for one hour). */
  expired: string;
  /** Status text when the generation was canceled on purpose (shown neutrally: it is not an error). */
  canceled: string;
  /** Shown after a cancel the service could not stop (`remoteCancel: false`): it may still finish the job. */
  canceledNote: string;
  /** One sentence per error code, shown after `failed`; the server's own message follows as a detail. */
  errors: Record<SeedanceErrorCode, string>;
  /** One field problem of a `VALIDATION_FAILED` error, in the list under the message. */
  issue: (issue: SeedanceFieldIssue) => string;
  /** When a rate-limited or over-quota request may be sent again, e.g. `Try again at 14:05`. */
  retryAt: (time: Date) => string;
  /** The elapsed time while waiting, e.g. `0:07 elapsed`. */
  elapsed: (seconds: number) => string;
  /** What is left of a running generation, e.g. `about 1-2 min left (estimate)`; always says it is an estimate. */
  estimateRemaining: (remainingMs: EstimateRange) => string;
  /** How long a queued generation will take once started, e.g. `takes about 1-2 min once started (estimate)`. */
  estimateQueued: (totalMs: EstimateRange) => string;
  /** Text of the cancel button. */
  cancel: string;
  /** Text of the retry button after a failure. */
  retry: string;
  /** Text of the retry button while a rate limit lasts, e.g. `Try again in 0:42`. */
  retryIn: (seconds: number) => string;
  /** Text of the retry button after a cancel or an expiry. */
  generateAgain: string;
  /** Text of the download link. */
  download: string;
  /** Text of the copy-link button. */
  copyLink: string;
  /** Announced once the link is on the clipboard. */
  linkCopied: string;
  /** Announced when the clipboard refused the link. */
  copyFailed: string;
  /** The seed of the video, e.g. `Seed 42`. */
  seed: (seed: number) => string;
  /** Text of the button that generates again with the same seed. */
  regenerate: string;
  /** Accessible name of the last-frame group. */
  lastFrame: string;
  /** Text of the link that opens the last frame (around its thumbnail). */
  openLastFrame: string;
  /** Text of the button that starts the next generation from the last frame. */
  continueFromLastFrame: string;
  /** Text of the button that clears a finished result. */
  dismiss: string;
}

/** What `labels` may replace: any string, and any of the per-code messages. */
export type VideoResultLabelsInput = Partial<Omit<VideoResultLabels, 'errors'>> & {
  /** Per-code messages to replace, the others keep their defaults. */
  errors?: Partial<Record<SeedanceErrorCode, string>>;
};

/** The English strings `VideoResult` uses unless `labels` says otherwise. */
export const defaultVideoResultLabels: VideoResultLabels = {
  region: 'Generated video',
  video: 'Generated video',
  idle: 'Your video will appear here.',
  submitting: 'Sending your request…',
  queued: 'Waiting in the queue…',
  running: 'Generating your video…',
  succeeded: 'Your video is ready.',
  failed: 'The video could not be generated.',
  expired: 'This video has expired.',
  canceled: 'The generation was canceled.',
  canceledNote: 'The video service may still finish it; it will not be shown here.',
  errors: {
    VALIDATION_FAILED: 'Some settings need fixing:',
    UNAUTHENTICATED: 'You are signed out. Sign in and try again.',
    FORBIDDEN: 'You are not allowed to generate videos here.',
    NOT_FOUND: 'This generation could not be found.',
    EXPIRED: 'Finished videos are kept for one hour. Generate it again.',
    RATE_LIMITED: 'Too many requests at once.',
    QUOTA_EXCEEDED: 'You have reached your usage limit.',
    INSUFFICIENT_CREDITS: 'The video service has run out of credits. Contact the site owner.',
    SPEND_LIMIT_REACHED: 'This site has reached its video spending limit. Contact the site owner.',
    PAYLOAD_TOO_LARGE: 'A file or the request is too large.',
    UNSUPPORTED_MEDIA_TYPE: 'A file is of a type the service does not take.',
    GENERATION_FAILED: 'The model could not make this video. Change the prompt or the references and try again.',
    CONTENT_REJECTED: 'The video service’s content rules refused this request. Change the references or the prompt.',
    UPSTREAM_REJECTED: 'The video service refused the request. Change it and try again.',
    UPSTREAM_UNAVAILABLE: 'The video service is unavailable right now.',
    UPSTREAM_TIMEOUT: 'The video service took too long to answer.',
    UNAVAILABLE: 'The server is briefly unavailable. Still trying…',
    MISCONFIGURED: 'Video generation is not set up correctly on this site. Contact the site owner.',
    NETWORK_ERROR: 'The server could not be reached. Check your connection.',
    CANCELED: 'The generation was canceled.',
    INTERNAL: 'Something went wrong on the server.',
  },
  issue: (issue) => {
    // `input.` is the envelope of the request, not a field a person knows.
    const path = (issue.path[0] === 'input' ? issue.path.slice(1) : issue.path).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  },
  retryAt: (time) =>
    `Try again at ${time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}.`,
  elapsed: (seconds) => `${clock(seconds)} elapsed`,
  estimateRemaining: (remaining) =>
    remaining.high <= 0 ? 'taking longer than estimated' : `${about(remaining)} left (estimate)`,
  estimateQueued: (total) => `takes ${about(total)} once started (estimate)`,
  cancel: 'Cancel',
  retry: 'Try again',
  retryIn: (seconds) => `Try again in ${clock(seconds)}`,
  generateAgain: 'Generate again',
  download: 'Download video',
  copyLink: 'Copy link',
  linkCopied: 'Link copied to the clipboard.',
  copyFailed: 'The link could not be copied.',
  seed: (seed) => `Seed ${seed}`,
  regenerate: 'Regenerate with the same seed',
  lastFrame: 'Last frame',
  openLastFrame: 'Open the last frame',
  continueFromLastFrame: 'Continue from last frame',
  dismiss: 'Dismiss',
};

/** `m:ss`. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** `about 1-2 min`, `about 20-45 s`, `up to 30 s`: rounded, since an estimate to the second claims a precision it lacks. */
function about(range: EstimateRange): string {
  const minutes = range.high >= 60_000;
  const unit = minutes ? 60_000 : 5000;
  const scale = minutes ? 1 : 5;
  const high = Math.max(1, Math.ceil(range.high / unit)) * scale;
  const suffix = minutes ? 'min' : 's';
  if (range.low <= 0) return `up to ${high} ${suffix}`;
  const low = Math.min(high, Math.max(1, Math.round(range.low / unit)) * scale);
  return low === high ? `about ${low} ${suffix}` : `about ${low}-${high} ${suffix}`;
}
