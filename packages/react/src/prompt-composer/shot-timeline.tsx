import { AUTO_DURATION, type Duration, type ShotProblem } from '@seedance-kit/core';
import type { CSSProperties, ReactNode } from 'react';
import type { PromptComposerLabels } from './prompt-composer-labels';
import type { ClassFor, DraftShot } from './prompt-composer-parts';

/** Props of {@link ShotTimeline}. */
export interface ShotTimelineProps {
  /** The shots as edited, in the order the model reads them. */
  shots: readonly DraftShot[];
  /** The chosen duration: the length of the bar (the shots' end with `auto`). */
  duration: Duration;
  /** The problems `checkShots` found, to mark the shots concerned. */
  problems: readonly ShotProblem[];
  /** The prompt composed from the shots, previewed as the model will read it. */
  prompt: string;
  /** The composer's strings. */
  text: PromptComposerLabels;
  /** The composer's class of a part. */
  classFor: ClassFor;
  /** A built-in class, or none when unstyled. */
  own: (name: string) => string | undefined;
}

/** A span of the bar, in seconds. */
interface Span {
  start: number;
  end: number;
}

/**
 * The shots drawn against the video's length: one block per shot, the gaps (time no shot covers) and overlaps
 * (time two shots claim) marked, a line where the chosen duration ends; then the composed prompt, live.
 */
export function ShotTimeline({ shots, duration, problems, prompt, text, classFor, own }: ShotTimelineProps): ReactNode {
  const lastEnd = Math.max(0, ...shots.map((shot) => Math.max(shot.start, shot.end)));
  const length = duration === AUTO_DURATION ? Math.max(lastEnd, 1) : Math.max(duration, lastEnd);
  const at = (span: Span): CSSProperties =>
    ({
      '--_sd-from': `${(Math.max(0, span.start) / length) * 100}%`,
      '--_sd-width': `${(Math.max(0, span.end - span.start) / length) * 100}%`,
    }) as CSSProperties;
  const { gaps, overlaps } = coverage(shots, duration === AUTO_DURATION ? lastEnd : duration);
  const summary = text.timelineSummary(
    shots.map((shot, position) => ({ index: position + 1, start: shot.start, end: shot.end })),
    duration,
    gaps.length,
    overlaps.length,
  );
  return (
    <div className={classFor('timeline')}>
      <div role="img" aria-label={summary} className={own('sd-prompt-composer__timeline-track')}>
        {gaps.map((gap) => (
          <span key={`gap-${gap.start}`} className={own('sd-prompt-composer__timeline-gap')} style={at(gap)} />
        ))}
        {shots.map((shot, position) => (
          <span
            key={shot.id}
            className={own('sd-prompt-composer__timeline-shot')}
            data-invalid={problems.some((problem) => problem.position === position) ? '' : undefined}
            style={at(shot)}
          >
            {position + 1}
          </span>
        ))}
        {overlaps.map((overlap) => (
          <span
            key={`overlap-${overlap.start}`}
            className={own('sd-prompt-composer__timeline-overlap')}
            style={at(overlap)}
          />
        ))}
        {duration !== AUTO_DURATION && lastEnd > duration ? (
          <span
            className={own('sd-prompt-composer__timeline-limit')}
            style={{ '--_sd-from': `${(duration / length) * 100}%` } as CSSProperties}
          />
        ) : null}
      </div>
      <div aria-hidden="true" className={own('sd-prompt-composer__timeline-scale')}>
        <span>0 s</span>
        <span>{duration === AUTO_DURATION ? text.durationOption(AUTO_DURATION) : `${length} s`}</span>
      </div>
      <details className={own('sd-prompt-composer__preview')}>
        <summary>{text.composedPrompt}</summary>
        <pre className={own('sd-prompt-composer__preview-text')}>{prompt}</pre>
      </details>
    </div>
  );
}

/** The time no shot covers (within `length`, when known) and the time more than one shot claims. */
function coverage(shots: readonly DraftShot[], length: number): { gaps: Span[]; overlaps: Span[] } {
  const points = [...new Set([0, length, ...shots.flatMap((shot) => [shot.start, shot.end])])]
    .filter((point) => point >= 0 && Number.isFinite(point))
    .sort((a, b) => a - b);
  const gaps: Span[] = [];
  const overlaps: Span[] = [];
  const add = (list: Span[], span: Span) => {
    const last = list[list.length - 1];
    if (last !== undefined && last.end === span.start) last.end = span.end;
    else list.push(span);
  };
  for (let index = 0; index + 1 < points.length; index += 1) {
    const span = { start: points[index] as number, end: points[index + 1] as number };
    const covering = shots.filter((shot) => shot.start <= span.start && shot.end >= span.end && shot.end > shot.start);
    if (covering.length === 0 && span.end <= length) add(gaps, span);
    if (covering.length > 1) add(overlaps, span);
  }
  return { gaps, overlaps };
}
