'use client';

import type { AspectRatio, GenerationJob, SeedanceError } from '@seedance-kit/core';
import { type ComponentPropsWithoutRef, type CSSProperties, forwardRef, useEffect, useRef, useState } from 'react';
import type { GenerationStatus } from '../use-seedance-generation';

/** The parts of {@link VideoResult} that take a class through `classNames`. */
export type VideoResultPart =
  | 'frame'
  | 'placeholder'
  | 'indicator'
  | 'video'
  | 'elapsed'
  | 'footer'
  | 'status'
  | 'error'
  | 'download';

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
  /** Status text when the generation failed; the error message follows it. */
  failed: string;
  /** Status text when the job is gone from the upstream (results are kept for one hour). */
  expired: string;
  /** Status text when the generation was canceled on purpose. */
  canceled: string;
  /** Text of the download link. */
  download: string;
  /** The elapsed time while waiting, e.g. `0:07 elapsed`. */
  elapsed: (seconds: number) => string;
}

/** Props of {@link VideoResult}. Unknown props and `ref` go to the root `<section>`. */
export interface VideoResultProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /** Where the generation stands, usually `useSeedanceGeneration().status`. Default `idle`. */
  status?: GenerationStatus;
  /** The job, usually `useSeedanceGeneration().job`: its result is played, its aspect ratio shapes the frame. */
  job?: GenerationJob | undefined;
  /** Why it failed, usually `useSeedanceGeneration().error`; shown in the `failed` and `expired` states. */
  error?: SeedanceError | null | undefined;
  /** The frame's shape before there is a job (e.g. the ratio picked in a form). Default `16:9`. */
  aspectRatio?: AspectRatio | undefined;
  /** Drops every built-in class (so `styles.css` no longer applies) but keeps the ARIA and `data-*` attributes. */
  unstyled?: boolean;
  /** Extra classes per part, kept when `unstyled`. */
  classNames?: Partial<Record<VideoResultPart, string>>;
  /** Replaces any of the default strings. */
  labels?: Partial<VideoResultLabels>;
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
  download: 'Download video',
  elapsed: (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} elapsed`,
};

/**
 * Shows one generation: a placeholder in the right shape, progress with the elapsed time, then the video with a
 * download link, or what went wrong. The status text is a polite live region, so screen readers hear each step.
 *
 * @example
 * const generation = useSeedanceGeneration();
 * <VideoResult status={generation.status} job={generation.job} error={generation.error} />
 */
export const VideoResult = forwardRef<HTMLElement, VideoResultProps>(function VideoResult(
  { status = 'idle', job, error, aspectRatio, unstyled = false, classNames, labels, className, style, ...rest },
  ref,
) {
  const text = { ...defaultVideoResultLabels, ...labels };
  const shape = job?.input.aspectRatio ?? aspectRatio ?? '16:9';
  const busy = status === 'submitting' || status === 'queued' || status === 'running';
  const elapsedSeconds = useElapsedSeconds(busy, job?.createdAt);
  const result = status === 'succeeded' ? job?.result : undefined;
  const shownError = status === 'failed' || status === 'expired' ? (error?.message ?? job?.error?.message) : undefined;
  const classFor = (part: VideoResultPart) =>
    join(unstyled ? undefined : `sd-video-result__${part}`, classNames?.[part]);

  return (
    <section
      ref={ref}
      aria-label={text.region}
      aria-busy={busy}
      data-state={status}
      data-aspect-ratio={shape}
      className={join(unstyled ? undefined : 'sd-video-result', className)}
      style={
        {
          '--sd-video-result-aspect-ratio': aspectRatioNumber(shape),
          ...style,
        } as CSSProperties
      }
      {...rest}
    >
      <div className={classFor('frame')}>
        {result ? (
          // biome-ignore lint/a11y/useMediaCaption: the model returns no transcript, so there is no caption track to offer.
          <video
            key={result.videoUrl}
            className={classFor('video')}
            aria-label={text.video}
            controls
            playsInline
            preload="metadata"
            src={result.videoUrl}
          />
        ) : (
          <div className={classFor('placeholder')}>
            <span className={classFor('indicator')} aria-hidden="true" />
            {busy ? (
              // Outside the live region on purpose: a clock read aloud every second would drown the status.
              <span className={classFor('elapsed')}>{text.elapsed(elapsedSeconds)}</span>
            ) : null}
          </div>
        )}
      </div>
      <div className={classFor('footer')}>
        <p role="status" className={classFor('status')}>
          {text[status]}
          {shownError ? <span className={classFor('error')}> {shownError}</span> : null}
        </p>
        {result ? (
          <a className={classFor('download')} href={result.downloadUrl} download>
            {text.download}
          </a>
        ) : null}
      </div>
    </section>
  );
});

/** Whole seconds since the current busy stretch began, ticking once a second while `active`. */
function useElapsedSeconds(active: boolean, createdAt: string | undefined): number {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Read through a ref: a new job id or timestamp mid-way must not restart the clock the user is watching.
  const createdAtRef = useRef(createdAt);
  useEffect(() => {
    createdAtRef.current = createdAt;
  });
  useEffect(() => {
    if (!active) {
      setStartedAt(null);
      return;
    }
    const current = Date.now();
    const created = createdAtRef.current === undefined ? Number.NaN : Date.parse(createdAtRef.current);
    // A resumed job counts from its creation; a server clock ahead of ours must not show negative time.
    setStartedAt((previous) => previous ?? (Number.isNaN(created) ? current : Math.min(created, current)));
    setNow(current);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** Width over height as a plain number, which CSS can use both in `aspect-ratio` and in `calc()`. */
function aspectRatioNumber(aspectRatio: AspectRatio): number {
  // `adaptive` follows the references, so the final shape is unknown until the video plays: 16:9 is the common case.
  const [width, height] = (aspectRatio === 'adaptive' ? '16:9' : aspectRatio).split(':').map(Number);
  return Math.round((width! / height!) * 10_000) / 10_000;
}

function join(...classes: (string | undefined)[]): string | undefined {
  const joined = classes.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}
