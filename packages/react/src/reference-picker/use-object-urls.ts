import { useEffect, useRef, useState } from 'react';
import type { UseReferenceUploadsResult } from '../use-reference-uploads';
import { allItems, type ReferenceSelection } from './reference-selection';

/** Object URLs of the picked image files, for previews; each is revoked once its file leaves the selection. */
export function useObjectUrls(
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
