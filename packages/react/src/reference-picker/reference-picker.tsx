'use client';

import { INPUT_LIMITS } from '@seedance-kit/core';
import {
  type ClipboardEvent,
  type ComponentPropsWithoutRef,
  forwardRef,
  type ReactNode,
  type RefObject,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { absoluteUrl, join, partClasses } from '../internal/dom';
import { IconButton } from '../internal/icon-button';
import { useControllableState } from '../internal/use-controllable-state';
import { useFocusAfterRender } from '../internal/use-focus-after-render';
import { type ReferenceUpload, useReferenceUploads } from '../use-reference-uploads';
import { ReferenceDropZone } from './reference-drop-zone';
import { checkPickedFiles, checkUrl, MODEL_LIMITS } from './reference-intake';
import { LastFrameOffer, ReferenceItemContent } from './reference-item';
import { ReferenceLists } from './reference-lists';
import { defaultReferencePickerLabels, type ReferencePickerLabels } from './reference-picker-labels';
import {
  addItems,
  allItems,
  emptyReferenceSelection,
  itemsOfMode,
  KINDS,
  LIST_OF,
  mapItems,
  nextItemId,
  type ReferenceItem,
  type ReferenceItemStatus,
  type ReferenceMode,
  type ReferencePickerProblem,
  type ReferenceSelection,
  withFirstFrame,
  withoutItem,
} from './reference-selection';
import { useDropZone, useOuterDropTarget } from './use-drop-zone';
import { useObjectUrls } from './use-object-urls';

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
  /**
   * `panel` (default): a drop zone, a URL field and a card per file. `attachments`: the files as compact chips
   * ("image 1" and the file name) followed by an add button, to sit under a prompt as its attachments.
   */
  variant?: 'panel' | 'attachments' | undefined;
  /** Another element that also takes dropped files and addresses, e.g. the whole prompt form around the chips. */
  dropTarget?: RefObject<HTMLElement | null> | undefined;
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
export const ReferencePicker = /*#__PURE__*/ forwardRef<HTMLFieldSetElement, ReferencePickerProps>(
  function ReferencePicker(
    {
      value: controlledValue,
      defaultValue,
      onValueChange,
      lastFrameUrl,
      disabled = false,
      unstyled = false,
      classNames,
      labels,
      variant = 'panel',
      dropTarget,
      className,
      style,
      onPaste,
      ...rest
    },
    ref,
  ) {
    const text = { ...defaultReferencePickerLabels, ...labels };
    const id = useId();
    // The newest selection is read through latest(), also between a change and the render it causes, so uploads
    // finishing together all land.
    const [value, commit, latest] = useControllableState(
      controlledValue,
      () => defaultValue ?? emptyReferenceSelection,
      onValueChange,
    );
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
    const pendingFocus = useRef<string | null>(null);

    // Files dropped from the selection by the host (or by a remove) stop uploading and are forgotten.
    useEffect(() => {
      const referenced = new Set(allItems(value).flatMap((item) => (item.uploadId ? [item.uploadId] : [])));
      for (const upload of references.uploads) if (!referenced.has(upload.id)) references.remove(upload.id);
      for (const upload of frames.uploads) if (!referenced.has(upload.id)) frames.remove(upload.id);
    }, [value, references.uploads, frames.uploads, references.remove, frames.remove]);

    useFocusAfterRender(pendingFocus);

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
      const mode = latest().mode;
      const { accepted, found } = await checkPickedFiles(files, latest, limits);
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

    const addUrl = (typed: string): 'invalid' | 'refused' | 'added' => {
      const checked = checkUrl(typed, latest(), limits);
      if (checked === 'invalid') return 'invalid';
      if ('problem' in checked) {
        report([checked.problem]);
        return 'refused';
      }
      commit((selection) => addItems(selection, [checked.item]));
      return 'added';
    };

    const removeItem = (item: ReferenceItem, focusAfter: string | undefined) => {
      pendingFocus.current = focusAfter ?? `${id}-browse`;
      commit((selection) => withoutItem(selection, item));
    };

    const moveItem = (item: ReferenceItem, offset: -1 | 1) => {
      const list = LIST_OF[item.kind];
      const items = [...latest()[list]];
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
      if (mode === latest().mode) return;
      commit((selection) => ({ ...selection, mode }));
    };

    const takeLastFrame = () => {
      if (lastFrameUrl === undefined) return;
      commit((selection) => withFirstFrame(selection, lastFrameUrl));
    };

    const dropZone = useDropZone({
      disabled,
      onFiles: (files) => void addFiles(files),
      // A dropped address goes through the same checks as a typed one.
      onUrl: (dropped) => void addUrl(dropped),
    });
    const outerDragging = useOuterDropTarget(dropTarget, dropZone.handlers);
    const dragging = dropZone.dragging || outerDragging;

    const handlePaste = (event: ClipboardEvent<HTMLFieldSetElement>) => {
      onPaste?.(event);
      if (event.defaultPrevented || disabled) return;
      const files = Array.from(event.clipboardData.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      void addFiles(files);
    };

    const hookOf = (upload: ReferenceUpload) => (frames.uploads.includes(upload) ? frames : references);

    // An item's thumbnail, name (after its citation in references mode), upload state and actions, then `buttons`.
    const renderItem = (item: ReferenceItem, citation: string | undefined, buttons: ReactNode) => {
      const { status, upload } = statusOf(item);
      return (
        <ReferenceItemContent
          item={item}
          citation={citation}
          status={status}
          upload={upload}
          thumbnailUrl={item.kind === 'image' ? (previews[item.id] ?? item.url) : posters[item.id]}
          text={text}
          classFor={classFor}
          own={own}
          onCancel={(cancelled) => hookOf(cancelled).cancel(cancelled.id)}
          onRetry={(retried) => hookOf(retried).retry(retried.id)}
        >
          {buttons}
        </ReferenceItemContent>
      );
    };

    const zone = (
      <ReferenceDropZone
        id={id}
        mode={value.mode}
        dragging={dragging}
        handlers={dropZone.handlers}
        text={text}
        classFor={classFor}
        own={own}
        onFiles={(files) => void addFiles(files)}
        onAddUrl={addUrl}
        compact={variant === 'attachments'}
      />
    );
    const lists = (
      <ReferenceLists
        selection={value}
        limits={limits}
        text={text}
        classFor={classFor}
        own={own}
        statusOf={(listed) => statusOf(listed).status}
        itemDomId={itemDomId}
        renderItem={renderItem}
        moveItem={moveItem}
        removeItem={removeItem}
      />
    );

    return (
      <fieldset
        ref={ref}
        disabled={disabled}
        aria-busy={state === 'uploading'}
        data-state={state}
        data-mode={value.mode}
        data-variant={variant}
        data-dragging={dragging ? '' : undefined}
        data-full={full ? '' : undefined}
        data-disabled={disabled ? '' : undefined}
        className={join(
          unstyled ? undefined : 'sd-reference-picker',
          variant === 'attachments' && own('sd-reference-picker--attachments'),
          className,
        )}
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
          <LastFrameOffer id={id} url={lastFrameUrl} text={text} classFor={classFor} own={own} onTake={takeLastFrame} />
        ) : null}

        {variant === 'attachments' ? (
          <div className={own('sd-reference-picker__attachments')}>
            {lists}
            {zone}
          </div>
        ) : (
          <>
            {zone}
            {lists}
          </>
        )}

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
      </fieldset>
    );
  },
);
