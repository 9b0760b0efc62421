/** The kinds of reference a prompt can cite: "image 1", "video 2", "audio 1". */
export const CITATION_KINDS = ['image', 'video', 'audio'] as const;

/** A kind of reference the prompt can cite. */
export type CitationKind = (typeof CITATION_KINDS)[number];

/** How many references of each kind go with the prompt, in the order they are numbered (1-based). */
export interface ReferenceCounts {
  /** Reference images (`reference_images`). */
  images: number;
  /** Reference videos (`reference_videos`). */
  videos: number;
  /** Reference MP3s (`reference_audios`). */
  audios: number;
}

/** One mention of a reference in a prompt, e.g. "image 2". */
export interface Citation {
  /** The kind of reference. */
  kind: CitationKind;
  /** The number cited (1-based). */
  number: number;
  /** Offset of the first character of the mention in the prompt. */
  start: number;
  /** Offset just past the mention. */
  end: number;
  /** The mention as written, e.g. `Image 2`. */
  text: string;
}

/** A citation of a reference that does not exist. */
export interface CitationProblem {
  /** The citation concerned, with its position. */
  citation: Citation;
  /** What is wrong and what to do, for a person. */
  message: string;
}

/** A citation being typed at the caret, for suggestions: "image " or "video 1" right before the caret. */
export interface CitationQuery {
  /** The kind being typed. */
  kind: CitationKind;
  /** The digits typed so far after the kind (may be empty). */
  digits: string;
  /** Offset where the mention starts (the replacement range starts here). */
  start: number;
  /** Offset where the mention ends (the caret). */
  end: number;
}

const CITATION = /\b(image|video|audio)[ \t]+(\d+)\b/gi;
const QUERY_AT_END = /\b(image|video|audio)[ \t]+(\d*)$/i;

const COUNT_KEY: Record<CitationKind, keyof ReferenceCounts> = { image: 'images', video: 'videos', audio: 'audios' };

/** Every "image N", "video N" and "audio N" in the prompt (any case), in order, with where it is. */
export function findCitations(prompt: string): Citation[] {
  return [...prompt.matchAll(CITATION)].map((match) => ({
    kind: match[1]!.toLowerCase() as CitationKind,
    number: Number(match[2]),
    start: match.index,
    end: match.index + match[0].length,
    text: match[0],
  }));
}

/**
 * The citations that point at no reference: "image 3" with two images, "audio 1" with none, or "video 0".
 *
 * @example
 * checkCitations('image 1 walks into video 2', { images: 1, videos: 1, audios: 0 });
 * // [{ citation: { kind: 'video', number: 2, ... }, message: '"video 2" cites a reference that does not exist: there is 1 reference video' }]
 */
export function checkCitations(prompt: string, references: ReferenceCounts): CitationProblem[] {
  return findCitations(prompt)
    .filter((citation) => citation.number < 1 || citation.number > references[COUNT_KEY[citation.kind]])
    .map((citation) => ({ citation, message: describeMissing(citation, references[COUNT_KEY[citation.kind]]) }));
}

/** The citation being typed right before `caret` ("image " or "audio 1"), or `undefined`. */
export function findCitationQuery(text: string, caret: number): CitationQuery | undefined {
  const match = QUERY_AT_END.exec(text.slice(0, caret));
  if (match === null) return undefined;
  return {
    kind: match[1]!.toLowerCase() as CitationKind,
    digits: match[2] ?? '',
    start: match.index,
    end: caret,
  };
}

/** The numbers that can complete a {@link CitationQuery}: those of existing references starting with the typed digits. */
export function suggestCitationNumbers(query: CitationQuery, references: ReferenceCounts): number[] {
  const count = Math.max(0, Math.floor(references[COUNT_KEY[query.kind]]));
  return Array.from({ length: count }, (_, position) => position + 1).filter((number) =>
    String(number).startsWith(query.digits),
  );
}

function describeMissing(citation: Citation, count: number): string {
  const mention = `"${citation.kind} ${citation.number}"`;
  if (count <= 0) return `${mention} cites a reference that does not exist: there are no reference ${citation.kind}s`;
  const existing =
    count === 1 ? `there is 1 reference ${citation.kind}` : `there are ${count} reference ${citation.kind}s`;
  return `${mention} cites a reference that does not exist: ${existing} (${citation.kind} 1${count > 1 ? ` to ${citation.kind} ${count}` : ''})`;
}
