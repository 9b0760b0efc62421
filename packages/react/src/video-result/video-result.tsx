'use client';

import {
  type AspectRatio,
  type EstimateRange,
  estimateJobTime,
  type GenerationInput,
  type GenerationJob,
  type GenerationTimeEstimate,
  type SeedanceErrorCode,
  type SeedanceFieldIssue,
} from '@seedance-kit/core';
import {
  type ComponentPropsWithoutRef,
  type CSSProperties,
  forwardRef,
  type ReactNode,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { absoluteUrl, join, partClasses } from '../internal/dom';
import type { GenerationStatus } from '../use-seedance-generation';

/** The parts of {@link VideoResult} that take a class through `classNames`. */
export type VideoResultPart =
  | 'frame'
  | 'placeholder'
  | 'indicator'
  | 'video'
  | 'progress'
  | 'elapsed'
  | 'estimate'
  | 'footer'
  | 'status'
  | 'message'
  | 'reason'
  | 'detail'
  | 'issues'
  | 'retryAt'
  | 'note'
  | 'copied'
  | 'seed'
  | 'actions'
  | 'cancel'
  | 'retry'
  | 'download'
  | 'copyLink'
  | 'regenerate'
  | 'dismiss'
  | 'lastFrame'
  | 'lastFrameLink'
  | 'lastFrameImage'
  | 'continue';

/** Every visible (or announced) string of {@link VideoResult}, for translation or tone. */
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

/** An error as {@link VideoResult} reads it: a `SeedanceError`, or the `error` body of a job. */
export interface VideoResultError {
  /** The stable code: picks the message and the action offered. */
  code: SeedanceErrorCode;
  /** The server's message, shown as a detail. */
  message: string;
  /** Whether a retry may succeed: offers the retry button. */
  retryable: boolean;
  /** How long to wait before a retry: shows the time and holds the retry button until then. */
  retryAfterMs?: number | undefined;
  /** Field problems of `VALIDATION_FAILED`, listed. */
  issues?: SeedanceFieldIssue[] | undefined;
}

/**
 * The part of `useSeedanceGeneration()`'s result {@link VideoResult} uses: pass the whole result as `generation`
 * and the state, the estimate and every action are wired.
 */
export interface VideoResultGeneration {
  /** Where the generation stands. */
  status: GenerationStatus;
  /** The job being shown. */
  job?: GenerationJob | undefined;
  /** Why it failed. */
  error?: VideoResultError | null | undefined;
  /** After a cancel: whether the upstream work was stopped too. */
  remoteCancel?: boolean | undefined;
  /** The time estimate; its total is counted down by the component's own clock. */
  estimate?: GenerationTimeEstimate | undefined;
  /** Cancels the generation (the Cancel button). */
  cancel?: (() => Promise<unknown>) | undefined;
  /** Runs the last input again, with overrides (Retry, Generate again, Regenerate with the same seed). */
  retry?: ((overrides?: Partial<GenerationInput>) => Promise<unknown>) | undefined;
  /** Returns to idle (the Dismiss button). */
  reset?: (() => void) | undefined;
  /** The next input of a chain, from the last frame (Continue from last frame). */
  continueFromLastFrame?: ((overrides?: Partial<GenerationInput>) => GenerationInput | null) | undefined;
  /** Starts a generation (Continue from last frame, when no `onContinueFromLastFrame` is given). */
  generate?: ((input: GenerationInput) => Promise<unknown>) | undefined;
}

/** Props of {@link VideoResult}. Unknown props and `ref` go to the root `<section>`. */
export interface VideoResultProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /**
   * The whole `useSeedanceGeneration()` result: supplies `status`, `job`, `error`, `remoteCancel` and `estimate`,
   * and wires Cancel, Retry, Regenerate, Continue from last frame and Dismiss to its actions. Props given next to it
   * win over it.
   */
  generation?: VideoResultGeneration | undefined;
  /** Where the generation stands, usually `useSeedanceGeneration().status`. Default `idle`. */
  status?: GenerationStatus | undefined;
  /** The job, usually `useSeedanceGeneration().job`: its result is played, its aspect ratio shapes the frame. */
  job?: GenerationJob | undefined;
  /** Why it failed, usually `useSeedanceGeneration().error`; shown in the `failed` and `expired` states. */
  error?: VideoResultError | null | undefined;
  /** After a cancel: whether the upstream work was stopped. `false` adds an honest note. Default: the job's. */
  remoteCancel?: boolean | undefined;
  /** The time estimate (`useSeedanceGeneration().estimate`); default: the model's estimate for the job. */
  estimate?: GenerationTimeEstimate | undefined;
  /** The frame's shape before there is a job (e.g. the ratio picked in a form). Default `16:9`. */
  aspectRatio?: AspectRatio | undefined;
  /** Called by the Cancel button, shown while a generation is under way. */
  onCancel?: (() => void) | undefined;
  /** Called by the Retry (or Generate again) button, shown when a retry may succeed. */
  onRetry?: (() => void) | undefined;
  /** Called by "Regenerate with the same seed" with the seed of the video shown. */
  onRegenerate?: ((seed: number) => void) | undefined;
  /**
   * Called by "Continue from last frame" with the last frame's absolute URL and, when `generation` is given, the
   * next input (`generation.continueFromLastFrame()`). Without it, `generation` generates that input at once.
   */
  onContinueFromLastFrame?: ((lastFrameUrl: string, nextInput: GenerationInput | null) => void) | undefined;
  /** Called by the Dismiss button, shown once the generation has finished (usually `reset`). */
  onDismiss?: (() => void) | undefined;
  /** Drops every built-in class (so `styles.css` no longer applies) but keeps the ARIA and `data-*` attributes. */
  unstyled?: boolean | undefined;
  /** Extra classes per part, kept when `unstyled`. */
  classNames?: Partial<Record<VideoResultPart, string>> | undefined;
  /** Replaces any of the default strings, per-code messages included. */
  labels?: VideoResultLabelsInput | undefined;
}

/** The English strings {@link VideoResult} uses unless `labels` says otherwise. */
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

const CONFIRMATION_MS = 4000;

/**
 * Shows one generation: a placeholder in the right shape; progress with the elapsed time, an estimate and Cancel;
 * the video with Download, Copy link, the seed, Regenerate, the last frame and Continue from it; or what went wrong
 * with the action that fits the error code (retry, wait until a time, fix a field, contact the site owner). A
 * cancel is shown neutrally. The status is a polite live region; clocks stay out of it.
 *
 * @example
 * const generation = useSeedanceGeneration();
 * <VideoResult generation={generation} />
 * // or piece by piece:
 * <VideoResult status={generation.status} job={generation.job} error={generation.error} onCancel={generation.cancel} />
 */
export const VideoResult = forwardRef<HTMLElement, VideoResultProps>(function VideoResult(
  {
    generation,
    status: statusProp,
    job: jobProp,
    error: errorProp,
    remoteCancel: remoteCancelProp,
    estimate: estimateProp,
    aspectRatio,
    onCancel,
    onRetry,
    onRegenerate,
    onContinueFromLastFrame,
    onDismiss,
    unstyled = false,
    classNames,
    labels,
    className,
    style,
    ...rest
  },
  ref,
) {
  const text: VideoResultLabels = {
    ...defaultVideoResultLabels,
    ...labels,
    errors: { ...defaultVideoResultLabels.errors, ...labels?.errors },
  };
  const status = statusProp ?? generation?.status ?? 'idle';
  const job = jobProp ?? generation?.job;
  const shape = job?.input.aspectRatio ?? aspectRatio ?? '16:9';
  const busy = status === 'submitting' || status === 'queued' || status === 'running';
  const finished = !busy && status !== 'idle';
  const result = status === 'succeeded' ? job?.result : undefined;
  const problem =
    status === 'failed' || status === 'expired'
      ? (errorProp ?? generation?.error ?? job?.error ?? undefined)
      : undefined;
  const remoteCancel = remoteCancelProp ?? generation?.remoteCancel ?? job?.remoteCancel;

  const elapsedSeconds = useSecondsSince(busy, job?.createdAt);
  const runningSeconds = useSecondsSince(status === 'running', undefined);
  const totalMs = useMemo(
    () => (estimateProp ?? generation?.estimate ?? (job ? estimateJobTime(job.input) : undefined))?.totalMs,
    [estimateProp, generation?.estimate, job],
  );

  // A wait is counted from when this error was first shown, which is when the server answered.
  const retryAt = useMemo(
    () => (problem?.retryAfterMs === undefined ? undefined : Date.now() + problem.retryAfterMs),
    [problem],
  );
  const waitSeconds = useCountdown(retryAt);
  const [copy, setCopy] = useState<'copied' | 'failed' | undefined>(undefined);
  const copyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(copyTimer.current), []);
  // A new video is a new link: an old confirmation must not stay next to it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new video only.
  useEffect(() => setCopy(undefined), [result?.videoUrl]);

  const cancel = onCancel ?? (generation?.cancel ? () => void generation.cancel?.().catch(ignore) : undefined);
  const retry = onRetry ?? (generation?.retry ? () => void generation.retry?.().catch(ignore) : undefined);
  const regenerate =
    onRegenerate ?? (generation?.retry ? (seed: number) => void generation.retry?.({ seed }).catch(ignore) : undefined);
  const dismiss = onDismiss ?? generation?.reset;
  const lastFrameUrl = result?.lastFrameUrl;
  const continueFrom =
    lastFrameUrl === undefined
      ? undefined
      : onContinueFromLastFrame
        ? () => onContinueFromLastFrame(absoluteUrl(lastFrameUrl), generation?.continueFromLastFrame?.() ?? null)
        : generation?.generate && generation.continueFromLastFrame
          ? () => {
              const next = generation.continueFromLastFrame?.();
              if (next) void generation.generate?.(next).catch(ignore);
            }
          : undefined;

  const copyLink = async () => {
    if (!result) return;
    clearTimeout(copyTimer.current);
    try {
      await navigator.clipboard.writeText(absoluteUrl(result.videoUrl));
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
    copyTimer.current = setTimeout(() => setCopy(undefined), CONFIRMATION_MS);
  };

  const waiting = waitSeconds > 0;
  const retryable = problem !== undefined && (problem.retryable || problem.code === 'EXPIRED');
  const showRetry = retry !== undefined && (retryable || status === 'canceled');
  const classFor = partClasses<VideoResultPart>('video-result', unstyled, classNames);
  const message =
    status === 'failed' && problem ? text.errors[problem.code] : status === 'expired' ? text.errors.EXPIRED : undefined;
  const detail = problem && problem.message !== message && problem.code !== 'VALIDATION_FAILED' ? problem.message : '';
  const issues = problem?.code === 'VALIDATION_FAILED' ? (problem.issues ?? []) : [];

  return (
    <section
      ref={ref}
      aria-label={text.region}
      data-state={status}
      data-aspect-ratio={shape}
      data-busy={flag(busy)}
      data-has-video={flag(result !== undefined)}
      data-has-last-frame={flag(lastFrameUrl !== undefined)}
      data-error-code={problem?.code}
      data-retryable={flag(retryable)}
      data-waiting={flag(waiting)}
      data-remote-cancel={status === 'canceled' && remoteCancel !== undefined ? String(remoteCancel) : undefined}
      className={join(unstyled ? undefined : 'sd-video-result', className)}
      style={{ '--sd-video-result-aspect-ratio': aspectRatioNumber(shape), ...style } as CSSProperties}
      {...rest}
    >
      <div className={classFor('frame')} aria-busy={busy}>
        {result ? (
          // biome-ignore lint/a11y/useMediaCaption: the model returns no transcript, so there is no caption track to offer.
          <video
            key={result.videoUrl}
            className={classFor('video')}
            aria-label={text.video}
            controls
            playsInline
            // Metadata first: the browser then fetches the first frame by range without downloading the whole file.
            preload="metadata"
            src={result.videoUrl}
          />
        ) : (
          <div className={classFor('placeholder')}>
            <span className={classFor('indicator')} aria-hidden="true" />
            {busy ? (
              // Outside the live region on purpose: a clock read aloud every second would drown the status.
              <p className={classFor('progress')}>
                <span className={classFor('elapsed')}>{text.elapsed(elapsedSeconds)}</span>
                {totalMs && (status === 'queued' || status === 'running') ? (
                  <span className={classFor('estimate')}>
                    {status === 'queued'
                      ? text.estimateQueued(totalMs)
                      : text.estimateRemaining({
                          low: Math.max(0, totalMs.low - runningSeconds * 1000),
                          high: Math.max(0, totalMs.high - runningSeconds * 1000),
                        })}
                  </span>
                ) : null}
              </p>
            ) : null}
          </div>
        )}
      </div>
      <div className={classFor('footer')}>
        <div role="status" className={classFor('status')}>
          <p className={classFor('message')}>
            {text[status]}
            {message ? <span className={classFor('reason')}> {message}</span> : null}
          </p>
          {detail ? <p className={classFor('detail')}>{detail}</p> : null}
          {issues.length > 0 ? (
            <ul className={classFor('issues')}>
              {issues.map((issue) => (
                <li key={`${issue.path.join('.')}:${issue.message}`}>{text.issue(issue)}</li>
              ))}
            </ul>
          ) : null}
          {retryAt !== undefined && retryable ? (
            <p className={classFor('retryAt')}>{text.retryAt(new Date(retryAt))}</p>
          ) : null}
          {status === 'canceled' && remoteCancel === false ? (
            <p className={classFor('note')}>{text.canceledNote}</p>
          ) : null}
          {copy ? (
            <p className={classFor('copied')} data-copy={copy}>
              {copy === 'copied' ? text.linkCopied : text.copyFailed}
            </p>
          ) : null}
        </div>
        {result?.seed !== undefined ? <p className={classFor('seed')}>{text.seed(result.seed)}</p> : null}
      </div>
      <Actions className={classFor('actions')}>
        {busy && cancel ? (
          <button type="button" className={classFor('cancel')} onClick={cancel}>
            {text.cancel}
          </button>
        ) : null}
        {result ? (
          <>
            <a className={classFor('download')} href={result.downloadUrl} download>
              {text.download}
            </a>
            <button type="button" className={classFor('copyLink')} onClick={() => void copyLink()}>
              {text.copyLink}
            </button>
            {result.seed !== undefined && regenerate ? (
              <button type="button" className={classFor('regenerate')} onClick={() => regenerate(result.seed!)}>
                {text.regenerate}
              </button>
            ) : null}
          </>
        ) : null}
        {showRetry ? (
          <button
            type="button"
            className={classFor('retry')}
            disabled={waiting}
            // The countdown is in the button's name, which is not a live region: nothing is read out every second.
            onClick={retry}
          >
            {waiting
              ? text.retryIn(waitSeconds)
              : status === 'failed' && problem?.code !== 'EXPIRED'
                ? text.retry
                : text.generateAgain}
          </button>
        ) : null}
        {finished && dismiss ? (
          <button type="button" className={classFor('dismiss')} onClick={dismiss}>
            {text.dismiss}
          </button>
        ) : null}
      </Actions>
      {lastFrameUrl !== undefined ? (
        <figure aria-label={text.lastFrame} className={classFor('lastFrame')}>
          <a className={classFor('lastFrameLink')} href={lastFrameUrl} target="_blank" rel="noopener">
            <img className={classFor('lastFrameImage')} src={lastFrameUrl} alt="" loading="lazy" decoding="async" />
            <span>{text.openLastFrame}</span>
          </a>
          {continueFrom ? (
            <button type="button" className={classFor('continue')} onClick={continueFrom}>
              {text.continueFromLastFrame}
            </button>
          ) : null}
        </figure>
      ) : null}
    </section>
  );
});

/** The row of buttons, left out when it would be empty (an empty flex row still takes its gap). */
function Actions({ className, children }: { className: string | undefined; children: ReactNode[] }) {
  return children.some(Boolean) ? <div className={className}>{children}</div> : null;
}

/** Whole seconds since `active` turned on (or since `since`, when earlier), ticking once a second while active. */
function useSecondsSince(active: boolean, since: string | undefined): number {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Read through a ref: a new job id or timestamp mid-way must not restart the clock the user is watching.
  const sinceRef = useRef(since);
  useEffect(() => {
    sinceRef.current = since;
  });
  useEffect(() => {
    if (!active) {
      setStartedAt(null);
      return;
    }
    const current = Date.now();
    const created = sinceRef.current === undefined ? Number.NaN : Date.parse(sinceRef.current);
    // A resumed job counts from its creation; a server clock ahead of ours must not show negative time.
    setStartedAt((previous) => previous ?? (Number.isNaN(created) ? current : Math.min(created, current)));
    setNow(current);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** Whole seconds left until `until` (rounded up), ticking once a second until it is reached. */
function useCountdown(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/** Width over height as a plain number, which CSS can use both in `aspect-ratio` and in `calc()`. */
function aspectRatioNumber(aspectRatio: AspectRatio): number {
  // `adaptive` follows the references, so the final shape is unknown until the video plays: 16:9 is the common case.
  const [width, height] = (aspectRatio === 'adaptive' ? '16:9' : aspectRatio).split(':').map(Number);
  return Math.round((width! / height!) * 10_000) / 10_000;
}

/** `m:ss`. */
function clock(seconds: number): string {
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

function flag(on: boolean): '' | undefined {
  return on ? '' : undefined;
}

function ignore(): void {
  // The outcome is shown from the generation's state; the promise is only drained.
}
