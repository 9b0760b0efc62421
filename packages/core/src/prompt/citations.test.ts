import { describe, expect, it } from 'vitest';
import { checkCitations, findCitationQuery, findCitations, suggestCitationNumbers } from './citations';

describe('findCitations', () => {
  it('finds every citation with its position', () => {
    const prompt = 'Image 1 walks into video 2 while audio 1 plays; image 12 waits.';
    expect(findCitations(prompt)).toEqual([
      { kind: 'image', number: 1, start: 0, end: 7, text: 'Image 1' },
      { kind: 'video', number: 2, start: 19, end: 26, text: 'video 2' },
      { kind: 'audio', number: 1, start: 33, end: 40, text: 'audio 1' },
      { kind: 'image', number: 12, start: 48, end: 56, text: 'image 12' },
    ]);
    for (const citation of findCitations(prompt)) {
      expect(prompt.slice(citation.start, citation.end)).toBe(citation.text);
    }
  });

  it.each([
    ['no number', 'an image of a boat'],
    ['a word ending in the kind', 'multimedia 1'],
    ['a number glued to more text', 'image 1st'],
    ['an empty prompt', ''],
  ])('finds nothing with %s', (_name, prompt) => {
    expect(findCitations(prompt)).toEqual([]);
  });
});

describe('checkCitations', () => {
  it.each([
    { prompt: 'image 1 and image 2', counts: { images: 2, videos: 0, audios: 0 }, missing: [] },
    { prompt: 'image 3', counts: { images: 2, videos: 0, audios: 0 }, missing: ['image 3'] },
    { prompt: 'image 0', counts: { images: 2, videos: 0, audios: 0 }, missing: ['image 0'] },
    { prompt: 'video 1, audio 1', counts: { images: 1, videos: 1, audios: 0 }, missing: ['audio 1'] },
    { prompt: 'no citations here', counts: { images: 0, videos: 0, audios: 0 }, missing: [] },
  ])('in "$prompt" flags $missing', ({ prompt, counts, missing }) => {
    expect(checkCitations(prompt, counts).map((problem) => problem.citation.text)).toEqual(missing);
  });

  it('says how many references exist', () => {
    const [problem] = checkCitations('then image 3 appears', { images: 2, videos: 0, audios: 0 });
    expect(problem).toEqual({
      citation: { kind: 'image', number: 3, start: 5, end: 12, text: 'image 3' },
      message: '"image 3" cites a reference that does not exist: there are 2 reference images (image 1 to image 2)',
    });
    expect(checkCitations('audio 1', { images: 0, videos: 0, audios: 0 })[0]?.message).toBe(
      '"audio 1" cites a reference that does not exist: there are no reference audios',
    );
  });
});

describe('citation suggestions', () => {
  it.each([
    { text: 'the boat from image ', caret: 20, query: { kind: 'image', digits: '', start: 14, end: 20 } },
    { text: 'Video 1', caret: 7, query: { kind: 'video', digits: '1', start: 0, end: 7 } },
    { text: 'image 1 then', caret: 7, query: { kind: 'image', digits: '1', start: 0, end: 7 } },
    { text: 'image', caret: 5, query: undefined },
    { text: 'image 1 then', caret: 12, query: undefined },
  ])('finds the query in "$text" at $caret', ({ text, caret, query }) => {
    expect(findCitationQuery(text, caret)).toEqual(query);
  });

  it.each([
    { digits: '', count: 3, numbers: [1, 2, 3] },
    { digits: '1', count: 12, numbers: [1, 10, 11, 12] },
    { digits: '4', count: 3, numbers: [] },
    { digits: '', count: 0, numbers: [] },
  ])('suggests $numbers for "$digits" with $count images', ({ digits, count, numbers }) => {
    expect(
      suggestCitationNumbers({ kind: 'image', digits, start: 0, end: 0 }, { images: count, videos: 0, audios: 0 }),
    ).toEqual(numbers);
  });
});
