// The pieces the composer and its multi-shot editor (loaded on first use) share: the citation textarea, the number
// input, focus after render, and the timeline being edited.

import { findCitationQuery, type ReferenceCounts, suggestCitationNumbers } from '@seedance-kit/core';
import {
  type ChangeEvent,
  type ClipboardEvent,
  type ComponentPropsWithoutRef,
  forwardRef,
  type KeyboardEvent,
  type MutableRefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { PromptComposerLabels, PromptComposerPart } from './prompt-composer';

/** One shot of the multi-shot timeline as edited: a stable `id` for keys and focus, the rest as in `Shot`. */
export interface DraftShot {
  id: number;
  start: number;
  end: number;
  title?: string;
  description: string;
}

/** The timeline being edited, and the prompt it was composed into (the prompt stays the source of truth). */
export interface ShotDraft {
  prompt: string;
  preamble: string;
  shots: DraftShot[];
}

/** The class-name function of the composer's parts. */
export type ClassFor = (part: PromptComposerPart, ...extra: (string | false | undefined)[]) => string | undefined;

let shotCounter = 0;
/** A new id for a shot, unique on the page. */
export function nextShotId(): number {
  shotCounter += 1;
  return shotCounter;
}

/**
 * After every render, focuses the element whose id `pendingFocus` holds, and clears it once that element exists
 * (it may belong to a part that renders later, such as the multi-shot editor while it loads).
 */
export function useFocusAfterRender(pendingFocus: MutableRefObject<string | null>): void {
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const target = document.getElementById(pendingFocus.current);
    if (!target) return;
    target.focus();
    pendingFocus.current = null;
  });
}

/** A textarea that grows with its text and suggests reference citations ("image 1") as they are typed. */
export const CitationTextarea = forwardRef<
  HTMLTextAreaElement,
  {
    id: string;
    label?: string;
    labelClassName?: string | undefined;
    value: string;
    onValueChange: (value: string) => void;
    onBlur?: () => void;
    onPaste?: (event: ClipboardEvent<HTMLTextAreaElement>) => void;
    references: ReferenceCounts;
    placeholder?: string;
    rows: number;
    describedBy: string | undefined;
    invalid: boolean;
    classFor: ClassFor;
    own: (name: string) => string | undefined;
    labels: PromptComposerLabels;
  }
>(function CitationTextarea(
  {
    id,
    label,
    labelClassName,
    value,
    onValueChange,
    onBlur,
    onPaste,
    references,
    placeholder,
    rows,
    describedBy,
    invalid,
    classFor,
    own,
    labels,
  },
  forwardedRef,
) {
  const innerRef = useRef<HTMLTextAreaElement | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  const listboxId = `${id}-suggestions`;

  const query = caret === null ? undefined : findCitationQuery(value, caret);
  const numbers = query === undefined ? [] : suggestCitationNumbers(query, references);
  // A citation typed out in full needs no menu: Enter must stay a new line there.
  const complete = query !== undefined && numbers.length === 1 && String(numbers[0]) === query.digits;
  const open = query !== undefined && numbers.length > 0 && !complete && closedFor !== value;
  const activeIndex = Math.min(active, Math.max(0, numbers.length - 1));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the height is measured again whenever the text changes.
  useLayoutEffect(() => {
    const element = innerRef.current;
    if (element === null) return;
    // Grow with the text: measure from `auto` so it also shrinks when text is removed.
    element.style.height = 'auto';
    if (element.scrollHeight > 0) element.style.height = `${element.scrollHeight + 2}px`;
    if (pendingCaret.current !== null) {
      element.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [value]);

  const trackCaret = (element: HTMLTextAreaElement) => {
    setCaret(element.selectionStart === element.selectionEnd ? element.selectionStart : null);
  };

  const choose = (number: number) => {
    if (query === undefined) return;
    const citation = `${query.kind} ${number}`;
    const next = value.slice(0, query.start) + citation + value.slice(query.end);
    const position = query.start + citation.length;
    pendingCaret.current = position;
    setCaret(position);
    setClosedFor(next);
    onValueChange(next);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + numbers.length) % numbers.length);
    } else if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.shiftKey) || event.key === 'Tab') {
      const number = numbers[activeIndex];
      if (number === undefined) return;
      event.preventDefault();
      choose(number);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setClosedFor(value);
    }
  };

  return (
    <div className={classFor('field')}>
      {label === undefined ? null : (
        <label htmlFor={id} className={labelClassName}>
          {label}
        </label>
      )}
      <div className={own('sd-prompt-composer__combobox')} data-open={open ? '' : undefined}>
        <textarea
          ref={(element) => {
            innerRef.current = element;
            if (typeof forwardedRef === 'function') forwardedRef(element);
            else if (forwardedRef) forwardedRef.current = element;
          }}
          id={id}
          className={classFor('textarea')}
          value={value}
          rows={rows}
          placeholder={placeholder}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          aria-autocomplete="list"
          aria-controls={open ? listboxId : undefined}
          aria-activedescendant={open ? `${listboxId}-${numbers[activeIndex]}` : undefined}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => {
            trackCaret(event.target);
            setActive(0);
            onValueChange(event.target.value);
          }}
          onSelect={(event) => trackCaret(event.currentTarget)}
          onClick={(event) => trackCaret(event.currentTarget)}
          onKeyUp={(event) => {
            if (event.key.startsWith('Arrow') && open) return;
            trackCaret(event.currentTarget);
          }}
          onKeyDown={handleKeyDown}
          onBlur={() => {
            setCaret(null);
            onBlur?.();
          }}
          onPaste={onPaste}
        />
        {open && query !== undefined ? (
          <div id={listboxId} role="listbox" aria-label={labels.suggestions} className={classFor('suggestions')}>
            {numbers.map((number, index) => (
              // biome-ignore lint/a11y/useFocusableInteractive: the focus stays in the textarea (aria-activedescendant).
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard chooses from the textarea, with arrows and Enter.
              <div
                key={number}
                id={`${listboxId}-${number}`}
                role="option"
                aria-selected={index === activeIndex}
                className={classFor('suggestion')}
                // Keep the focus (and the caret) in the textarea while choosing with the mouse.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(number)}
              >
                {labels.suggestion(query.kind, number)}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
});

/** A number field that lets its text be empty or half-typed while focused, and reports only whole numbers. */
export function NumberInput({
  value,
  onValueChange,
  ...rest
}: Omit<ComponentPropsWithoutRef<'input'>, 'value' | 'type' | 'onChange'> & {
  value: number;
  onValueChange: (value: number) => void;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <input
      {...rest}
      type="number"
      value={typed ?? String(value)}
      onChange={(event) => {
        setTyped(event.target.value);
        const next = event.target.valueAsNumber;
        if (!Number.isNaN(next)) onValueChange(next);
      }}
      onBlur={() => setTyped(null)}
    />
  );
}
