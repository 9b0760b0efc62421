import { type DragEvent, type RefObject, useEffect, useRef, useState } from 'react';

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

/**
 * Makes `target` (outside the picker) take drops as the picker's own drop zone does, and says whether something
 * droppable is over it.
 */
export function useOuterDropTarget(
  target: RefObject<HTMLElement | null> | undefined,
  handlers: ReturnType<typeof useDropZone>['handlers'],
): boolean {
  const [depth, setDepth] = useState(0);
  const latestHandlers = useRef(handlers);
  latestHandlers.current = handlers;
  useEffect(() => {
    const element = target?.current;
    if (element === null || element === undefined) return;
    // The picker's own zone handles what lands on it (React's handlers run after these native ones, at the root);
    // the outer target only takes what lands elsewhere.
    const own = (event: Event) => event.target instanceof Element && event.target.closest('[data-drop-zone]') !== null;
    const enter = (event: globalThis.DragEvent) => {
      if (own(event)) return;
      latestHandlers.current.onDragOver(event as never);
      if (event.defaultPrevented) setDepth((current) => current + 1);
    };
    const over = (event: globalThis.DragEvent) => {
      if (!own(event)) latestHandlers.current.onDragOver(event as never);
    };
    const leave = () => setDepth((current) => Math.max(0, current - 1));
    const drop = (event: globalThis.DragEvent) => {
      setDepth(0);
      if (!own(event)) latestHandlers.current.onDrop(event as never);
    };
    element.addEventListener('dragenter', enter);
    element.addEventListener('dragover', over);
    element.addEventListener('dragleave', leave);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragenter', enter);
      element.removeEventListener('dragover', over);
      element.removeEventListener('dragleave', leave);
      element.removeEventListener('drop', drop);
    };
  }, [target]);
  return depth > 0;
}
