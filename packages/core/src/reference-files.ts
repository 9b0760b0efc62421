import { SeedanceError } from './errors';
import { INPUT_LIMITS } from './generation-input';
import type { SignerConfig } from './protocol';
import type { UploadKind } from './protocol-constants';

/** The MIME types the signer takes for each kind of reference file (docs/protocol.md, "Uploads"). */
export const UPLOAD_CONTENT_TYPES: Readonly<Record<UploadKind, readonly string[]>> = {
  image: ['image/jpeg', 'image/png', 'image/webp'],
  video: ['video/mp4', 'video/quicktime'],
  audio: ['audio/mpeg', 'audio/mp3'],
};

/** How many reference files of each kind a generation already has. */
export type ReferenceKindCounts = Record<UploadKind, number>;

/** The kind a MIME type uploads as, or `undefined` when the signer takes no such file. */
export function uploadKindOf(contentType: string): UploadKind | undefined {
  const type = contentType.toLowerCase();
  return (Object.keys(UPLOAD_CONTENT_TYPES) as UploadKind[]).find((kind) => UPLOAD_CONTENT_TYPES[kind].includes(type));
}

/**
 * Checks a file against the signer's policy before any byte is sent: its type for the kind, its size against
 * `maxUploadBytes`, and the number of references of its kind (`maxReferences`) and in all. Returns the error the
 * server would answer with, or `undefined` when the file may go.
 */
export function checkReferenceFile(
  file: { size: number; type: string; name?: string },
  kind: UploadKind,
  config: Pick<SignerConfig, 'maxUploadBytes' | 'maxReferences'>,
  counts: ReferenceKindCounts,
): SeedanceError | undefined {
  const name = file.name ? `"${file.name}"` : 'The file';
  const types = UPLOAD_CONTENT_TYPES[kind];
  if (!types.includes(file.type.toLowerCase())) {
    return new SeedanceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${name} is ${file.type ? `of type ${file.type}` : 'of an unknown type'}; a reference ${kind} must be ${types.filter((type) => type !== 'audio/mp3').join(', ')}.`,
    );
  }
  if (file.size === 0) return new SeedanceError('VALIDATION_FAILED', `${name} is empty.`);
  const maxBytes = config.maxUploadBytes[kind];
  if (file.size > maxBytes) {
    return new SeedanceError(
      'PAYLOAD_TOO_LARGE',
      `${name} is ${megabytes(file.size)}; this server takes reference ${kind}s up to ${megabytes(maxBytes)}.`,
    );
  }
  const maxOfKind = config.maxReferences[`${kind}s`];
  if (counts[kind] >= maxOfKind) {
    return new SeedanceError(
      'VALIDATION_FAILED',
      `A generation takes at most ${maxOfKind} reference ${kind}${maxOfKind === 1 ? '' : 's'}; remove one to add ${name}.`,
    );
  }
  if (counts.image + counts.video + counts.audio >= INPUT_LIMITS.maxReferenceFiles) {
    return new SeedanceError(
      'VALIDATION_FAILED',
      `A generation takes at most ${INPUT_LIMITS.maxReferenceFiles} reference files in all; remove one to add ${name}.`,
    );
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
