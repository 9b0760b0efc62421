import type { UploadKind } from '@seedance-kit/core';
import type { CSSProperties, ReactNode } from 'react';
import { IconButton } from '../internal/icon-button';
import type { ReferenceUpload } from '../use-reference-uploads';
import type { ReferencePickerPart } from './reference-picker';
import type { ReferencePickerLabels } from './reference-picker-labels';
import type { ReferenceItem, ReferenceItemStatus } from './reference-selection';

/** Props of {@link ReferenceItemContent}. */
export interface ReferenceItemContentProps {
  /** The picked file or URL. */
  item: ReferenceItem;
  /** Its citation ("image 1") in references mode; `undefined` for a frame. */
  citation: string | undefined;
  /** Where its upload stands. */
  status: ReferenceItemStatus;
  /** Its upload, when it is a file. */
  upload: ReferenceUpload | undefined;
  /** A preview or poster, when there is one. */
  thumbnailUrl: string | undefined;
  /** The picker's strings. */
  text: ReferencePickerLabels;
  /** The picker's class of a part. */
  classFor: (part: ReferencePickerPart, ...extra: (string | false | undefined)[]) => string | undefined;
  /** A built-in class, or none when unstyled. */
  own: (name: string) => string | undefined;
  /** Cancels its upload. */
  onCancel: (upload: ReferenceUpload) => void;
  /** Sends its upload again. */
  onRetry: (upload: ReferenceUpload) => void;
  /** The buttons after the upload actions (reorder, remove). */
  children?: ReactNode;
}

const GLYPHS: Record<UploadKind, string> = { image: '▧', video: '▶', audio: '♪' };

/** One item of ReferencePicker, a reference or a frame: thumbnail, name, upload state and actions. */
export function ReferenceItemContent({
  item,
  citation,
  status,
  upload,
  thumbnailUrl,
  text,
  classFor,
  own,
  onCancel,
  onRetry,
  children,
}: ReferenceItemContentProps): ReactNode {
  const fraction = upload && upload.total > 0 ? upload.loaded / upload.total : 0;
  const busy = status === 'uploading' || status === 'pending';
  return (
    <>
      <span className={classFor('thumbnail')} data-kind={item.kind} aria-hidden="true">
        {thumbnailUrl === undefined ? (
          <span className={own('sd-reference-picker__glyph')}>{GLYPHS[item.kind]}</span>
        ) : (
          <img src={thumbnailUrl} alt="" />
        )}
        {item.durationSeconds === undefined ? null : (
          <span className={classFor('duration')}>{text.duration(item.durationSeconds)}</span>
        )}
      </span>
      <span className={own('sd-reference-picker__body')}>
        {citation === undefined ? null : <span className={classFor('citation')}>{citation}</span>}
        <ElidedName name={item.name} className={classFor('name')} own={own} />
        {busy ? (
          <div
            role="progressbar"
            aria-label={text.uploading(item.name)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
            className={classFor('progress')}
            data-state={status}
          >
            <span className={own('sd-reference-picker__bar')} style={{ '--_sd-progress': fraction } as CSSProperties} />
          </div>
        ) : null}
        {status === 'uploaded' ? null : (
          <span
            className={classFor(
              'error',
              status !== 'failed' && status !== 'interrupted' && 'sd-reference-picker__error--quiet',
            )}
          >
            {text.status(status)}
            {upload?.error ? ` ${upload.error.message}` : ''}
          </span>
        )}
      </span>
      <span className={classFor('itemActions')}>
        {upload !== undefined && busy ? (
          <IconButton
            className={classFor('itemButton')}
            label={text.cancel(item.name)}
            glyph="■"
            onClick={() => onCancel(upload)}
          />
        ) : null}
        {upload !== undefined && (status === 'failed' || status === 'canceled') ? (
          <IconButton
            className={classFor('itemButton')}
            label={text.retry(item.name)}
            glyph="↻"
            onClick={() => onRetry(upload)}
          />
        ) : null}
        {children}
      </span>
    </>
  );
}

/** The last frame of the finished video, offered as the next first frame. */
export function LastFrameOffer({
  id,
  url,
  text,
  classFor,
  own,
  onTake,
}: {
  id: string;
  url: string;
  text: ReferencePickerLabels;
  classFor: ReferenceItemContentProps['classFor'];
  own: (name: string) => string | undefined;
  onTake: () => void;
}): ReactNode {
  return (
    <div className={classFor('offer')}>
      <img src={url} alt="" className={own('sd-reference-picker__offer-image')} />
      <p id={`${id}-offer-hint`} className={own('sd-reference-picker__offer-hint')}>
        {text.useLastFrameHint}
      </p>
      <button type="button" className={classFor('offerButton')} aria-describedby={`${id}-offer-hint`} onClick={onTake}>
        {text.useLastFrame}
      </button>
    </div>
  );
}

/** A file name split so that CSS can elide its middle and keep the end (`seedance-16x…frame.jpg`). */
function ElidedName({
  name,
  className,
  own,
}: {
  name: string;
  className: string | undefined;
  own: (name: string) => string | undefined;
}) {
  if (name.length <= 18) {
    return (
      <span className={className} title={name}>
        {name}
      </span>
    );
  }
  return (
    <span className={className} title={name}>
      <span className={own('sd-reference-picker__visually-hidden')}>{name}</span>
      <span aria-hidden="true" className={own('sd-reference-picker__name-start')}>
        {name.slice(0, -10)}
      </span>
      <span aria-hidden="true" className={own('sd-reference-picker__name-end')}>
        {name.slice(-10)}
      </span>
    </span>
  );
}
