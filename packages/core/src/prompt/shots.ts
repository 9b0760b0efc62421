import { AUTO_DURATION } from '../generation-input';

/** One shot of a multi-shot prompt: `Shot 1 [00:00-00:05] - Title: description`. */
export interface Shot {
  /** The shot's number as written (1-based). {@link formatShots} renumbers shots by their position. */
  index: number;
  /** Where the shot starts, in seconds from the start of the video. */
  start: number;
  /** Where the shot ends, in seconds from the start of the video. */
  end: number;
  /** A short name before the description (`Title:`), if any. */
  title?: string;
  /** What happens in the shot. May span several lines. */
  description: string;
}

/** What {@link parseShots} found in a prompt. */
export interface ParsedShots {
  /** Every shot line with the lines that follow it, in the order written. Empty when the prompt has no shot lines. */
  shots: Shot[];
  /** The text before the first shot (style, characters, setting), trimmed. The whole prompt when there are no shots. */
  preamble: string;
}

// Liberal on purpose: `Shot 2 [0:05 - 0:10]: ...`, `shot 3 [00:10–00:15] — ...`, seconds with a trailing `s`.
const TIME = String.raw`(\d+(?::\d{1,2})?(?:\.\d+)?)\s*s?`;
const SHOT_LINE = new RegExp(
  String.raw`^[ \t]*shot[ \t]*(\d+)[ \t]*\[[ \t]*${TIME}[ \t]*[-–—][ \t]*${TIME}[ \t]*\][ \t]*(?:[-–—:][ \t]*)?(.*)$`,
  'i',
);
// A title is a short label: a few words without sentence punctuation, followed by a colon.
const TITLE = /^([^.:!?\n]{1,60}?):(?:[ \t]+|$)([\s\S]*)$/;
const MAX_TITLE_WORDS = 8;

/**
 * Splits a multi-shot prompt into its preamble and its shots. Each line like `Shot 1 [00:00-00:05] - Title: text`
 * starts a shot; the lines after it, up to the next shot line, continue its description. Times may be `mm:ss`,
 * `m:ss`, `h:mm:ss` or plain seconds, the separator a hyphen, an en dash or an em dash, and the title is optional.
 *
 * @example
 * parseShots('Rainy city.\nShot 1 [00:00-00:05] - Street: a paper boat floats by');
 * // { preamble: 'Rainy city.', shots: [{ index: 1, start: 0, end: 5, title: 'Street', description: 'a paper boat floats by' }] }
 */
export function parseShots(text: string): ParsedShots {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const preambleLines: string[] = [];
  const shots: Shot[] = [];
  let current: { shot: Shot; lines: string[] } | undefined;
  const finish = () => {
    if (current === undefined) return;
    current.shot.description = current.lines.join('\n').trim();
    shots.push(current.shot);
  };
  for (const line of lines) {
    const match = SHOT_LINE.exec(line);
    if (match === null) {
      if (current === undefined) preambleLines.push(line);
      else current.lines.push(line);
      continue;
    }
    finish();
    const [, number, startText, endText, rest = ''] = match;
    const { title, description } = splitTitle(rest.trim());
    current = {
      shot: {
        index: Number(number),
        start: parseTimestamp(startText!) ?? 0,
        end: parseTimestamp(endText!) ?? 0,
        ...(title === undefined ? {} : { title }),
        description: '',
      },
      lines: [description],
    };
  }
  finish();
  return { shots, preamble: preambleLines.join('\n').trim() };
}

/**
 * Writes shots in the canonical form the model reads, one per line, numbered by position:
 * `Shot 1 [00:00-00:05] - Title: description`. The preamble, if any, comes first on its own paragraph.
 * `parseShots(formatShots(shots, preamble))` gives the same shots and preamble back.
 */
export function formatShots(shots: readonly Shot[], preamble = ''): string {
  const lines = shots.map((shot, position) => {
    const title = shot.title?.trim();
    const description = shot.description.trim();
    const text = title ? `${title}:${description === '' ? '' : ` ${description}`}` : description;
    return `Shot ${position + 1} [${formatTimestamp(shot.start)}-${formatTimestamp(shot.end)}] -${text === '' ? '' : ` ${text}`}`;
  });
  const head = preamble.trim();
  if (head === '') return lines.join('\n');
  return lines.length === 0 ? head : `${head}\n\n${lines.join('\n')}`;
}

/** `mm:ss` for a number of seconds (`75` → `01:15`); fractions keep one decimal (`5.5` → `00:05.5`). */
export function formatTimestamp(seconds: number): string {
  const safe = Math.max(0, Number.isFinite(seconds) ? seconds : 0);
  const rounded = Math.round(safe * 10) / 10;
  const minutes = Math.floor(rounded / 60);
  const rest = Math.round((rounded - minutes * 60) * 10) / 10;
  const whole = Math.floor(rest);
  const fraction = Math.round((rest - whole) * 10);
  return `${String(minutes).padStart(2, '0')}:${String(whole).padStart(2, '0')}${fraction === 0 ? '' : `.${fraction}`}`;
}

/** Seconds from `mm:ss`, `m:ss`, `h:mm:ss` or plain seconds (`5`, `5.5`, `5s`); `undefined` when unreadable. */
export function parseTimestamp(text: string): number | undefined {
  const cleaned = text.trim().replace(/s$/i, '');
  if (!/^\d+(?::\d{1,2}){0,2}(?:\.\d+)?$/.test(cleaned)) return undefined;
  const parts = cleaned.split(':').map(Number);
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return Number.isFinite(seconds) ? seconds : undefined;
}

function splitTitle(rest: string): { title?: string; description: string } {
  const match = TITLE.exec(rest);
  if (match === null) return { description: rest };
  const title = match[1]!.trim();
  if (title === '' || title.split(/\s+/).length > MAX_TITLE_WORDS) return { description: rest };
  return { title, description: match[2] ?? '' };
}
