'use client';

import { SeedanceError, type SignerConfig, type UploadedAsset, type UploadKind } from '@seedance-kit/core';
import {
  checkReferenceFile,
  type ReferenceKindCounts,
  toSeedanceError,
  uploadKindOf,
} from '@seedance-kit/core/internal';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { configQueryOptions } from './query-options';
import { useSeedanceTransport } from './seedance-provider';

/** Where one file stands: waiting for the server's limits, sending, done, refused or failed, or canceled. */
export type ReferenceUploadStatus = 'pending' | 'uploading' | 'uploaded' | 'failed' | 'canceled';

/** One file added to {@link useReferenceUploads}. */
export interface ReferenceUpload {
  /** Stable id for keys and for `cancel`, `retry` and `remove`. */
  id: string;
  /** The file as added. */
  file: Blob;
  /** Its name (empty for a nameless `Blob`). */
  fileName: string;
  /** What it is for; from its MIME type unless given to `add`. */
  kind: UploadKind;
  /** Where it stands. */
  status: ReferenceUploadStatus;
  /** Bytes sent in this attempt; never goes down within an attempt. */
  loaded: number;
  /** The file's size. */
  total: number;
  /** The stored asset, once `uploaded`: cite `asset.url` in the generation input. */
  asset: UploadedAsset | undefined;
  /** Why it failed: refused before sending (type, size, count) or by the server. */
  error: SeedanceError | undefined;
}

/** Options of {@link useReferenceUploads}. */
export interface UseReferenceUploadsOptions {
  /** Called when a file is stored. */
  onUploaded?: ((upload: ReferenceUpload, asset: UploadedAsset) => void) | undefined;
  /** Called when a file is refused or fails (not on cancel). */
  onError?: ((upload: ReferenceUpload, error: SeedanceError) => void) | undefined;
}

/** What {@link useReferenceUploads} returns. */
export interface UseReferenceUploadsResult {
  /** Every file added, in order. */
  uploads: readonly ReferenceUpload[];
  /**
   * Adds files and starts sending them, each checked first against the server's `/config` limits (type, size,
   * count); a refused file is listed as `failed` with its reason and no byte is sent. Returns the new entries.
   * Throws when the transport cannot upload.
   */
  add: (files: Iterable<Blob> | ArrayLike<Blob>, kind?: UploadKind) => ReferenceUpload[];
  /** Stops one upload; it stays listed as `canceled` (retry it, or remove it). */
  cancel: (id: string) => void;
  /** Sends a failed or canceled file again, from the start. */
  retry: (id: string) => void;
  /** Stops (if needed) and forgets one file. */
  remove: (id: string) => void;
  /** Stops and forgets every file. */
  clear: () => void;
  /** Bytes over every file not failed or canceled. */
  progress: { loaded: number; total: number; fraction: number };
  /** Whether a file is waiting or being sent. */
  isUploading: boolean;
  /** The stored URLs by the input field that takes them, ready to spread into a generation input. */
  references: { reference_images: string[]; reference_videos: string[]; reference_audios: string[] };
  /** The server's limits, once read. */
  config: SignerConfig | undefined;
  /** Whether the transport can upload at all (hide the picker when not). */
  isSupported: boolean;
}

const ACTIVE: ReadonlySet<ReferenceUploadStatus> = new Set(['pending', 'uploading', 'uploaded']);

/**
 * Headless reference uploads: add files, follow per-file and total byte progress, cancel or retry one. Files are
 * checked against the server's `/config` limits before any byte is sent, then sent through the transport's
 * `upload` (`POST /uploads`).
 *
 * @example
 * const uploads = useReferenceUploads();
 * <input type="file" multiple onChange={(event) => uploads.add(event.target.files ?? [])} />
 * generation.generate({ prompt, ...uploads.references });
 */
export function useReferenceUploads(options: UseReferenceUploadsOptions = {}): UseReferenceUploadsResult {
  const transport = useSeedanceTransport();
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });
  const isSupported = typeof transport.upload === 'function';
  const config = useQuery({ ...configQueryOptions(transport), enabled: isSupported }).data;
  const [uploads, setUploads] = useState<readonly ReferenceUpload[]>([]);
  const uploadsRef = useRef(uploads);
  const controllers = useRef(new Map<string, AbortController>());
  const nextId = useRef(0);

  const update = useCallback((id: string, change: (upload: ReferenceUpload) => ReferenceUpload) => {
    const next = uploadsRef.current.map((upload) => (upload.id === id ? change(upload) : upload));
    uploadsRef.current = next;
    setUploads(next);
  }, []);

  const start = useCallback(
    (id: string, limits: SignerConfig) => {
      const upload = uploadsRef.current.find((candidate) => candidate.id === id);
      if (upload?.status !== 'pending' || !transport.upload) return;
      // Counted against the limits: files already sending or sent, and files added before this one.
      const list = uploadsRef.current;
      const index = list.indexOf(upload);
      const counted = list.filter(
        (other, position) =>
          other.id !== id &&
          (other.status === 'uploading' ||
            other.status === 'uploaded' ||
            (other.status === 'pending' && position < index)),
      );
      const refused = checkReferenceFile(
        { size: upload.total, type: upload.file.type, name: upload.fileName },
        upload.kind,
        limits,
        countKinds(counted),
      );
      if (refused) {
        update(id, (current) => ({ ...current, status: 'failed', error: refused }));
        callbacks.current.onError?.({ ...upload, status: 'failed', error: refused }, refused);
        return;
      }
      const controller = new AbortController();
      controllers.current.set(id, controller);
      update(id, (current) => ({ ...current, status: 'uploading', loaded: 0, error: undefined }));
      transport
        .upload(upload.file, {
          kind: upload.kind,
          ...(upload.fileName ? { fileName: upload.fileName } : {}),
          signal: controller.signal,
          onProgress: (loaded) => {
            if (controller.signal.aborted) return;
            update(id, (current) =>
              loaded > current.loaded ? { ...current, loaded: Math.min(loaded, current.total) } : current,
            );
          },
        })
        .then(
          (asset) => {
            if (controller.signal.aborted) return;
            update(id, (current) => ({ ...current, status: 'uploaded', loaded: current.total, asset }));
            const done = uploadsRef.current.find((candidate) => candidate.id === id);
            if (done) callbacks.current.onUploaded?.(done, asset);
          },
          (caught: unknown) => {
            if (controller.signal.aborted) return;
            const error = toSeedanceError(caught);
            update(id, (current) => ({ ...current, status: 'failed', error }));
            const failed = uploadsRef.current.find((candidate) => candidate.id === id);
            if (failed) callbacks.current.onError?.(failed, error);
          },
        )
        .finally(() => {
          if (controllers.current.get(id) === controller) controllers.current.delete(id);
        });
    },
    [transport, update],
  );

  // Files wait for the server's limits, so nothing is sent that the server would refuse.
  useEffect(() => {
    if (!config) return;
    for (const upload of uploads)
      if (upload.status === 'pending' && !controllers.current.has(upload.id)) start(upload.id, config);
  }, [config, uploads, start]);

  useEffect(() => {
    const active = controllers.current;
    return () => {
      for (const controller of active.values()) controller.abort();
    };
  }, []);

  const add = useCallback(
    (files: Iterable<Blob> | ArrayLike<Blob>, kind?: UploadKind): ReferenceUpload[] => {
      if (!transport.upload) {
        throw new SeedanceError(
          'MISCONFIGURED',
          'useReferenceUploads needs a transport that can upload: createSignerTransport() from @seedance-kit/core has upload(); a custom transport must implement upload(file, { kind, fileName, signal, onProgress }).',
        );
      }
      const added = Array.from(files as ArrayLike<Blob>, (file): ReferenceUpload => {
        nextId.current += 1;
        const detected = kind ?? uploadKindOf(file.type);
        const fileName = typeof File !== 'undefined' && file instanceof File ? file.name : '';
        const unsupported = detected
          ? undefined
          : new SeedanceError(
              'UNSUPPORTED_MEDIA_TYPE',
              `"${fileName || 'The file'}" is ${file.type ? `of type ${file.type}` : 'of an unknown type'}: references are JPEG, PNG or WebP images, MP4 or MOV videos, or MP3 audio.`,
            );
        return {
          id: `upload-${nextId.current}`,
          file,
          fileName,
          kind: detected ?? 'image',
          status: unsupported ? 'failed' : 'pending',
          loaded: 0,
          total: file.size,
          asset: undefined,
          error: unsupported,
        };
      });
      uploadsRef.current = [...uploadsRef.current, ...added];
      setUploads(uploadsRef.current);
      for (const upload of added) if (upload.error) callbacks.current.onError?.(upload, upload.error);
      return added;
    },
    [transport],
  );

  const cancel = useCallback(
    (id: string) => {
      controllers.current.get(id)?.abort();
      controllers.current.delete(id);
      update(id, (current) =>
        current.status === 'pending' || current.status === 'uploading' ? { ...current, status: 'canceled' } : current,
      );
    },
    [update],
  );

  const retry = useCallback(
    (id: string) => {
      update(id, (current) =>
        current.status === 'failed' || current.status === 'canceled'
          ? { ...current, status: 'pending', loaded: 0, error: undefined }
          : current,
      );
    },
    [update],
  );

  const remove = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
    controllers.current.delete(id);
    uploadsRef.current = uploadsRef.current.filter((upload) => upload.id !== id);
    setUploads(uploadsRef.current);
  }, []);

  const clear = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    controllers.current.clear();
    uploadsRef.current = [];
    setUploads([]);
  }, []);

  const derived = useMemo(() => {
    const counted = uploads.filter((upload) => ACTIVE.has(upload.status));
    const loaded = counted.reduce((sum, upload) => sum + upload.loaded, 0);
    const total = counted.reduce((sum, upload) => sum + upload.total, 0);
    const urls = (kind: UploadKind) =>
      uploads.flatMap((upload) => (upload.kind === kind && upload.asset ? [upload.asset.url] : []));
    return {
      progress: { loaded, total, fraction: total === 0 ? 0 : loaded / total },
      isUploading: uploads.some((upload) => upload.status === 'pending' || upload.status === 'uploading'),
      references: { reference_images: urls('image'), reference_videos: urls('video'), reference_audios: urls('audio') },
    };
  }, [uploads]);

  return { uploads, add, cancel, retry, remove, clear, ...derived, config, isSupported };
}

function countKinds(uploads: readonly ReferenceUpload[]): ReferenceKindCounts {
  const counts: ReferenceKindCounts = { image: 0, video: 0, audio: 0 };
  for (const upload of uploads) counts[upload.kind] += 1;
  return counts;
}
