import type { ReactNode } from 'react';
import { IconButton } from '../internal/icon-button';
import type { IntakeLimits } from './reference-intake';
import type { ReferencePickerPart } from './reference-picker';
import type { ReferencePickerLabels } from './reference-picker-labels';
import {
  KINDS,
  LIST_OF,
  type ReferenceItem,
  type ReferenceItemStatus,
  type ReferenceSelection,
} from './reference-selection';

/** Props of {@link ReferenceLists}. */
export interface ReferenceListsProps {
  /** What is picked. */
  selection: ReferenceSelection;
  /** The limits the counts are shown against. */
  limits: IntakeLimits;
  /** The picker's strings. */
  text: ReferencePickerLabels;
  /** The picker's class of a part. */
  classFor: (part: ReferencePickerPart, ...extra: (string | false | undefined)[]) => string | undefined;
  /** A built-in class, or none when unstyled. */
  own: (name: string) => string | undefined;
  /** Where an item's upload stands. */
  statusOf: (item: ReferenceItem) => ReferenceItemStatus;
  /** The id of an item's button. */
  itemDomId: (item: ReferenceItem, part: string) => string;
  /** An item's content, with `buttons` after its upload actions. */
  renderItem: (item: ReferenceItem, citation: string | undefined, buttons: ReactNode) => ReactNode;
  /** Moves a reference one place. */
  moveItem: (item: ReferenceItem, offset: -1 | 1) => void;
  /** Removes an item, then focuses `focusAfter` (the browse button when `undefined`). */
  removeItem: (item: ReferenceItem, focusAfter: string | undefined) => void;
}

/** What ReferencePicker lists: the counts and the references in order, or the two frame slots. */
export function ReferenceLists({
  selection,
  limits,
  text,
  classFor,
  own,
  statusOf,
  itemDomId,
  renderItem,
  moveItem,
  removeItem,
}: ReferenceListsProps): ReactNode {
  return selection.mode === 'references' ? (
    <>
      <ul aria-label={text.summary} className={classFor('summary')}>
        {KINDS.map((kind) => {
          const count = selection[LIST_OF[kind]].length;
          const max = limits.maxReferences[LIST_OF[kind]];
          return (
            <li key={kind} data-full={count >= max ? '' : undefined}>
              {text.count(kind, count, max)}
            </li>
          );
        })}
      </ul>
      {KINDS.map((kind) => {
        const items = selection[LIST_OF[kind]];
        if (items.length === 0) return null;
        return (
          <ol key={kind} aria-label={text.list(kind)} className={classFor('list')} data-kind={kind}>
            {items.map((item, position) => {
              const citation = text.citation(kind, position + 1);
              const neighbour = items[position + 1] ?? items[position - 1];
              return (
                <li key={item.id} className={classFor('item')} data-kind={kind} data-state={statusOf(item)}>
                  {renderItem(
                    item,
                    citation,
                    <>
                      <IconButton
                        id={itemDomId(item, 'earlier')}
                        className={classFor('itemButton')}
                        label={text.moveEarlier(citation)}
                        glyph="←"
                        disabled={position === 0}
                        onClick={() => moveItem(item, -1)}
                      />
                      <IconButton
                        id={itemDomId(item, 'later')}
                        className={classFor('itemButton')}
                        label={text.moveLater(citation)}
                        glyph="→"
                        disabled={position === items.length - 1}
                        onClick={() => moveItem(item, 1)}
                      />
                      <IconButton
                        id={itemDomId(item, 'remove')}
                        className={classFor('itemButton')}
                        label={text.remove(citation)}
                        glyph="×"
                        onClick={() => removeItem(item, neighbour && itemDomId(neighbour, 'remove'))}
                      />
                    </>,
                  )}
                </li>
              );
            })}
          </ol>
        );
      })}
    </>
  ) : (
    <ul aria-label={text.modeFrames} className={classFor('frames')}>
      {(['firstFrame', 'lastFrame'] as const).map((slot) => {
        const item = selection[slot];
        const name = slot === 'firstFrame' ? text.firstFrame : text.lastFrame;
        return (
          <li
            key={slot}
            className={classFor('frame')}
            data-slot={slot === 'firstFrame' ? 'first' : 'last'}
            data-state={item === undefined ? 'empty' : statusOf(item)}
          >
            <span className={own('sd-reference-picker__slot-name')}>
              {name}
              {slot === 'lastFrame' ? (
                <span className={own('sd-reference-picker__optional')}> ({text.optional})</span>
              ) : null}
            </span>
            {item === undefined ? (
              <span className={classFor('thumbnail', 'sd-reference-picker__thumbnail--empty')}>{text.emptyFrame}</span>
            ) : (
              renderItem(
                item,
                undefined,
                <IconButton
                  id={itemDomId(item, 'remove')}
                  className={classFor('itemButton')}
                  label={text.remove(name.toLowerCase())}
                  glyph="×"
                  onClick={() => removeItem(item, undefined)}
                />,
              )
            )}
          </li>
        );
      })}
    </ul>
  );
}
