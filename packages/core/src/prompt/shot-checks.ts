// The timeline checks of multi-shot prompts, apart from parsing and formatting so that a UI can load them with its
// shot editor.

import { AUTO_DURATION } from '../generation-input';
import { formatTimestamp, type Shot } from './shots';

/** One timeline problem of a multi-shot prompt. */
export interface ShotProblem {
  /** What is wrong: a shot ending before it starts, shots that overlap, a gap, or a shot past the video's end. */
  kind: 'invalid-range' | 'overlap' | 'gap' | 'overrun';
  /** The position of the shot concerned in the list (0-based). */
  position: number;
  /** The number of the shot concerned, as shown to people (`Shot 2`). */
  index: number;
  /** What is wrong and what to do, for a person. */
  message: string;
}

/**
 * Checks a shot timeline against the video length: a shot that ends before it starts, shots that overlap, gaps
 * between shots (or before the first, or after the last), and shots that run past `durationSeconds`. With the auto
 * duration (-1) the length is unknown, so only broken ranges and overlaps are reported. Shots are checked in the
 * order given, which is the order the model reads them.
 */
export function checkShots(shots: readonly Shot[], durationSeconds: number): ShotProblem[] {
  const problems: ShotProblem[] = [];
  const known = durationSeconds !== AUTO_DURATION && durationSeconds > 0;
  const name = (shot: Shot) => `Shot ${shot.index}`;
  shots.forEach((shot, position) => {
    const problem = (kind: ShotProblem['kind'], message: string) =>
      problems.push({ kind, position, index: shot.index, message });
    if (shot.start >= shot.end) {
      problem(
        'invalid-range',
        `${name(shot)} ends at ${formatTimestamp(shot.end)}, not after its start at ${formatTimestamp(shot.start)}: make it end later`,
      );
    }
    const previous = position > 0 ? shots[position - 1] : undefined;
    if (previous !== undefined && shot.start < previous.end) {
      problem(
        'overlap',
        `${name(shot)} starts at ${formatTimestamp(shot.start)}, before ${name(previous)} ends at ${formatTimestamp(previous.end)}: the shots overlap`,
      );
    }
    if (!known) return;
    if (previous === undefined && shot.start > 0) {
      problem(
        'gap',
        `${name(shot)} starts at ${formatTimestamp(shot.start)}: nothing is planned from 00:00 to ${formatTimestamp(shot.start)}`,
      );
    }
    if (previous !== undefined && shot.start > previous.end) {
      problem(
        'gap',
        `Nothing is planned between ${name(previous)} and ${name(shot)} (${formatTimestamp(previous.end)}-${formatTimestamp(shot.start)})`,
      );
    }
    if (shot.end > durationSeconds) {
      problem(
        'overrun',
        `${name(shot)} ends at ${formatTimestamp(shot.end)}, after the end of the ${durationSeconds}-second video: shorten it or choose a longer duration`,
      );
    }
    if (position === shots.length - 1 && shot.end < durationSeconds && shot.start < shot.end) {
      problem(
        'gap',
        `${name(shot)} ends at ${formatTimestamp(shot.end)}: nothing is planned for the last ${formatDuration(durationSeconds - shot.end)} of the video`,
      );
    }
  });
  return problems;
}

function formatDuration(seconds: number): string {
  const rounded = Math.round(seconds * 10) / 10;
  return rounded === 1 ? '1 second' : `${rounded} seconds`;
}
