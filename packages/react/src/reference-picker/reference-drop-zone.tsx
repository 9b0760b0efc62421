import { UPLOAD_CONTENT_TYPES } from '@seedance-kit/core/internal';
import { type DragEvent, type KeyboardEvent, type ReactNode, useRef, useState } from 'react';
import type { ReferencePickerPart } from './reference-picker';
import type { ReferencePickerLabels } from './reference-picker-labels';
import { KINDS, type ReferenceMode } from './reference-selection';

/** Props of {@link ReferenceDropZone}. */
export interface ReferenceDropZoneProps {
  /** The picker's id, prefix of the ids here. */
  id: string;
  /** The picker's mode: frames take images only, one at a time. */
  mode: ReferenceMode;
  /** Whether something droppable is over the zone. */
  dragging: boolean;
  /** The drop handlers of `useDropZone`. */
  handlers: {
    onDragEnter: (event: DragEvent<HTMLDivElement>) => void;
    onDragOver: (event: DragEvent<HTMLDivElement>) => void;
    onDragLeave: () => void;
    onDrop: (event: DragEvent<HTMLDivElement>) => void;
  };
  /** The picker's strings. */
  text: ReferencePickerLabels;
  /** The picker's class of a part. */
  classFor: (part: ReferencePickerPart, ...extra: (string | false | undefined)[]) => string | undefined;
  /** A built-in class, or none when unstyled. */
  own: (name: string) => string | undefined;
  /** Files browsed. */
  onFiles: (files: File[]) => void;
  /** A URL typed: `invalid` keeps it and says so, `refused` keeps it (the picker says why), `added` clears it. */
  onAddUrl: (text: string) => 'invalid' | 'refused' | 'added';
  /** The attachments layout: an add button, and the URL field behind a disclosure. */
  compact?: boolean;
}

/** Where ReferencePicker takes files in: the drop target, the browse button and the URL field. */
export function ReferenceDropZone({
  id,
  mode,
  dragging,
  handlers,
  text,
  classFor,
  own,
  onFiles,
  onAddUrl,
  compact = false,
}: ReferenceDropZoneProps): ReactNode {
  const [urlText, setUrlText] = useState('');
  const [urlInvalid, setUrlInvalid] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const accept = (mode === 'frames' ? UPLOAD_CONTENT_TYPES.image : KINDS.flatMap((kind) => UPLOAD_CONTENT_TYPES[kind]))
    .concat(mode === 'frames' ? [] : ['.mp3'])
    .join(',');
  const submitUrl = () => {
    const outcome = onAddUrl(urlText);
    setUrlInvalid(outcome === 'invalid');
    if (outcome === 'added') setUrlText('');
  };
  const urlField = (
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
              submitUrl();
            }
          }}
        />
        <button type="button" className={classFor('urlButton')} onClick={submitUrl}>
          {text.addUrl}
        </button>
      </span>
      {urlInvalid ? (
        <p id={`${id}-url-error`} className={classFor('error')}>
          {text.invalidUrl}
        </p>
      ) : null}
    </div>
  );
  // The drop target for the mouse; the browse button and the URL field do the same from the keyboard.
  return (
    <div
      className={classFor('dropZone')}
      data-drop-zone=""
      data-compact={compact ? '' : undefined}
      data-dragging={dragging ? '' : undefined}
      {...handlers}
    >
      <p
        id={`${id}-drop`}
        className={own(compact ? 'sd-reference-picker__visually-hidden' : 'sd-reference-picker__drop-text')}
      >
        {mode === 'frames' ? text.dropFrames : text.dropReferences}
      </p>
      <button
        type="button"
        id={`${id}-browse`}
        className={classFor('browse')}
        aria-describedby={`${id}-drop`}
        onClick={() => inputRef.current?.click()}
      >
        {compact ? (
          <span aria-hidden="true" className={own('sd-reference-picker__add-glyph')}>
            +
          </span>
        ) : null}
        {text.browse}
      </button>
      <input
        ref={inputRef}
        type="file"
        hidden
        multiple={mode === 'references'}
        accept={accept}
        aria-label={text.browse}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Cleared so choosing the same file again (after removing it) fires a change.
          event.target.value = '';
          onFiles(files);
        }}
      />
      {compact ? (
        <details className={own('sd-reference-picker__url-details')}>
          <summary className={own('sd-reference-picker__url-summary')}>{text.url}</summary>
          {urlField}
        </details>
      ) : (
        urlField
      )}
    </div>
  );
}
