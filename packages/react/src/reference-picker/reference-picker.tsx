'use client';

import {
  checkReferenceFile,
  type GenerationInput,
  INPUT_LIMITS,
  lazyModule,
  type ReferenceCounts,
  type ReferenceKindCounts,
  type SignerConfig,
  UPLOAD_CONTENT_TYPES,
  type UploadKind,
  uploadKindOf,
} from '@seedance-kit/core';
import {
  type ClipboardEvent,
  type ComponentPropsWithoutRef,
  type CSSProperties,
  type DragEvent,
  forwardRef,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { absoluteUrl, join, partClasses } from '../internal/dom';
import { IconButton } from '../internal/icon-button';
import type { MediaInfo } from '../internal/media-info';
import { type ReferenceUpload, type UseReferenceUploadsResult, useReferenceUploads } from '../use-reference-uploads';

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
 * What {@link ReferencePicker} edits. Both modes keep their files, so switching back and forth loses nothing; only
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

/** The parts of {@link ReferencePicker} that take a class through `classNames`. */
export type ReferencePickerPart =
  | 'legend'
  | 'mode'
  | 'modeOption'
  | 'hint'
  | 'note'
  | 'offer'
  | 'offerButton'
  | 'dropZone'
  | 'browse'
  | 'urlField'
  | 'urlInput'
  | 'urlButton'
  | 'error'
  | 'problems'
  | 'problem'
  | 'summary'
  | 'list'
  | 'item'
  | 'thumbnail'
  | 'citation'
  | 'name'
  | 'duration'
  | 'progress'
  | 'itemActions'
  | 'itemButton'
  | 'frames'
  | 'frame';

/** Every visible (or announced) string of {@link ReferencePicker}, for translation or tone. */
export interface ReferencePickerLabels {
  /** Legend (accessible name) of the whole picker. */
  group: string;
  /** Legend of the mode choice. */
  mode: string;
  /** The reference mode's option. */
  modeReferences: string;
  /** The frames mode's option. */
  modeFrames: string;
  /** Hint under the mode choice in reference mode. */
  referencesHint: string;
  /** Hint under the mode choice in frames mode. */
  framesHint: string;
  /** Says that the other mode's files are kept, not sent, and come back on switching back. */
  keptFiles: (count: number, mode: ReferenceMode) => string;
  /** Text of the drop zone in reference mode. */
  dropReferences: string;
  /** Text of the drop zone in frames mode. */
  dropFrames: string;
  /** Text of the button that opens the file chooser. */
  browse: string;
  /** Label of the URL field. */
  url: string;
  /** Placeholder of the URL field. */
  urlPlaceholder: string;
  /** Text of the button that adds the URL. */
  addUrl: string;
  /** Message when the URL field does not hold an absolute http(s) URL. */
  invalidUrl: string;
  /** A file refused before upload; the default is `problem.message`. */
  problem: (problem: ReferencePickerProblem) => string;
  /** Accessible name of the button that dismisses a problem. */
  dismiss: string;
  /** Accessible name of the counts of references. */
  summary: string;
  /** How many of a kind there are against the limit, e.g. `2 of 9 images`. */
  count: (kind: UploadKind, count: number, max: number) => string;
  /** Accessible name of the list of one kind. */
  list: (kind: UploadKind) => string;
  /** The citation of a reference, e.g. `image 2`. The prompt cites the model's English form. */
  citation: (kind: UploadKind, number: number) => string;
  /** Name of the first frame slot. */
  firstFrame: string;
  /** Name of the last frame slot. */
  lastFrame: string;
  /** Marks the last frame as optional. */
  optional: string;
  /** Text of an empty frame slot. */
  emptyFrame: string;
  /** The length of a video or audio. */
  duration: (seconds: number) => string;
  /** Accessible name of the progress bar of one upload. */
  uploading: (name: string) => string;
  /** The short status of one file. */
  status: (status: ReferenceItemStatus) => string;
  /** Accessible name of the button that moves a reference earlier (its citation number goes down). */
  moveEarlier: (citation: string) => string;
  /** Accessible name of the button that moves a reference later. */
  moveLater: (citation: string) => string;
  /** Accessible name of the button that removes a reference (by citation) or a frame (by slot name). */
  remove: (what: string) => string;
  /** Accessible name of the button that stops an upload. */
  cancel: (name: string) => string;
  /** Accessible name of the button that sends a failed or canceled file again. */
  retry: (name: string) => string;
  /** Problem of reference audio without an image or a video. */
  audioNeedsVisual: string;
  /** Text of the button that puts a result's last frame in as the first frame. */
  useLastFrame: string;
  /** Hint next to that button. */
  useLastFrameHint: string;
}

/** Props of {@link ReferencePicker}. Unknown props and `ref` go to the root `<fieldset>`. */
export interface ReferencePickerProps
  extends Omit<ComponentPropsWithoutRef<'fieldset'>, 'defaultValue' | 'children' | 'onChange'> {
  /** The selection (controlled). Pair with `onValueChange`. */
  value?: ReferenceSelection | undefined;
  /** The first selection when uncontrolled. Default {@link emptyReferenceSelection}. */
  defaultValue?: ReferenceSelection | undefined;
  /** Called with the whole new selection on every change, including when an upload finishes and gets its URL. */
  onValueChange?: ((value: ReferenceSelection) => void) | undefined;
  /**
   * The last frame of a finished video (`generation.video?.lastFrameUrl`). When set, a **Use last frame** button
   * puts it in as the first frame and switches to frames mode.
   */
  lastFrameUrl?: string | undefined;
  /** Disables every control. */
  disabled?: boolean | undefined;
  /** Drops every built-in class (so `styles.css` no longer applies) but keeps the ARIA and `data-*` attributes. */
  unstyled?: boolean | undefined;
  /** Extra classes per part, kept when `unstyled`. */
  classNames?: Partial<Record<ReferencePickerPart, string>> | undefined;
  /** Replaces any of the default strings. */
  labels?: Partial<ReferencePickerLabels> | undefined;
}

/** A selection with nothing picked, in reference mode. */
export const emptyReferenceSelection: ReferenceSelection = { mode: 'references', images: [], videos: [], audios: [] };

/** The English strings {@link ReferencePicker} uses unless `labels` says otherwise. */
export const defaultReferencePickerLabels: ReferencePickerLabels = {
  group: 'References',
  mode: 'Guide the video with',
  modeReferences: 'Reference files',
  modeFrames: 'First and last frame',
  referencesHint: 'Images, videos and MP3s the prompt cites as "image 1", "video 1" or "audio 1", in this order.',
  framesHint: 'The video starts on the first frame and, if you add one, ends on the last frame.',
  keptFiles: (count, mode) =>
    mode === 'frames'
      ? `${count === 1 ? '1 reference file is' : `${count} reference files are`} kept but not sent with a first frame. Switch back to use ${count === 1 ? 'it' : 'them'}.`
      : `${count === 1 ? 'The frame is' : 'The frames are'} kept but not sent with reference files. Switch back to use ${count === 1 ? 'it' : 'them'}.`,
  dropReferences: 'Drop images, videos or MP3s here, or paste an image.',
  dropFrames: 'Drop an image here, or paste one.',
  browse: 'Browse files',
  url: 'Or add a URL',
  urlPlaceholder: 'https://example.com/boat.jpg',
  addUrl: 'Add',
  invalidUrl: 'Enter an absolute http(s) URL, such as https://example.com/boat.jpg.',
  problem: (problem) => problem.message,
  dismiss: 'Dismiss',
  summary: 'References picked',
  count: (kind, count, max) => `${count} of ${max} ${kind === 'audio' ? 'MP3s' : `${kind}s`}`,
  list: (kind) => (kind === 'image' ? 'Images' : kind === 'video' ? 'Videos' : 'Audio'),
  citation: (kind, number) => `${kind} ${number}`,
  firstFrame: 'First frame',
  lastFrame: 'Last frame',
  optional: 'optional',
  emptyFrame: 'No image yet',
  duration: (seconds) => `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`,
  uploading: (name) => `Uploading ${name}`,
  status: (status) =>
    ({
      pending: 'Waiting…',
      uploading: 'Uploading…',
      uploaded: 'Ready',
      failed: 'Failed',
      canceled: 'Canceled',
      interrupted: 'Upload interrupted: remove it and add it again.',
    })[status],
  moveEarlier: (citation) => `Move ${citation} earlier`,
  moveLater: (citation) => `Move ${citation} later`,
  remove: (what) => `Remove ${what}`,
  cancel: (name) => `Cancel upload of ${name}`,
  retry: (name) => `Retry upload of ${name}`,
  audioNeedsVisual: 'Reference audio needs at least one image or video reference: add one, or remove the audio.',
  useLastFrame: 'Use last frame',
  useLastFrameHint: 'Start the next clip where the last video ends.',
};

/** The duration and poster reader, fetched with the first video or audio file picked. */
const loadMediaInfo = lazyModule(() => import('../internal/media-info'), 'the media reader');

const KINDS: readonly UploadKind[] = ['image', 'video', 'audio'];
const LIST_OF: Record<UploadKind, 'images' | 'videos' | 'audios'> = {
  image: 'images',
  video: 'videos',
  audio: 'audios',
};
/** What the model takes, for checks made before the server's `/config` has answered. */
const MODEL_LIMITS: Pick<SignerConfig, 'maxUploadBytes' | 'maxReferences'> = {
  maxUploadBytes: {
    image: INPUT_LIMITS.maxImageBytes,
    video: INPUT_LIMITS.maxVideoBytes,
    audio: INPUT_LIMITS.maxAudioBytes,
  },
  maxReferences: {
    images: INPUT_LIMITS.maxReferenceImages,
    videos: INPUT_LIMITS.maxReferenceVideos,
    audios: INPUT_LIMITS.maxReferenceAudios,
  },
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

/**
 * Picks the files that go with a prompt: reference images, videos and MP3s (cited as "image 1", "video 1",
 * "audio 1" in the order shown, which the move buttons change), or a first and an optional last frame. Files come
 * from a drop, the file chooser, a pasted image or a URL; each is checked against the server's `/config` limits
 * and the model's rules (video and audio lengths are read in the browser) before any byte is sent, then uploaded
 * through `useReferenceUploads` with progress, cancel and retry.
 *
 * @example
 * const [selection, setSelection] = useState(emptyReferenceSelection);
 * <ReferencePicker value={selection} onValueChange={setSelection} lastFrameUrl={generation.video?.lastFrameUrl} />
 * generation.generate({ prompt, ...referenceSelectionToInput(selection) });
 */
export const ReferencePicker = forwardRef<HTMLFieldSetElement, ReferencePickerProps>(function ReferencePicker(
  {
    value: controlledValue,
    defaultValue,
    onValueChange,
    lastFrameUrl,
    disabled = false,
    unstyled = false,
    classNames,
    labels,
    className,
    style,
    onPaste,
    ...rest
  },
  ref,
) {
  const text = { ...defaultReferencePickerLabels, ...labels };
  const id = useId();
  const [innerValue, setInnerValue] = useState<ReferenceSelection>(() => defaultValue ?? emptyReferenceSelection);
  const value = controlledValue ?? innerValue;
  // The newest selection, also between a change and the render it causes, so uploads finishing together all land.
  const latest = useRef(value);
  latest.current = value;
  const onValueChangeRef = useRef(onValueChange);
  onValueChangeRef.current = onValueChange;
  const isControlled = controlledValue !== undefined;
  const commit = (change: (current: ReferenceSelection) => ReferenceSelection) => {
    const next = change(latest.current);
    latest.current = next;
    if (!isControlled) setInnerValue(next);
    onValueChangeRef.current?.(next);
  };
  const commitRef = useRef(commit);
  commitRef.current = commit;

  const setUrl = (upload: ReferenceUpload, url: string) =>
    commitRef.current((current) =>
      mapItems(current, (item) => (item.uploadId === upload.id ? { ...item, url } : item)),
    );
  const references = useReferenceUploads({ onUploaded: (upload, asset) => setUrl(upload, asset.url) });
  const frames = useReferenceUploads({ onUploaded: (upload, asset) => setUrl(upload, asset.url) });
  const limits = references.config ?? MODEL_LIMITS;

  const [problems, setProblems] = useState<readonly (ReferencePickerProblem & { id: string })[]>([]);
  const [posters, setPosters] = useState<Readonly<Record<string, string>>>({});
  const previews = useObjectUrls(value, references, frames);
  const [dragDepth, setDragDepth] = useState(0);
  const [urlText, setUrlText] = useState('');
  const [urlInvalid, setUrlInvalid] = useState(false);
  const pendingFocus = useRef<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const dragging = dragDepth > 0;

  // Files dropped from the selection by the host (or by a remove) stop uploading and are forgotten.
  useEffect(() => {
    const referenced = new Set(allItems(value).flatMap((item) => (item.uploadId ? [item.uploadId] : [])));
    for (const upload of references.uploads) if (!referenced.has(upload.id)) references.remove(upload.id);
    for (const upload of frames.uploads) if (!referenced.has(upload.id)) frames.remove(upload.id);
  }, [value, references.uploads, frames.uploads, references.remove, frames.remove]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const statusOf = (item: ReferenceItem): { status: ReferenceItemStatus; upload: ReferenceUpload | undefined } => {
    if (item.url !== undefined) return { status: 'uploaded', upload: undefined };
    const upload =
      references.uploads.find((candidate) => candidate.id === item.uploadId) ??
      frames.uploads.find((candidate) => candidate.id === item.uploadId);
    return { status: upload?.status ?? 'interrupted', upload };
  };

  const activeItems = itemsOfMode(value);
  const activeStatuses = activeItems.map((item) => statusOf(item).status);
  const audioWithoutVisual =
    value.mode === 'references' && value.audios.length > 0 && value.images.length + value.videos.length === 0;
  const state =
    activeItems.length === 0
      ? 'empty'
      : activeStatuses.some((status) => status === 'failed' || status === 'canceled' || status === 'interrupted') ||
          audioWithoutVisual
        ? 'invalid'
        : activeStatuses.some((status) => status === 'pending' || status === 'uploading')
          ? 'uploading'
          : 'ready';
  const totalReferences = value.images.length + value.videos.length + value.audios.length;
  const full =
    value.mode === 'frames'
      ? value.firstFrame !== undefined && value.lastFrame !== undefined
      : totalReferences >= INPUT_LIMITS.maxReferenceFiles ||
        KINDS.every((kind) => value[LIST_OF[kind]].length >= limits.maxReferences[LIST_OF[kind]]);
  const keptCount =
    value.mode === 'frames'
      ? totalReferences
      : (value.firstFrame === undefined ? 0 : 1) + (value.lastFrame === undefined ? 0 : 1);

  const own = (name: string) => (unstyled ? undefined : name);
  const classFor = partClasses<ReferencePickerPart>('reference-picker', unstyled, classNames);
  const itemDomId = (item: ReferenceItem, part: string) => `${id}-${item.id}-${part}`;

  const report = (found: ReferencePickerProblem[]) => {
    if (found.length === 0) return;
    setProblems((current) => [...current, ...found.map((problem) => ({ ...problem, id: nextItemId() }))]);
  };

  const addFiles = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const mode = latest.current.mode;
    // Problems are listed in the order of the files, whichever check found them.
    const early: (ReferencePickerProblem | undefined)[] = [];
    const checked = await Promise.all(
      files.map(async (file, index) => {
        const kind = uploadKindOf(file.type);
        const fileName = file.name || 'The file';
        if (kind === undefined) {
          early[index] = {
            rule: 'type',
            fileName,
            message: `"${fileName}" is ${file.type ? `of type ${file.type}` : 'of an unknown type'}: references are JPEG, PNG or WebP images, MP4 or MOV videos, or MP3 audio.`,
          };
          return undefined;
        }
        if (mode === 'frames' && kind !== 'image') {
          early[index] = {
            rule: 'frames',
            fileName,
            message: `"${fileName}" is ${kind === 'audio' ? 'an audio file' : 'a video'}: the first and last frames are JPEG, PNG or WebP images.`,
          };
          return undefined;
        }
        // A reader that cannot load reads nothing, like one that cannot decode the file: the server checks it again.
        const info: MediaInfo =
          kind === 'image'
            ? {}
            : await loadMediaInfo().then(
                ({ readMediaInfo }) => readMediaInfo(file, kind),
                () => ({}),
              );
        return { file, kind, info };
      }),
    );
    const current = latest.current;
    const counts: ReferenceKindCounts = {
      image: current.images.length,
      video: current.videos.length,
      audio: current.audios.length,
    };
    let videoSeconds = current.videos.reduce((sum, item) => sum + (item.durationSeconds ?? 0), 0);
    let freeFrames = mode === 'frames' ? [current.firstFrame, current.lastFrame].filter((item) => !item).length : 0;
    const accepted: { file: File; kind: UploadKind; info: MediaInfo }[] = [];
    const found: ReferencePickerProblem[] = [];
    for (const [index, entry] of checked.entries()) {
      const problem = early[index];
      if (problem !== undefined) found.push(problem);
      if (entry === undefined) continue;
      const { file, kind, info } = entry;
      const fileName = file.name || 'The file';
      if (mode === 'frames') {
        const refused = checkReferenceFile(file, 'image', limits, { image: 0, video: 0, audio: 0 });
        if (refused) found.push({ rule: ruleOf(refused.code), fileName, message: refused.message });
        else if (freeFrames === 0) {
          found.push({
            rule: 'frames',
            fileName,
            message: `The first and last frames are both set; remove one to add "${fileName}".`,
          });
        } else {
          freeFrames -= 1;
          accepted.push(entry);
        }
        continue;
      }
      const refused = checkReferenceFile(file, kind, limits, counts);
      if (refused) {
        found.push({ rule: ruleOf(refused.code), fileName, message: refused.message });
        continue;
      }
      const durationProblem = checkDuration(fileName, kind, info.durationSeconds, videoSeconds);
      if (durationProblem) {
        found.push(durationProblem);
        continue;
      }
      counts[kind] += 1;
      if (kind === 'video') videoSeconds += info.durationSeconds ?? 0;
      accepted.push(entry);
    }
    report(found);
    if (accepted.length === 0) return;
    const hook = mode === 'frames' ? frames : references;
    const added = accepted.map(({ file, kind, info }) => {
      const [upload] = hook.add([file], kind);
      const item: ReferenceItem = {
        id: nextItemId(),
        kind,
        name: file.name || kind,
        source: 'file',
        uploadId: upload?.id,
        ...(info.durationSeconds === undefined ? {} : { durationSeconds: info.durationSeconds }),
      };
      if (info.posterUrl !== undefined) {
        const posterUrl = info.posterUrl;
        setPosters((posters) => ({ ...posters, [item.id]: posterUrl }));
      }
      return item;
    });
    commit((selection) => addItems(selection, added));
  };

  const addUrl = () => {
    const parsed = parseHttpUrl(urlText.trim());
    if (parsed === undefined) {
      setUrlInvalid(true);
      return;
    }
    const current = latest.current;
    const kind = current.mode === 'frames' ? 'image' : kindOfUrl(parsed);
    const name = nameOfUrl(parsed);
    if (current.mode === 'frames' && current.firstFrame !== undefined && current.lastFrame !== undefined) {
      report([
        {
          rule: 'frames',
          fileName: name,
          message: `The first and last frames are both set; remove one to add "${name}".`,
        },
      ]);
      return;
    }
    if (current.mode === 'references') {
      const max = limits.maxReferences[LIST_OF[kind]];
      if (current[LIST_OF[kind]].length >= max) {
        report([
          {
            rule: 'count',
            fileName: name,
            message: `A generation takes at most ${max} reference ${kind}${max === 1 ? '' : 's'}; remove one to add "${name}".`,
          },
        ]);
        return;
      }
      if (totalOf(current) >= INPUT_LIMITS.maxReferenceFiles) {
        report([
          {
            rule: 'count',
            fileName: name,
            message: `A generation takes at most ${INPUT_LIMITS.maxReferenceFiles} reference files in all; remove one to add "${name}".`,
          },
        ]);
        return;
      }
    }
    setUrlText('');
    setUrlInvalid(false);
    commit((selection) => addItems(selection, [{ id: nextItemId(), kind, name, url: parsed, source: 'url' }]));
  };

  const removeItem = (item: ReferenceItem, focusAfter: string | undefined) => {
    pendingFocus.current = focusAfter ?? `${id}-browse`;
    commit((selection) => {
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
    });
  };

  const moveItem = (item: ReferenceItem, offset: -1 | 1) => {
    const list = LIST_OF[item.kind];
    const items = [...latest.current[list]];
    const position = items.findIndex((candidate) => candidate.id === item.id);
    const target = position + offset;
    const other = items[target];
    if (position < 0 || other === undefined) return;
    items[target] = item;
    items[position] = other;
    const atEdge = target === 0 || target === items.length - 1;
    const direction = offset < 0 ? 'earlier' : 'later';
    pendingFocus.current = itemDomId(item, atEdge ? (direction === 'earlier' ? 'later' : 'earlier') : direction);
    commit((selection) => ({ ...selection, [list]: items }));
  };

  const switchMode = (mode: ReferenceMode) => {
    if (mode === latest.current.mode) return;
    commit((selection) => ({ ...selection, mode }));
  };

  const takeLastFrame = () => {
    if (lastFrameUrl === undefined) return;
    commit((selection) => withFirstFrame(selection, lastFrameUrl));
  };

  const handleDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasDroppable(event.dataTransfer)) return;
    event.preventDefault();
    setDragDepth((depth) => depth + 1);
  };
  const handleDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasDroppable(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const handleDragLeave = () => setDragDepth((depth) => Math.max(0, depth - 1));
  const handleDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragDepth(0);
    if (disabled) return;
    const files = Array.from(event.dataTransfer.files ?? []);
    if (files.length > 0) {
      void addFiles(files);
      return;
    }
    // An image dragged from another page arrives as its address.
    const dropped = event.dataTransfer.getData('text/uri-list').split('\n')[0]?.trim();
    if (dropped) {
      const parsed = parseHttpUrl(dropped);
      if (parsed) {
        const kind = latest.current.mode === 'frames' ? 'image' : kindOfUrl(parsed);
        commit((selection) =>
          addItems(selection, [{ id: nextItemId(), kind, name: nameOfUrl(parsed), url: parsed, source: 'url' }]),
        );
      }
    }
  };

  const handlePaste = (event: ClipboardEvent<HTMLFieldSetElement>) => {
    onPaste?.(event);
    if (event.defaultPrevented || disabled) return;
    const files = Array.from(event.clipboardData.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    void addFiles(files);
  };

  const accept = (
    value.mode === 'frames' ? UPLOAD_CONTENT_TYPES.image : KINDS.flatMap((kind) => UPLOAD_CONTENT_TYPES[kind])
  )
    .concat(value.mode === 'frames' ? [] : ['.mp3'])
    .join(',');

  const renderThumbnail = (item: ReferenceItem) => {
    const source = item.kind === 'image' ? (previews[item.id] ?? item.url) : posters[item.id];
    return (
      <span className={classFor('thumbnail')} data-kind={item.kind} aria-hidden="true">
        {source === undefined ? (
          <span className={own('sd-reference-picker__glyph')}>{GLYPHS[item.kind]}</span>
        ) : (
          <img src={source} alt="" />
        )}
        {item.durationSeconds === undefined ? null : (
          <span className={classFor('duration')}>{text.duration(item.durationSeconds)}</span>
        )}
      </span>
    );
  };

  const hookOf = (upload: ReferenceUpload) => (frames.uploads.includes(upload) ? frames : references);

  const renderUploadState = (item: ReferenceItem) => {
    const { status, upload } = statusOf(item);
    const fraction = upload && upload.total > 0 ? upload.loaded / upload.total : 0;
    return (
      <>
        {status === 'uploading' || status === 'pending' ? (
          <div
            role="progressbar"
            aria-label={text.uploading(item.name)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
            className={classFor('progress')}
            data-state={status}
          >
            <span className={own('sd-reference-picker__bar')} style={{ '--_sd-progress': fraction } as CSSProperties} />
          </div>
        ) : null}
        {status === 'uploaded' ? null : (
          <span
            className={classFor(
              'error',
              status !== 'failed' && status !== 'interrupted' && 'sd-reference-picker__error--quiet',
            )}
          >
            {text.status(status)}
            {upload?.error ? ` ${upload.error.message}` : ''}
          </span>
        )}
      </>
    );
  };

  // An item's thumbnail, name (after its citation in references mode), upload state and actions, then `buttons`.
  const renderItem = (item: ReferenceItem, citation: string | undefined, buttons: ReactNode) => (
    <>
      {renderThumbnail(item)}
      <span className={own('sd-reference-picker__body')}>
        {citation === undefined ? null : <span className={classFor('citation')}>{citation}</span>}
        <span className={classFor('name')} title={item.name}>
          {item.name}
        </span>
        {renderUploadState(item)}
      </span>
      <span className={classFor('itemActions')}>
        {renderUploadActions(item)}
        {buttons}
      </span>
    </>
  );

  const renderUploadActions = (item: ReferenceItem) => {
    const { status, upload } = statusOf(item);
    if (upload === undefined) return null;
    if (status === 'uploading' || status === 'pending') {
      return (
        <IconButton
          className={classFor('itemButton')}
          label={text.cancel(item.name)}
          glyph="■"
          onClick={() => hookOf(upload).cancel(upload.id)}
        />
      );
    }
    if (status === 'failed' || status === 'canceled') {
      return (
        <IconButton
          className={classFor('itemButton')}
          label={text.retry(item.name)}
          glyph="↻"
          onClick={() => hookOf(upload).retry(upload.id)}
        />
      );
    }
    return null;
  };

  return (
    <fieldset
      ref={ref}
      disabled={disabled}
      aria-busy={state === 'uploading'}
      data-state={state}
      data-mode={value.mode}
      data-dragging={dragging ? '' : undefined}
      data-full={full ? '' : undefined}
      data-disabled={disabled ? '' : undefined}
      className={join(unstyled ? undefined : 'sd-reference-picker', className)}
      style={style}
      onPaste={handlePaste}
      {...rest}
    >
      <legend className={classFor('legend')}>{text.group}</legend>

      <fieldset className={classFor('mode')} aria-describedby={`${id}-mode-hint`}>
        <legend className={own('sd-reference-picker__mode-legend')}>{text.mode}</legend>
        {(['references', 'frames'] as const).map((mode) => (
          <label key={mode} className={classFor('modeOption')} data-checked={value.mode === mode ? '' : undefined}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={mode}
              checked={value.mode === mode}
              onChange={() => switchMode(mode)}
            />
            <span>{mode === 'references' ? text.modeReferences : text.modeFrames}</span>
          </label>
        ))}
      </fieldset>
      <p id={`${id}-mode-hint`} className={classFor('hint')}>
        {value.mode === 'references' ? text.referencesHint : text.framesHint}
      </p>
      <p className={classFor('note')} aria-live="polite">
        {keptCount > 0 ? text.keptFiles(keptCount, value.mode) : null}
      </p>

      {lastFrameUrl !== undefined && value.firstFrame?.url !== absoluteUrl(lastFrameUrl) ? (
        <div className={classFor('offer')}>
          <img src={lastFrameUrl} alt="" className={own('sd-reference-picker__offer-image')} />
          <p id={`${id}-offer-hint`} className={own('sd-reference-picker__offer-hint')}>
            {text.useLastFrameHint}
          </p>
          <button
            type="button"
            className={classFor('offerButton')}
            aria-describedby={`${id}-offer-hint`}
            onClick={takeLastFrame}
          >
            {text.useLastFrame}
          </button>
        </div>
      ) : null}

      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target for the mouse; the browse button and the URL field do the same from the keyboard. */}
      <div
        className={classFor('dropZone')}
        data-dragging={dragging ? '' : undefined}
        onDragEnter={handleDragEnter}
        onDragOver={handleDragOver}
        onDragLeave={handleDragLeave}
        onDrop={handleDrop}
      >
        <p id={`${id}-drop`} className={own('sd-reference-picker__drop-text')}>
          {value.mode === 'frames' ? text.dropFrames : text.dropReferences}
        </p>
        <button
          type="button"
          id={`${id}-browse`}
          className={classFor('browse')}
          aria-describedby={`${id}-drop`}
          onClick={() => inputRef.current?.click()}
        >
          {text.browse}
        </button>
        <input
          ref={inputRef}
          type="file"
          hidden
          multiple={value.mode === 'references'}
          accept={accept}
          aria-label={text.browse}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Cleared so choosing the same file again (after removing it) fires a change.
            event.target.value = '';
            void addFiles(files);
          }}
        />
        <div className={classFor('urlField')}>
          <label htmlFor={`${id}-url`} className={own('sd-reference-picker__url-label')}>
            {text.url}
          </label>
          <span className={own('sd-reference-picker__url-row')}>
            <input
              id={`${id}-url`}
              type="url"
              inputMode="url"
              className={classFor('urlInput')}
              placeholder={text.urlPlaceholder}
              value={urlText}
              aria-invalid={urlInvalid ? true : undefined}
              aria-describedby={urlInvalid ? `${id}-url-error` : undefined}
              onChange={(event) => {
                setUrlText(event.target.value);
                if (urlInvalid) setUrlInvalid(false);
              }}
              onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addUrl();
                }
              }}
            />
            <button type="button" className={classFor('urlButton')} onClick={addUrl}>
              {text.addUrl}
            </button>
          </span>
          {urlInvalid ? (
            <p id={`${id}-url-error`} className={classFor('error')}>
              {text.invalidUrl}
            </p>
          ) : null}
        </div>
      </div>

      <div role="alert" className={classFor('problems')}>
        {problems.map((problem) => (
          <p key={problem.id} className={classFor('problem')}>
            <span>{text.problem(problem)}</span>
            <IconButton
              className={classFor('itemButton')}
              label={text.dismiss}
              glyph="×"
              onClick={() => setProblems((current) => current.filter((candidate) => candidate.id !== problem.id))}
            />
          </p>
        ))}
        {audioWithoutVisual ? <p className={classFor('problem')}>{text.audioNeedsVisual}</p> : null}
      </div>

      {value.mode === 'references' ? (
        <>
          <ul aria-label={text.summary} className={classFor('summary')}>
            {KINDS.map((kind) => {
              const count = value[LIST_OF[kind]].length;
              const max = limits.maxReferences[LIST_OF[kind]];
              return (
                <li key={kind} data-full={count >= max ? '' : undefined}>
                  {text.count(kind, count, max)}
                </li>
              );
            })}
          </ul>
          {KINDS.map((kind) => {
            const items = value[LIST_OF[kind]];
            if (items.length === 0) return null;
            return (
              <ol key={kind} aria-label={text.list(kind)} className={classFor('list')} data-kind={kind}>
                {items.map((item, position) => {
                  const citation = text.citation(kind, position + 1);
                  const neighbour = items[position + 1] ?? items[position - 1];
                  return (
                    <li key={item.id} className={classFor('item')} data-kind={kind} data-state={statusOf(item).status}>
                      {renderItem(
                        item,
                        citation,
                        <>
                          <IconButton
                            id={itemDomId(item, 'earlier')}
                            className={classFor('itemButton')}
                            label={text.moveEarlier(citation)}
                            glyph="←"
                            disabled={position === 0}
                            onClick={() => moveItem(item, -1)}
                          />
                          <IconButton
                            id={itemDomId(item, 'later')}
                            className={classFor('itemButton')}
                            label={text.moveLater(citation)}
                            glyph="→"
                            disabled={position === items.length - 1}
                            onClick={() => moveItem(item, 1)}
                          />
                          <IconButton
                            id={itemDomId(item, 'remove')}
                            className={classFor('itemButton')}
                            label={text.remove(citation)}
                            glyph="×"
                            onClick={() => removeItem(item, neighbour && itemDomId(neighbour, 'remove'))}
                          />
                        </>,
                      )}
                    </li>
                  );
                })}
              </ol>
            );
          })}
        </>
      ) : (
        <ul aria-label={text.modeFrames} className={classFor('frames')}>
          {(['firstFrame', 'lastFrame'] as const).map((slot) => {
            const item = value[slot];
            const name = slot === 'firstFrame' ? text.firstFrame : text.lastFrame;
            return (
              <li
                key={slot}
                className={classFor('frame')}
                data-slot={slot === 'firstFrame' ? 'first' : 'last'}
                data-state={item === undefined ? 'empty' : statusOf(item).status}
              >
                <span className={own('sd-reference-picker__slot-name')}>
                  {name}
                  {slot === 'lastFrame' ? (
                    <span className={own('sd-reference-picker__optional')}> ({text.optional})</span>
                  ) : null}
                </span>
                {item === undefined ? (
                  <span className={classFor('thumbnail', 'sd-reference-picker__thumbnail--empty')}>
                    {text.emptyFrame}
                  </span>
                ) : (
                  renderItem(
                    item,
                    undefined,
                    <IconButton
                      id={itemDomId(item, 'remove')}
                      className={classFor('itemButton')}
                      label={text.remove(name.toLowerCase())}
                      glyph="×"
                      onClick={() => removeItem(item, undefined)}
                    />,
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
});

const GLYPHS: Record<UploadKind, string> = { image: '▧', video: '▶', audio: '♪' };

/** Object URLs of the picked image files, for previews; each is revoked once its file leaves the selection. */
function useObjectUrls(
  selection: ReferenceSelection,
  references: UseReferenceUploadsResult,
  frames: UseReferenceUploadsResult,
): Readonly<Record<string, string>> {
  const [urls, setUrls] = useState<Readonly<Record<string, string>>>({});
  const urlsRef = useRef(urls);
  useEffect(() => {
    if (typeof URL.createObjectURL !== 'function') return;
    const wanted = new Map<string, Blob>();
    for (const item of allItems(selection)) {
      if (item.kind !== 'image' || item.uploadId === undefined) continue;
      const upload =
        references.uploads.find((candidate) => candidate.id === item.uploadId) ??
        frames.uploads.find((candidate) => candidate.id === item.uploadId);
      if (upload) wanted.set(item.id, upload.file);
    }
    const next: Record<string, string> = { ...urlsRef.current };
    let changed = false;
    for (const [itemId, url] of Object.entries(next)) {
      if (wanted.has(itemId)) continue;
      URL.revokeObjectURL(url);
      delete next[itemId];
      changed = true;
    }
    for (const [itemId, file] of wanted) {
      if (next[itemId] !== undefined) continue;
      next[itemId] = URL.createObjectURL(file);
      changed = true;
    }
    if (!changed) return;
    urlsRef.current = next;
    setUrls(next);
  }, [selection, references.uploads, frames.uploads]);
  useEffect(
    () => () => {
      for (const url of Object.values(urlsRef.current)) URL.revokeObjectURL(url);
      urlsRef.current = {};
    },
    [],
  );
  return urls;
}

function checkDuration(
  fileName: string,
  kind: UploadKind,
  seconds: number | undefined,
  videoSecondsSoFar: number,
): ReferencePickerProblem | undefined {
  if (seconds === undefined || kind === 'image') return undefined;
  const shown = `${Math.round(seconds * 10) / 10} s`;
  if (kind === 'video' && seconds < INPUT_LIMITS.minVideoSeconds) {
    return {
      rule: 'duration',
      fileName,
      message: `"${fileName}" is ${shown} long; reference videos must be ${INPUT_LIMITS.minVideoSeconds} to ${INPUT_LIMITS.maxVideoSeconds} s.`,
    };
  }
  const max = kind === 'video' ? INPUT_LIMITS.maxVideoSeconds : INPUT_LIMITS.maxAudioSeconds;
  if (seconds > max) {
    return {
      rule: 'duration',
      fileName,
      message:
        kind === 'video'
          ? `"${fileName}" is ${shown} long; reference videos must be ${INPUT_LIMITS.minVideoSeconds} to ${max} s.`
          : `"${fileName}" is ${shown} long; reference audio must be at most ${max} s.`,
    };
  }
  if (kind === 'video' && videoSecondsSoFar + seconds > INPUT_LIMITS.maxVideoSeconds) {
    const total = Math.round((videoSecondsSoFar + seconds) * 10) / 10;
    return {
      rule: 'duration',
      fileName,
      message: `"${fileName}" would make the reference videos ${total} s long together; the model takes at most ${INPUT_LIMITS.maxVideoSeconds} s of reference video in all.`,
    };
  }
  return undefined;
}

function ruleOf(code: string): ReferencePickerProblem['rule'] {
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return 'type';
  if (code === 'PAYLOAD_TOO_LARGE') return 'size';
  return 'count';
}

function itemsOfMode(selection: ReferenceSelection): ReferenceItem[] {
  if (selection.mode === 'frames') {
    return [selection.firstFrame, selection.lastFrame].filter((item): item is ReferenceItem => item !== undefined);
  }
  return [...selection.images, ...selection.videos, ...selection.audios];
}

function allItems(selection: ReferenceSelection): ReferenceItem[] {
  return [
    ...selection.images,
    ...selection.videos,
    ...selection.audios,
    ...[selection.firstFrame, selection.lastFrame].filter((item): item is ReferenceItem => item !== undefined),
  ];
}

function totalOf(selection: ReferenceSelection): number {
  return selection.images.length + selection.videos.length + selection.audios.length;
}

function mapItems(selection: ReferenceSelection, change: (item: ReferenceItem) => ReferenceItem): ReferenceSelection {
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
function addItems(selection: ReferenceSelection, items: readonly ReferenceItem[]): ReferenceSelection {
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

function hasDroppable(transfer: DataTransfer | null): boolean {
  if (transfer === null) return false;
  const types = Array.from(transfer.types ?? []);
  return types.includes('Files') || types.includes('text/uri-list');
}

function parseHttpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function kindOfUrl(url: string): UploadKind {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(mp4|mov)$/.test(path)) return 'video';
  if (/\.mp3$/.test(path)) return 'audio';
  return 'image';
}

function nameOfUrl(url: string): string {
  try {
    const parsed = new URL(url, 'https://placeholder.invalid');
    return decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? parsed.hostname) || parsed.hostname;
  } catch {
    return url;
  }
}

let itemCounter = 0;
function nextItemId(): string {
  itemCounter += 1;
  return `reference-${itemCounter}`;
}
