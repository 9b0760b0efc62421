import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SegmindAspectRatio } from './constants';

/** A file the CDN path serves from disk. */
export interface MediaFile {
  path: string;
  size: number;
  contentType: string;
}

/** The clip and its last frame for one aspect ratio. */
export interface ClipMedia {
  video: MediaFile;
  lastFrame: MediaFile;
}

/** Every aspect ratio with a clip of its own; `adaptive` is served the 16:9 one. */
export type ClipAspectRatio = Exclude<SegmindAspectRatio, 'adaptive'>;

/** The clips, one per aspect ratio, made once by `scripts/make-media.sh`. */
export type MediaCatalog = Record<ClipAspectRatio, ClipMedia>;

const CLIP_ASPECT_RATIOS: readonly ClipAspectRatio[] = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'];

/**
 * Finds the committed clips and their sizes once at start. Resolved against this module's URL so it works the same
 * from `src/` (tests, `tsx`) and from `dist/` (the published package), both one level below `media/`.
 */
export async function loadMediaCatalog(directory: URL = new URL('../media/', import.meta.url)): Promise<MediaCatalog> {
  const entries = await Promise.all(
    CLIP_ASPECT_RATIOS.map(async (aspectRatio) => {
      const name = `seedance-${aspectRatio.replace(':', 'x')}`;
      const video = await describeFile(new URL(`${name}.mp4`, directory), 'video/mp4');
      const lastFrame = await describeFile(new URL(`${name}-last-frame.jpg`, directory), 'image/jpeg');
      return [aspectRatio, { video, lastFrame }] as const;
    }),
  );
  return Object.fromEntries(entries) as MediaCatalog;
}

/** The clip served for a requested aspect ratio. */
export function clipFor(catalog: MediaCatalog, aspectRatio: SegmindAspectRatio): ClipMedia {
  return catalog[aspectRatio === 'adaptive' ? '16:9' : aspectRatio];
}

async function describeFile(url: URL, contentType: string): Promise<MediaFile> {
  const path = fileURLToPath(url);
  try {
    const { size } = await stat(path);
    return { path, size, contentType };
  } catch (error) {
    throw new Error(
      `The emulator's media file ${path} is missing. Reinstall @seedance-kit/emulator, or in the repository run ` +
        'packages/emulator/scripts/make-media.sh.',
      { cause: error },
    );
  }
}
