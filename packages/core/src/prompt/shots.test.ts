import { describe, expect, it } from 'vitest';
import { checkShots } from './shot-checks';
import { formatShots, formatTimestamp, parseShots, parseTimestamp, type Shot } from './shots';

describe('parseShots', () => {
  it.each([
    {
      name: 'the canonical form with a title',
      text: 'Shot 1 [00:00-00:05] - Street: a paper boat floats by',
      shots: [{ index: 1, start: 0, end: 5, title: 'Street', description: 'a paper boat floats by' }],
    },
    {
      name: 'no title',
      text: 'Shot 1 [00:00-00:05] - a paper boat floats by',
      shots: [{ index: 1, start: 0, end: 5, description: 'a paper boat floats by' }],
    },
    {
      name: 'short times, spaces around the dash and a colon separator',
      text: 'Shot 2 [0:05 - 0:10]: the boat reaches a drain',
      shots: [{ index: 2, start: 5, end: 10, description: 'the boat reaches a drain' }],
    },
    {
      name: 'en dashes and em dashes, lower case',
      text: 'shot 3 [00:10–00:15] — Close-up: rain on the water',
      shots: [{ index: 3, start: 10, end: 15, title: 'Close-up', description: 'rain on the water' }],
    },
    {
      name: 'plain seconds',
      text: 'Shot 1 [0s-4.5s] - wide shot',
      shots: [{ index: 1, start: 0, end: 4.5, description: 'wide shot' }],
    },
    {
      name: 'a sentence with a colon late in it is not a title',
      text: 'Shot 1 [00:00-00:04] - The camera pans slowly across the rooftops and then: rain',
      shots: [{ index: 1, start: 0, end: 4, description: 'The camera pans slowly across the rooftops and then: rain' }],
    },
    {
      name: 'a title with nothing after it yet',
      text: 'Shot 1 [00:00-00:04] - Opening:',
      shots: [{ index: 1, start: 0, end: 4, title: 'Opening', description: '' }],
    },
  ])('reads $name', ({ text, shots }) => {
    expect(parseShots(text)).toEqual({ shots, preamble: '' });
  });

  it('keeps the preamble and continuation lines', () => {
    const parsed = parseShots(
      'Style: watercolour, soft light.\nimage 1 is the boat.\n\nShot 1 [00:00-00:03] - Opening: the street\nrain falls\nShot 2 [00:03-00:05] - the drain',
    );
    expect(parsed.preamble).toBe('Style: watercolour, soft light.\nimage 1 is the boat.');
    expect(parsed.shots).toEqual([
      { index: 1, start: 0, end: 3, title: 'Opening', description: 'the street\nrain falls' },
      { index: 2, start: 3, end: 5, description: 'the drain' },
    ]);
  });

  it.each([
    ['plain prose', 'A paper boat drifting down a rainy street'],
    ['a shot without times', 'Shot 1 - the street'],
    ['unreadable times', 'Shot 1 [soon-later] - the street'],
    ['an empty prompt', ''],
  ])('finds no shots in %s', (_name, text) => {
    expect(parseShots(text)).toEqual({ shots: [], preamble: text.trim() });
  });
});

describe('formatShots', () => {
  const shots: Shot[] = [
    { index: 1, start: 0, end: 5, title: 'Street', description: 'a paper boat floats by' },
    { index: 7, start: 5, end: 10, description: 'it reaches a drain' },
    { index: 3, start: 10, end: 12.5, title: 'End', description: '' },
  ];

  it('writes the canonical form, numbered by position', () => {
    expect(formatShots(shots, 'Watercolour.')).toBe(
      'Watercolour.\n\nShot 1 [00:00-00:05] - Street: a paper boat floats by\nShot 2 [00:05-00:10] - it reaches a drain\nShot 3 [00:10-00:12.5] - End:',
    );
  });

  it.each([
    ['with a preamble', 'Watercolour, soft light.\nimage 1 is the boat.'],
    ['without a preamble', ''],
  ])('round-trips through parseShots %s', (_name, preamble) => {
    const parsed = parseShots(formatShots(shots, preamble));
    expect(parsed.preamble).toBe(preamble);
    expect(parsed.shots).toEqual(shots.map((shot, position) => ({ ...shot, index: position + 1 })));
    expect(formatShots(parsed.shots, parsed.preamble)).toBe(formatShots(shots, preamble));
  });

  it('round-trips multi-line descriptions', () => {
    const multiLine: Shot[] = [{ index: 1, start: 0, end: 4, description: 'first line\nsecond line' }];
    expect(parseShots(formatShots(multiLine)).shots).toEqual(multiLine);
  });
});

describe('timestamps', () => {
  it.each([
    [0, '00:00'],
    [5, '00:05'],
    [75, '01:15'],
    [5.5, '00:05.5'],
    [-3, '00:00'],
  ])('formats %s as %s', (seconds, text) => {
    expect(formatTimestamp(seconds)).toBe(text);
  });

  it.each([
    ['00:05', 5],
    ['0:05', 5],
    ['1:15', 75],
    ['1:00:00', 3600],
    ['12', 12],
    ['4.5s', 4.5],
    ['00:05.5', 5.5],
    ['abc', undefined],
    ['-1', undefined],
    ['', undefined],
  ])('parses %j as %s', (text, seconds) => {
    expect(parseTimestamp(text)).toBe(seconds);
  });
});

describe('checkShots', () => {
  const shot = (start: number, end: number, index = 1): Shot => ({ index, start, end, description: '' });

  it.each([
    { name: 'a timeline that fills the video', shots: [shot(0, 5, 1), shot(5, 10, 2)], duration: 10, kinds: [] },
    { name: 'auto duration with a gap', shots: [shot(0, 3, 1), shot(5, 9, 2)], duration: -1, kinds: [] },
    { name: 'an overlap', shots: [shot(0, 6, 1), shot(5, 10, 2)], duration: 10, kinds: ['overlap'] },
    { name: 'an overlap with auto duration', shots: [shot(0, 6, 1), shot(5, 10, 2)], duration: -1, kinds: ['overlap'] },
    { name: 'a gap between shots', shots: [shot(0, 4, 1), shot(5, 10, 2)], duration: 10, kinds: ['gap'] },
    { name: 'a late first shot', shots: [shot(1, 10, 1)], duration: 10, kinds: ['gap'] },
    { name: 'an unplanned end', shots: [shot(0, 8, 1)], duration: 10, kinds: ['gap'] },
    { name: 'an overrun', shots: [shot(0, 5, 1), shot(5, 12, 2)], duration: 10, kinds: ['overrun'] },
    { name: 'a shot ending before it starts', shots: [shot(5, 5, 1)], duration: 5, kinds: ['invalid-range', 'gap'] },
    { name: 'no shots', shots: [], duration: 5, kinds: [] },
  ])('reports $name', ({ shots, duration, kinds }) => {
    expect(checkShots(shots, duration).map((problem) => problem.kind)).toEqual(kinds);
  });

  it('names the shot and says what is wrong', () => {
    const [overlap, overrun] = checkShots([shot(0, 6, 1), shot(5, 12, 2)], 10);
    expect(overlap).toEqual({
      kind: 'overlap',
      position: 1,
      index: 2,
      message: 'Shot 2 starts at 00:05, before Shot 1 ends at 00:06: the shots overlap',
    });
    expect(overrun?.message).toBe(
      'Shot 2 ends at 00:12, after the end of the 10-second video: shorten it or choose a longer duration',
    );
  });
});
