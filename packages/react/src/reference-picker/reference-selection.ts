import type { GenerationInput, ReferenceCounts, UploadKind } from '@seedance-kit/core';
import { absoluteUrl } from '../internal/dom';

// The selection model of ReferencePicker: plain data and pure functions, no React.

/** How the picked files steer the video: cited references ("image 1"), or a first (and last) frame. */
export type ReferenceMode = 'references' | 'frames';

/** One picked file or URL. */
export interface ReferenceItem {
  /** Stable id, for keys and focus. */
  id: string;
  /** Image, video or audio. */
  kind: UploadKind;
  /** What to call it: the file name, or the URL's last segment. */
  name: string;
  /** The absolute URL the model reads, once uploaded (or as entered); `undefined` while uploading or after a failure. */
  url?: string | undefined;
  /** Where it came from: a local file sent through `POST /uploads`, or a URL used as it is. */
  source: 'file' | 'url';
  /** The id of its upload in `useReferenceUploads`, for a local file. */
  uploadId?: string | undefined;
  /** Its length in seconds (videos and audio), when the browser could read it. */
  durationSeconds?: number | undefined;
}

/**
 * What `ReferencePicker` edits. Both modes keep their files, so switching back and forth loses nothing; only
 * the files of the current `mode` are sent (see {@link referenceSelectionToInput}).
 */
export interface ReferenceSelection {
  /** Which files go with the prompt: the references, or the frames. */
  mode: ReferenceMode;
  /** Reference images, in citation order: the first is "image 1". */
  images: readonly ReferenceItem[];
  /** Reference videos, in citation order: the first is "video 1". */
  videos: readonly ReferenceItem[];
  /** Reference MP3s, in citation order: the first is "audio 1". */
  audios: readonly ReferenceItem[];
  /** The image the video starts on, in frames mode. */
  firstFrame?: ReferenceItem | undefined;
  /** The image the video ends on, in frames mode (needs a first frame). */
  lastFrame?: ReferenceItem | undefined;
}

/** Where one picked file stands: `uploaded` once it has a URL (a URL entered is `uploaded` at once). */
export type ReferenceItemStatus = 'pending' | 'uploading' | 'uploaded' | 'failed' | 'canceled' | 'interrupted';

/** Which rule a file broke; `message` says it in English with the file name, `labels.problem` may say it otherwise. */
export interface ReferencePickerProblem {
  /** The rule: `type`, `size`, `count` (of its kind, or 12 in all), `duration`, `frames` (frames mode is full or takes images only), `url`. */
  rule: 'type' | 'size' | 'count' | 'duration' | 'frames' | 'url';
  /** The file's name (or the URL) the problem is about. */
  fileName: string;
  /** The default English message, naming the file and the rule. */
  message: string;
}

/** A selection with nothing picked, in reference mode. */
export const emptyReferenceSelection: ReferenceSelection = { mode: 'references', images: [], videos: [], audios: [] };

/** The kinds of reference, in the order they are listed. */
export const KINDS: readonly UploadKind[] = ['image', 'video', 'audio'];
/** The selection list of each kind. */
export const LIST_OF: Record<UploadKind, 'images' | 'videos' | 'audios'> = {
  image: 'images',
  video: 'videos',
  audio: 'audios',
};

/**
 * The generation input fields of a selection: `reference_images`, `reference_videos`, `reference_audios` in
 * reference mode, `first_frame_url` and `last_frame_url` in frames mode. Only items with a URL (uploaded, or entered
 * as a URL) count; empty lists are left out, so the result spreads into an input as it is.
 *
 * @example
 * generation.generate({ ...input, ...referenceSelectionToInput(selection) });
 */
export function referenceSelectionToInput(
  selection: ReferenceSelection,
): Pick<
  GenerationInput,
  'reference_images' | 'reference_videos' | 'reference_audios' | 'first_frame_url' | 'last_frame_url'
> {
  if (selection.mode === 'frames') {
    const first = selection.firstFrame?.url;
    if (first === undefined) return {};
    const last = selection.lastFrame?.url;
    return { first_frame_url: first, ...(last === undefined ? {} : { last_frame_url: last }) };
  }
  const urls = (items: readonly ReferenceItem[]) => items.flatMap((item) => (item.url === undefined ? [] : [item.url]));
  const images = urls(selection.images);
  const videos = urls(selection.videos);
  const audios = urls(selection.audios);
  return {
    ...(images.length > 0 ? { reference_images: images } : {}),
    ...(videos.length > 0 ? { reference_videos: videos } : {}),
    ...(audios.length > 0 ? { reference_audios: audios } : {}),
  };
}

/**
 * How many references of each kind the prompt may cite, for `PromptComposer`'s `references` prop: every picked
 * reference (uploading ones too, so they can be cited at once), none in frames mode.
 */
export function referenceCounts(selection: ReferenceSelection): ReferenceCounts {
  if (selection.mode === 'frames') return { images: 0, videos: 0, audios: 0 };
  return { images: selection.images.length, videos: selection.videos.length, audios: selection.audios.length };
}

/**
 * Whether every file of the current mode has its URL (nothing uploading, failed or canceled), so
 * {@link referenceSelectionToInput} sends everything that was picked.
 */
export function isReferenceSelectionReady(selection: ReferenceSelection): boolean {
  return itemsOfMode(selection).every((item) => item.url !== undefined);
}

/**
 * The selection with `url` as its first frame, in frames mode (the reference files are kept for later). For
 * "continue from last frame": `setSelection((current) => withFirstFrame(current, video.lastFrameUrl))`.
 */
export function withFirstFrame(selection: ReferenceSelection, url: string, name?: string): ReferenceSelection {
  return {
    ...selection,
    mode: 'frames',
    firstFrame: { id: nextItemId(), kind: 'image', name: name ?? nameOfUrl(url), url: absoluteUrl(url), source: 'url' },
  };
}

/** The items of the current mode. */
export function itemsOfMode(selection: ReferenceSelection): ReferenceItem[] {
  if (selection.mode === 'frames') {
    return [selection.firstFrame, selection.lastFrame].filter((item): item is ReferenceItem => item !== undefined);
  }
  return [...selection.images, ...selection.videos, ...selection.audios];
}

/** Every item, both modes. */
export function allItems(selection: ReferenceSelection): ReferenceItem[] {
  return [
    ...selection.images,
    ...selection.videos,
    ...selection.audios,
    ...[selection.firstFrame, selection.lastFrame].filter((item): item is ReferenceItem => item !== undefined),
  ];
}

/** The selection with `change` applied to every item. */
export function mapItems(
  selection: ReferenceSelection,
  change: (item: ReferenceItem) => ReferenceItem,
): ReferenceSelection {
  return {
    ...selection,
    images: selection.images.map(change),
    videos: selection.videos.map(change),
    audios: selection.audios.map(change),
    ...(selection.firstFrame === undefined ? {} : { firstFrame: change(selection.firstFrame) }),
    ...(selection.lastFrame === undefined ? {} : { lastFrame: change(selection.lastFrame) }),
  };
}

/** Adds items in the current mode: to the end of their kind's list, or to the first free frame slot. */
export function addItems(selection: ReferenceSelection, items: readonly ReferenceItem[]): ReferenceSelection {
  let next = selection;
  for (const item of items) {
    if (next.mode === 'frames') {
      if (next.firstFrame === undefined) next = { ...next, firstFrame: item };
      else if (next.lastFrame === undefined) next = { ...next, lastFrame: item };
      continue;
    }
    const list = LIST_OF[item.kind];
    next = { ...next, [list]: [...next[list], item] };
  }
  return next;
}

/** The selection without `item`; a removed first frame lets the last frame move up to be the first. */
export function withoutItem(selection: ReferenceSelection, item: ReferenceItem): ReferenceSelection {
  if (selection.firstFrame?.id === item.id) {
    // Without a first frame a last frame means nothing, so it moves up to be the first.
    const { lastFrame, ...restOfSelection } = selection;
    return { ...restOfSelection, ...(lastFrame === undefined ? {} : { firstFrame: lastFrame }) };
  }
  if (selection.lastFrame?.id === item.id) {
    const { lastFrame: _removed, ...restOfSelection } = selection;
    return restOfSelection;
  }
  const list = LIST_OF[item.kind];
  return { ...selection, [list]: selection[list].filter((candidate) => candidate.id !== item.id) };
}

/** An http(s) URL typed or dropped, normalized; `undefined` for anything else. */
export function parseHttpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The kind a URL names by its extension (images by default). */
export function kindOfUrl(url: string): UploadKind {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(mp4|mov)$/.test(path)) return 'video';
  if (/\.mp3$/.test(path)) return 'audio';
  return 'image';
}

/** A readable name for a URL: its last path segment. */
export function nameOfUrl(url: string): string {
  try {
    const parsed = new URL(url, 'https://placeholder.invalid');
    return decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? parsed.hostname) || parsed.hostname;
  } catch {
    return url;
  }
}

let itemCounter = 0;
/** A new item id, unique in the page. */
export function nextItemId(): string {
  itemCounter += 1;
  return `reference-${itemCounter}`;
}

/**
 * The selection that sends the references (or frames) of `input` again: how a resumed generation's files come
 * back into the picker after a reload. Each URL becomes an item that is already uploaded.
 */
export function referenceSelectionFromInput(input: GenerationInput): ReferenceSelection {
  const item = (url: string): ReferenceItem => ({
    id: nextItemId(),
    kind: kindOfUrl(url),
    name: nameOfUrl(url),
    url,
    source: 'url',
  });
  const list = (urls: readonly string[] | undefined, kind: UploadKind) =>
    (urls ?? []).map((url) => ({ ...item(url), kind }));
  const references = {
    images: list(input.reference_images, 'image'),
    videos: list(input.reference_videos, 'video'),
    audios: list(input.reference_audios, 'audio'),
  };
  if (input.first_frame_url === undefined) return { mode: 'references', ...references };
  return {
    mode: 'frames',
    ...references,
    firstFrame: { ...item(input.first_frame_url), kind: 'image' },
    ...(input.last_frame_url === undefined ? {} : { lastFrame: { ...item(input.last_frame_url), kind: 'image' } }),
  };
}
