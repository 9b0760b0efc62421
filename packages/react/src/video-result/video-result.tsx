'use client';

import type { AspectRatio, GenerationInput, GenerationJob, GenerationTimeEstimate } from '@seedance-kit/core';
import { estimateJobTime } from '@seedance-kit/core/internal';
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
import { useCountdown, useSecondsSince } from './use-clock';
import { VideoEmptyState } from './video-empty-state';
import { VideoJobDetails } from './video-job-details';
import { VideoPlayer } from './video-player';
import {
  defaultExamplePrompts,
  defaultVideoResultLabels,
  type VideoResultLabels,
  type VideoResultLabelsInput,
} from './video-result-labels';
import type { VideoResultError, VideoResultPart, VideoResultScheduledRetry } from './video-result-types';
import { VideoStatus } from './video-status';
import { VideoToolbar } from './video-toolbar';

export type { VideoResultError, VideoResultPart, VideoResultScheduledRetry } from './video-result-types';

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
  /** The input being generated: its prompt and parameters are shown with the result. */
  input?: GenerationInput | undefined;
  /** A retry the kit scheduled by itself after a busy answer: shown as "retrying at 14:05 (0:52)". */
  scheduledRetry?: VideoResultScheduledRetry | undefined;
  /** Cancels the generation (the Cancel button). */
  cancel?: (() => Promise<unknown>) | undefined;
  /** Runs the last input again, with overrides (Try again, Generate again, Regenerate with the same seed). */
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
   * and wires Cancel, Try again, Regenerate, Continue from last frame and Dismiss to its actions. Props given next
   * to it win over it.
   */
  generation?: VideoResultGeneration | undefined;
  /** Where the generation stands, usually `useSeedanceGeneration().status`. Default `idle`. */
  status?: GenerationStatus | undefined;
  /** The job, usually `useSeedanceGeneration().job`: its result is played, its aspect ratio shapes the frame. */
  job?: GenerationJob | undefined;
  /**
   * The input of the job shown: its prompt and parameters appear with the result. A job only keeps a summary of
   * its input (and older signers no prompt), so pass what the page sent. Default: `generation.input`.
   */
  input?: GenerationInput | undefined;
  /** Why it failed, usually `useSeedanceGeneration().error`; shown in the `failed` and `expired` states. */
  error?: VideoResultError | null | undefined;
  /** After a cancel: whether the upstream work was stopped. Default: the job's. */
  remoteCancel?: boolean | undefined;
  /** The time estimate (`useSeedanceGeneration().estimate`); default: the model's estimate for the job. */
  estimate?: GenerationTimeEstimate | undefined;
  /** A retry the kit scheduled by itself while `submitting`: its time and a countdown replace "Sending…". */
  scheduledRetry?: VideoResultScheduledRetry | undefined;
  /** The frame's shape before there is a job (e.g. the ratio picked in a form). Default `16:9`. */
  aspectRatio?: AspectRatio | undefined;
  /** The example prompts of the empty stage. Default: three short, concrete ones; `[]` shows none. */
  examplePrompts?: readonly string[] | undefined;
  /** Called by an example prompt's button (e.g. to fill the composer). Without it the examples are plain text. */
  onUseExamplePrompt?: ((prompt: string) => void) | undefined;
  /** Whether the player starts looped (the loop button toggles it). Default `false`. */
  defaultLoop?: boolean | undefined;
  /** Called by the Cancel button, shown while a generation is under way. */
  onCancel?: (() => void) | undefined;
  /** Called by the Try again (or Generate again) button, shown when a retry may succeed. */
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
  /** Replaces any of the default strings, per-code messages and announcements included. */
  labels?: VideoResultLabelsInput | undefined;
}

const CONFIRMATION_MS = 4000;

/**
 * The result stage of a generation, as wide as its container and in the job's shape. Empty, it invites a first
 * prompt with examples; while the job runs it shows the elapsed time, an estimate and Cancel (and a retry the kit
 * scheduled, with its time); once done, a player with its own controls, keyboard shortcuts and a toolbar (download,
 * copy link, open the last frame, continue from it, regenerate with the same seed), with the job's prompt and
 * parameters. A failure shows one message, the one action that fits it, and what it costs. The status is a polite
 * live region; clocks stay out of it.
 *
 * @example
 * const generation = useSeedanceGeneration();
 * <VideoResult generation={generation} input={input} onUseExamplePrompt={(prompt) => setInput({ prompt })} />
 */
export const VideoResult = /*#__PURE__*/ forwardRef<HTMLElement, VideoResultProps>(function VideoResult(
  {
    generation,
    status: statusProp,
    job: jobProp,
    input: inputProp,
    error: errorProp,
    remoteCancel: remoteCancelProp,
    estimate: estimateProp,
    scheduledRetry: scheduledRetryProp,
    aspectRatio,
    examplePrompts = defaultExamplePrompts,
    onUseExamplePrompt,
    defaultLoop = false,
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
    announce: { ...defaultVideoResultLabels.announce, ...labels?.announce },
  };
  const status = statusProp ?? generation?.status ?? 'idle';
  const job = jobProp ?? generation?.job;
  const input = inputProp ?? generation?.input;
  const shape = job?.input.aspectRatio ?? input?.aspect_ratio ?? aspectRatio ?? '16:9';
  const busy = status === 'submitting' || status === 'queued' || status === 'running';
  const finished = !busy && status !== 'idle';
  const result = status === 'succeeded' ? job?.result : undefined;
  const problem =
    status === 'failed' || status === 'expired'
      ? (errorProp ?? generation?.error ?? job?.error ?? undefined)
      : undefined;
  const remoteCancel = remoteCancelProp ?? generation?.remoteCancel ?? job?.remoteCancel;
  const scheduledRetry = status === 'submitting' ? (scheduledRetryProp ?? generation?.scheduledRetry) : undefined;

  const elapsedSeconds = useSecondsSince(busy, job?.createdAt);
  const runningSeconds = useSecondsSince(status === 'running', undefined);
  const totalMs = useMemo(
    () => (estimateProp ?? generation?.estimate ?? (job ? estimateJobTime(job.input) : undefined))?.totalMs,
    [estimateProp, generation?.estimate, job],
  );
  const retryingSeconds = useCountdown(scheduledRetry?.at);

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
  const seed = result?.seed;

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
      data-retrying={flag(scheduledRetry !== undefined)}
      data-remote-cancel={status === 'canceled' && remoteCancel !== undefined ? String(remoteCancel) : undefined}
      className={join(unstyled ? undefined : 'sd-video-result', className)}
      style={{ '--sd-video-result-aspect-ratio': aspectRatioNumber(shape), ...style } as CSSProperties}
      {...rest}
    >
      <div className={classFor('frame')} aria-busy={busy}>
        {result ? (
          <VideoPlayer
            key={result.videoUrl}
            src={result.videoUrl}
            poster={lastFrameUrl}
            defaultLoop={defaultLoop}
            text={text}
            classFor={classFor}
            toolbar={
              <VideoToolbar
                downloadUrl={result.downloadUrl}
                lastFrameUrl={lastFrameUrl}
                onCopyLink={() => void copyLink()}
                onContinue={continueFrom}
                onRegenerate={seed !== undefined && regenerate ? () => regenerate(seed) : undefined}
                text={text}
                classFor={classFor}
              />
            }
          />
        ) : status === 'idle' ? (
          <VideoEmptyState
            examplePrompts={examplePrompts}
            onUseExamplePrompt={onUseExamplePrompt}
            text={text}
            classFor={classFor}
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
        <VideoStatus
          status={status}
          problem={problem}
          job={job}
          remoteCancel={remoteCancel}
          retryingAt={scheduledRetry?.at}
          retryingSeconds={retryingSeconds}
          retryAt={retryable ? retryAt : undefined}
          notice={
            copy
              ? { text: copy === 'copied' ? text.linkCopied : text.copyFailed, failed: copy === 'failed' }
              : undefined
          }
          text={text}
          classFor={classFor}
        />
        <Actions className={classFor('actions')}>
          {busy && cancel ? (
            <button type="button" className={classFor('cancel')} onClick={cancel}>
              {text.cancel}
            </button>
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
      </div>
      {status === 'idle' ? null : (
        <VideoJobDetails summary={job?.input} input={input} seed={seed} text={text} classFor={classFor} />
      )}
    </section>
  );
});

/** The row of buttons, left out when it would be empty (an empty flex row still takes its gap). */
function Actions({ className, children }: { className: string | undefined; children: ReactNode[] }) {
  return children.some(Boolean) ? <div className={className}>{children}</div> : null;
}

/** Width over height as a plain number, which CSS can use both in `aspect-ratio` and in `calc()`. */
function aspectRatioNumber(aspectRatio: AspectRatio): number {
  // `adaptive` follows the references, so the final shape is unknown until the video plays: 16:9 is the common case.
  const [width, height] = (aspectRatio === 'adaptive' ? '16:9' : aspectRatio).split(':').map(Number);
  return Math.round((width! / height!) * 10_000) / 10_000;
}

function flag(on: boolean): '' | undefined {
  return on ? '' : undefined;
}

function ignore(): void {
  // The outcome is shown from the generation's state; the promise is only drained.
}
