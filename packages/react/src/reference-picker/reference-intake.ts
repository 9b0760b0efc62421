import { INPUT_LIMITS, type SignerConfig, type UploadKind } from '@seedance-kit/core';
import {
  checkReferenceFile,
  type ReferenceKindCounts,
  UPLOAD_CONTENT_TYPES,
  uploadKindOf,
} from '@seedance-kit/core/internal';
import { type MediaInfo, readMediaInfo } from '../internal/media-info';
import {
  kindOfUrl,
  nameOfUrl,
  nextItemId,
  parseHttpUrl,
  type ReferenceItem,
  type ReferencePickerProblem,
  type ReferenceSelection,
} from './reference-selection';

// How ReferencePicker takes files and URLs in: every rule checked before a byte is sent, each broken rule a problem
// that names the file.

/** The limits a selection is checked against: the signer's `/config`, or the model's own before it answers. */
export type IntakeLimits = Pick<SignerConfig, 'maxUploadBytes' | 'maxReferences'>;

/** A file that passed every check, with what the browser could read of it. */
export interface AcceptedFile {
  /** The file. */
  file: File;
  /** What it is for. */
  kind: UploadKind;
  /** Its duration and poster, when readable. */
  info: MediaInfo;
}

/** What the model takes, for checks made before the server's `/config` has answered. */
export const MODEL_LIMITS: IntakeLimits = {
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
 * Checks picked files against the mode, the types, sizes and counts the limits allow and the reference durations,
 * in the order given; `latest()` is read after the media are read, so files picked meanwhile count.
 */
export async function checkPickedFiles(
  files: readonly File[],
  latest: () => ReferenceSelection,
  limits: IntakeLimits,
): Promise<{ accepted: AcceptedFile[]; found: ReferencePickerProblem[] }> {
  const mode = latest().mode;
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
      const info: MediaInfo = kind === 'image' ? {} : await readMediaInfo(file, kind);
      return { file, kind, info };
    }),
  );
  const current = latest();
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
  return { accepted, found };
}

/** Checks a typed URL: the item to add, the problem it breaks, or `invalid` when it is no http(s) URL. */
export function checkUrl(
  text: string,
  current: ReferenceSelection,
  limits: IntakeLimits,
): { item: ReferenceItem } | { problem: ReferencePickerProblem } | 'invalid' {
  const parsed = parseHttpUrl(text.trim());
  if (parsed === undefined) return 'invalid';
  const kind = current.mode === 'frames' ? 'image' : kindOfUrl(parsed);
  const name = nameOfUrl(parsed);
  if (current.mode === 'frames' && current.firstFrame !== undefined && current.lastFrame !== undefined) {
    return {
      problem: {
        rule: 'frames',
        fileName: name,
        message: `The first and last frames are both set; remove one to add "${name}".`,
      },
    };
  }
  if (current.mode === 'references') {
    // A URL is held to the counts only (the signer checks what it fetches): the counts' check of a file of its kind.
    const counts = { image: current.images.length, video: current.videos.length, audio: current.audios.length };
    const file = { size: 1, type: UPLOAD_CONTENT_TYPES[kind][0] ?? '', name };
    const refused = checkReferenceFile(file, kind, limits, counts);
    if (refused) return { problem: { rule: 'count', fileName: name, message: refused.message } };
  }
  return { item: { id: nextItemId(), kind, name, url: parsed, source: 'url' } };
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
