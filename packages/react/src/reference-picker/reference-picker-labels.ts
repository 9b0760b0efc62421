import type { UploadKind } from '@seedance-kit/core';
import type { ReferenceItemStatus, ReferenceMode, ReferencePickerProblem } from './reference-selection';

/** Every visible (or announced) string of `ReferencePicker`, for translation or tone. */
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

/** The English strings `ReferencePicker` uses unless `labels` says otherwise. */
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
