import { type DragEvent, useState } from 'react';

/** What {@link useDropZone} is told when something lands. */
export interface DropZoneOptions {
  /** Nothing is taken while disabled. */
  disabled: boolean;
  /** Files dropped. */
  onFiles: (files: File[]) => void;
  /** An address dropped (an image dragged from another page arrives as its URL). */
  onUrl: (url: string) => void;
}

/**
 * The mouse side of a drop zone: whether something droppable is over it (counting nested enter/leave pairs) and
 * the handlers to spread on it. The keyboard side is the browse button and the URL field.
 */
export function useDropZone({ disabled, onFiles, onUrl }: DropZoneOptions) {
  const [dragDepth, setDragDepth] = useState(0);
  const handlers = {
    onDragEnter: (event: DragEvent<HTMLDivElement>) => {
      if (disabled || !hasDroppable(event.dataTransfer)) return;
      event.preventDefault();
      setDragDepth((depth) => depth + 1);
    },
    onDragOver: (event: DragEvent<HTMLDivElement>) => {
      if (disabled || !hasDroppable(event.dataTransfer)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => setDragDepth((depth) => Math.max(0, depth - 1)),
    onDrop: (event: DragEvent<HTMLDivElement>) => {
      event.preventDefault();
      setDragDepth(0);
      if (disabled) return;
      const files = Array.from(event.dataTransfer.files ?? []);
      if (files.length > 0) {
        onFiles(files);
        return;
      }
      const dropped = event.dataTransfer.getData('text/uri-list').split('\n')[0]?.trim();
      if (dropped) onUrl(dropped);
    },
  };
  return { dragging: dragDepth > 0, handlers };
}

function hasDroppable(transfer: DataTransfer | null): boolean {
  if (transfer === null) return false;
  const types = Array.from(transfer.types ?? []);
  return types.includes('Files') || types.includes('text/uri-list');
}
