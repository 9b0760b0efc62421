import type { EstimateRange, SeedanceErrorCode, SeedanceFieldIssue } from '@seedance-kit/core';
import { formatEstimate } from '../internal/format-estimate';

/** Every visible (or announced) string of `VideoResult`, for translation or tone. */
export interface VideoResultLabels {
  /** Accessible name of the whole region. */
  region: string;
  /** Accessible name of the `<video>` element. */
  video: string;
  /** Status text before anything was asked: the invitation shown on the empty stage. */
  idle: string;
  /** Heading of the example prompts on the empty stage. */
  examplesHeading: string;
  /** Accessible name of an example prompt's button, e.g. `Use this prompt: A paper boat…`. */
  exampleButton: (prompt: string) => string;
  /** Status text while the request goes to the server. */
  submitting: string;
  /**
   * Status text while the kit waits to send the request again after a busy answer, e.g.
   * `The service is busy, retrying at 14:05`; the countdown (`(0:52)`) follows it outside the live region.
   */
  retrying: (time: Date) => string;
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
  /** One sentence per error code, shown after `failed`; it agrees with the one action offered beside it. */
  errors: Record<SeedanceErrorCode, string>;
  /** One field problem of a `VALIDATION_FAILED` error, in the list under the message. */
  issue: (issue: SeedanceFieldIssue) => string;
  /** When a rate-limited or over-quota request may be sent again, e.g. `Try again at 14:05.` */
  retryAt: (time: Date) => string;
  /** Billing line of a job the video service ran and failed: failed jobs are not charged. */
  billingFailed: string;
  /** Billing line of a request refused before any job started. */
  billingNotStarted: string;
  /** Billing line of a cancel the service could not stop (`remoteCancel: false`): it may still finish and charge. */
  billingCanceled: string;
  /** Billing line of a cancel that stopped the job at the service too. */
  billingCanceledRemote: string;
  /** The elapsed time while waiting, e.g. `0:07 elapsed`. */
  elapsed: (seconds: number) => string;
  /** What is left of a running generation, e.g. `~1–2 min left (estimate)`; always says it is an estimate. */
  estimateRemaining: (remainingMs: EstimateRange) => string;
  /** How long a queued generation will take once started, e.g. `~1–2 min once started (estimate)`. */
  estimateQueued: (totalMs: EstimateRange) => string;
  /** Text of the cancel button. */
  cancel: string;
  /** Text of the retry button after a failure. */
  retry: string;
  /** Text of the retry button while a rate limit lasts, e.g. `Try again in 0:42`. */
  retryIn: (seconds: number) => string;
  /** Text of the retry button after a cancel or an expiry. */
  generateAgain: string;
  /** Text of the button that clears a finished result. */
  dismiss: string;
  /** Accessible name of the player (the group that takes the keyboard shortcuts). */
  player: string;
  /** The keyboard shortcuts, shown while the player has keyboard focus and read as its description. */
  shortcuts: string;
  /** Play button. */
  play: string;
  /** Pause button. */
  pause: string;
  /** Mute button (pressed while muted). */
  mute: string;
  /** Loop button (pressed while looping). */
  loop: string;
  /** Full-screen button. */
  fullscreen: string;
  /** Accessible name of the seek slider. */
  seek: string;
  /** The position, e.g. `0:01 / 0:05` (visible) and `0:01 of 0:05` (read by the slider). */
  position: (current: number, duration: number) => string;
  /** Announced after a shortcut: playing, paused, muted, sound on, loop on or off, full screen, a new position. */
  announce: {
    playing: string;
    paused: string;
    muted: string;
    unmuted: string;
    loopOn: string;
    loopOff: string;
    fullscreen: string;
    seeked: (seconds: number) => string;
  };
  /** Accessible name of the toolbar over the video. */
  toolbar: string;
  /** Download link. */
  download: string;
  /** Copy-link button. */
  copyLink: string;
  /** Announced once the link is on the clipboard. */
  linkCopied: string;
  /** Announced when the clipboard refused the link. */
  copyFailed: string;
  /** Link that opens the last frame in a new tab. */
  openLastFrame: string;
  /** Button that starts the next generation from the last frame. */
  continueFromLastFrame: string;
  /** Button that generates again with the same seed. */
  regenerate: string;
  /** Accessible name of the job's prompt and parameters. */
  details: string;
  /** The parameters of the job, one short item each, e.g. `16:9`, `5 s`, `720p`, `Sound on`, `Seed 42`. */
  parameters: (summary: VideoResultParameters) => string[];
}

/** What {@link VideoResultLabels.parameters} describes: the job's shape, length, resolution, sound and seed. */
export interface VideoResultParameters {
  /** The aspect ratio, e.g. `16:9`. */
  aspectRatio: string;
  /** Seconds, or -1 when the model chose. */
  duration: number;
  /** `480p` or `720p`. */
  resolution: string;
  /** Whether the video has generated sound. */
  generateAudio: boolean;
  /** The seed of the video, when known. */
  seed?: number | undefined;
  /** How many reference files the job cited. */
  referenceCount?: number | undefined;
}

/** What `labels` may replace: any string, and any of the per-code messages or announcements. */
export type VideoResultLabelsInput = Partial<Omit<VideoResultLabels, 'errors' | 'announce'>> & {
  /** Per-code messages to replace, the others keep their defaults. */
  errors?: Partial<Record<SeedanceErrorCode, string>>;
  /** Announcements to replace, the others keep their defaults. */
  announce?: Partial<VideoResultLabels['announce']>;
};

/** The English strings `VideoResult` uses unless `labels` says otherwise. */
export const defaultVideoResultLabels: VideoResultLabels = {
  region: 'Generated video',
  video: 'Generated video',
  idle: 'Describe a shot and press Generate: your video will play here.',
  examplesHeading: 'Or start from one of these:',
  exampleButton: (prompt) => `Use this prompt: ${prompt}`,
  submitting: 'Sending your request…',
  retrying: (time) => `The service is busy, retrying at ${hoursAndMinutes(time)}`,
  queued: 'Waiting in the queue…',
  running: 'Generating your video…',
  succeeded: 'Your video is ready.',
  failed: 'The video could not be generated.',
  expired: 'This video has expired.',
  canceled: 'The generation was canceled.',
  errors: {
    VALIDATION_FAILED: 'Some settings need fixing:',
    UNAUTHENTICATED: 'You are signed out. Sign in, then generate again.',
    FORBIDDEN: 'You are not allowed to generate videos here.',
    NOT_FOUND: 'This generation could not be found.',
    EXPIRED: 'Finished videos are kept for one hour.',
    RATE_LIMITED: 'Too many requests at once.',
    QUOTA_EXCEEDED: 'You have reached your usage limit.',
    INSUFFICIENT_CREDITS: 'The site’s video service has run out of credits. Contact the site owner.',
    SPEND_LIMIT_REACHED: 'This site has reached its video spending limit. Contact the site owner.',
    PAYLOAD_TOO_LARGE: 'A file or the request is too large. Use smaller files.',
    UNSUPPORTED_MEDIA_TYPE: 'A file is of a type the service does not take. Use a JPEG, PNG, MP4 or MP3.',
    GENERATION_FAILED: 'The model did not finish this video.',
    CONTENT_REJECTED: 'The video service’s content rules refused this request. Change the references or the prompt.',
    UPSTREAM_REJECTED: 'The video service refused these settings. Change them, then generate again.',
    UPSTREAM_UNAVAILABLE: 'The video service is unavailable right now.',
    UPSTREAM_TIMEOUT: 'The video service took too long to answer.',
    UNAVAILABLE: 'The server is briefly unavailable.',
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
  retryAt: (time) => `Try again at ${hoursAndMinutes(time)}.`,
  billingFailed: 'Failed jobs are not charged.',
  billingNotStarted: 'Nothing was charged: no job was started.',
  billingCanceled: 'The video service cannot stop a started job, so a canceled job may still be charged.',
  billingCanceledRemote: 'The job was stopped at the video service too.',
  elapsed: (seconds) => `${clock(seconds)} elapsed`,
  estimateRemaining: (remaining) =>
    remaining.high <= 0 ? 'taking longer than estimated' : `${formatEstimate(remaining)} left (estimate)`,
  estimateQueued: (total) => `${formatEstimate(total)} once started (estimate)`,
  cancel: 'Cancel',
  retry: 'Try again',
  retryIn: (seconds) => `Try again in ${clock(seconds)}`,
  generateAgain: 'Generate again',
  dismiss: 'Dismiss',
  player: 'Video player',
  shortcuts: 'Shortcuts: Space or K play/pause, J and L back/forward 5 s, arrows 1 s, M mute, F full screen.',
  play: 'Play',
  pause: 'Pause',
  mute: 'Mute',
  loop: 'Loop',
  fullscreen: 'Full screen',
  seek: 'Position',
  position: (current, duration) => `${clock(Math.floor(current))} / ${clock(Math.round(duration))}`,
  announce: {
    playing: 'Playing',
    paused: 'Paused',
    muted: 'Muted',
    unmuted: 'Sound on',
    loopOn: 'Loop on',
    loopOff: 'Loop off',
    fullscreen: 'Full screen',
    seeked: (seconds) => `At ${clock(Math.floor(seconds))}`,
  },
  toolbar: 'Video actions',
  download: 'Download video',
  copyLink: 'Copy link',
  linkCopied: 'Link copied to the clipboard.',
  copyFailed: 'The link could not be copied.',
  openLastFrame: 'Open the last frame',
  continueFromLastFrame: 'Continue from last frame',
  regenerate: 'Regenerate with the same seed',
  details: 'Prompt and settings',
  parameters: ({ aspectRatio, duration, resolution, generateAudio, seed, referenceCount }) => [
    aspectRatio === 'adaptive' ? 'Adaptive shape' : aspectRatio,
    duration === -1 ? 'Auto length' : `${duration} s`,
    resolution,
    generateAudio ? 'Sound on' : 'No sound',
    ...(referenceCount ? [`${referenceCount} reference${referenceCount === 1 ? '' : 's'}`] : []),
    ...(seed === undefined ? [] : [`Seed ${seed}`]),
  ],
};

/** Example prompts of the empty stage: short, concrete, one camera move each. */
export const defaultExamplePrompts: readonly string[] = [
  'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
  'Close-up of a hummingbird sipping from a red flower, shallow depth of field',
  'Aerial shot over a misty pine forest at sunrise, the camera gliding forward',
];

/** `m:ss`. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** `14:05` in the reader's time zone. */
function hoursAndMinutes(time: Date): string {
  return time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
