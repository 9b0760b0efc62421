// The multi-shot timeline of PromptComposer and its checks: a module of its own, loaded the first time a composer
// shows it (or when the pointer or focus reaches the multi-shot switch), so pages that never use it do not download it.

import { AUTO_DURATION, checkCitations, checkShots, type Duration, type ReferenceCounts } from '@seedance-kit/core';
import type { MutableRefObject, ReactNode } from 'react';
import { IconButton } from '../internal/icon-button';
import { useFocusAfterRender } from '../internal/use-focus-after-render';
import type { PromptComposerLabels } from './prompt-composer-labels';
import {
  CitationTextarea,
  type ClassFor,
  type DraftShot,
  NumberInput,
  nextShotId,
  type ShotDraft,
} from './prompt-composer-parts';
import { ShotTimeline } from './shot-timeline';

/** Props of {@link ShotEditor}, all from the composer that shows it. */
export interface ShotEditorProps {
  /** The composer's id prefix. */
  id: string;
  /** The ids the composer's messages use, to describe the fields they concern. */
  ids: { citations: string; warnings: string; shot: (shotId: number, part: string) => string };
  /** `aria-describedby` of the whole timeline (the prompt's error and character count). */
  describedBy: string | undefined;
  /** The timeline as edited. */
  draft: ShotDraft;
  /** The chosen duration, which the last shot may not pass. */
  duration: Duration;
  /** How many references of each kind exist, for citation checks and suggestions. */
  references: ReferenceCounts;
  /** Composes the shots into the prompt. */
  commit: (shots: DraftShot[], preamble: string) => void;
  /** The id of the element to focus after the next render, shared with the composer. */
  pendingFocus: MutableRefObject<string | null>;
  text: PromptComposerLabels;
  classFor: ClassFor;
  own: (name: string) => string | undefined;
}

/** The preamble, the shots (times, title, description; reordered and removed by keyboard) and "Add shot". */
export function ShotEditor({
  id,
  ids,
  describedBy,
  draft,
  duration,
  references,
  commit,
  pendingFocus,
  text,
  classFor,
  own,
}: ShotEditorProps): ReactNode {
  const problems = checkShots(
    draft.shots.map((shot, position) => ({ ...shot, index: position + 1 })),
    duration,
  );

  // The composer focuses after its renders; this covers the render in which the editor itself arrives.
  useFocusAfterRender(pendingFocus);

  const addShot = () => {
    const last = draft.shots[draft.shots.length - 1];
    const start = last?.end ?? 0;
    const limit = duration === AUTO_DURATION ? Number.POSITIVE_INFINITY : duration;
    const end = start + 3 <= limit || start >= limit ? start + 3 : limit;
    const shot: DraftShot = { id: nextShotId(), start, end, description: '' };
    pendingFocus.current = ids.shot(shot.id, 'title');
    commit([...draft.shots, shot], draft.preamble);
  };

  const moveShot = (position: number, offset: -1 | 1) => {
    const target = position + offset;
    const shots = [...draft.shots];
    const moved = shots[position];
    const other = shots[target];
    if (moved === undefined || other === undefined) return;
    // Times belong to the slot, not the shot: moving a shot earlier swaps what happens when, not the timeline.
    shots[target] = { ...moved, start: other.start, end: other.end };
    shots[position] = { ...other, start: moved.start, end: moved.end };
    const atEdge = target === 0 || target === shots.length - 1;
    const direction = offset < 0 ? 'up' : 'down';
    pendingFocus.current = ids.shot(moved.id, atEdge ? (direction === 'up' ? 'down' : 'up') : direction);
    commit(shots, draft.preamble);
  };

  const removeShot = (position: number) => {
    const shots = draft.shots.filter((_, index) => index !== position);
    const neighbour = shots[position] ?? shots[position - 1];
    pendingFocus.current = neighbour === undefined ? `${id}-add-shot` : ids.shot(neighbour.id, 'remove');
    commit(shots, draft.preamble);
  };

  const updateShot = (position: number, patch: Partial<DraftShot>) => {
    commit(
      draft.shots.map((shot, index) => (index === position ? { ...shot, ...patch } : shot)),
      draft.preamble,
    );
  };

  return (
    <fieldset aria-labelledby={`${id}-prompt-label`} aria-describedby={describedBy} className={classFor('shots')}>
      <CitationTextarea
        id={`${id}-preamble`}
        label={text.preamble}
        value={draft.preamble}
        onValueChange={(preamble) => commit(draft.shots, preamble)}
        references={references}
        placeholder={text.preamblePlaceholder}
        rows={2}
        describedBy={checkCitations(draft.preamble, references).length > 0 ? ids.citations : undefined}
        invalid={checkCitations(draft.preamble, references).length > 0}
        classFor={classFor}
        own={own}
        labels={text}
        labelClassName={classFor('label', 'sd-prompt-composer__label--small')}
      />
      <ol className={classFor('shotFields')}>
        {draft.shots.map((shot, position) => {
          const index = position + 1;
          const shotProblems = problems.filter((problem) => problem.position === position);
          const descriptionProblems = checkCitations(shot.description, references);
          return (
            <li key={shot.id} className={classFor('shot')} data-invalid={shotProblems.length > 0 ? '' : undefined}>
              <fieldset
                aria-labelledby={ids.shot(shot.id, 'heading')}
                aria-describedby={shotProblems.length > 0 ? ids.warnings : undefined}
                className={own('sd-prompt-composer__shot-group')}
              >
                <div className={classFor('shotHeader')}>
                  <span id={ids.shot(shot.id, 'heading')} className={own('sd-prompt-composer__shot-name')}>
                    {text.shot(index)}
                  </span>
                  <div className={classFor('shotActions')}>
                    <IconButton
                      id={ids.shot(shot.id, 'up')}
                      className={classFor('shotButton')}
                      label={text.moveShotUp(index)}
                      glyph="↑"
                      disabled={position === 0}
                      onClick={() => moveShot(position, -1)}
                    />
                    <IconButton
                      id={ids.shot(shot.id, 'down')}
                      className={classFor('shotButton')}
                      label={text.moveShotDown(index)}
                      glyph="↓"
                      disabled={position === draft.shots.length - 1}
                      onClick={() => moveShot(position, 1)}
                    />
                    <IconButton
                      id={ids.shot(shot.id, 'remove')}
                      className={classFor('shotButton', 'sd-prompt-composer__shot-button--remove')}
                      label={text.removeShot(index)}
                      glyph="×"
                      onClick={() => removeShot(position)}
                    />
                  </div>
                </div>
                <div className={own('sd-prompt-composer__shot-grid')}>
                  <TimeField
                    id={ids.shot(shot.id, 'start')}
                    label={text.shotStart}
                    unit={text.secondsUnit}
                    value={shot.start}
                    invalid={shotProblems.some((problem) => problem.kind !== 'gap')}
                    onValueChange={(start) => updateShot(position, { start })}
                    classFor={classFor}
                  />
                  <TimeField
                    id={ids.shot(shot.id, 'end')}
                    label={text.shotEnd}
                    unit={text.secondsUnit}
                    value={shot.end}
                    invalid={shotProblems.some((problem) => problem.kind !== 'gap')}
                    onValueChange={(end) => updateShot(position, { end })}
                    classFor={classFor}
                  />
                  <div className={own('sd-prompt-composer__shot-title')}>
                    <label
                      htmlFor={ids.shot(shot.id, 'title')}
                      className={classFor('label', 'sd-prompt-composer__label--small')}
                    >
                      {text.shotTitle}
                    </label>
                    <input
                      id={ids.shot(shot.id, 'title')}
                      className={classFor('shotInput')}
                      value={shot.title ?? ''}
                      onChange={(event) => updateShot(position, { title: event.target.value.replace(/[\r\n:]/g, ' ') })}
                    />
                  </div>
                </div>
                <CitationTextarea
                  id={ids.shot(shot.id, 'description')}
                  label={text.shotDescription}
                  value={shot.description}
                  onValueChange={(description) => updateShot(position, { description })}
                  references={references}
                  rows={2}
                  describedBy={descriptionProblems.length > 0 ? ids.citations : undefined}
                  invalid={descriptionProblems.length > 0}
                  classFor={classFor}
                  own={own}
                  labels={text}
                  labelClassName={classFor('label', 'sd-prompt-composer__label--small')}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" id={`${id}-add-shot`} className={classFor('addShot')} onClick={addShot}>
        <span aria-hidden="true">+ </span>
        {text.addShot}
      </button>
      <ShotTimeline
        shots={draft.shots}
        duration={duration}
        problems={problems}
        prompt={draft.prompt}
        text={text}
        classFor={classFor}
        own={own}
      />
      {problems.length > 0 ? (
        <ul id={ids.warnings} className={classFor('warnings')}>
          {problems.map((problem) => (
            <li key={`${problem.kind}-${problem.position}`}>{text.shotProblem(problem)}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function TimeField({
  id,
  label,
  unit,
  value,
  invalid,
  onValueChange,
  classFor,
}: {
  id: string;
  label: string;
  unit: string;
  value: number;
  invalid: boolean;
  onValueChange: (value: number) => void;
  classFor: ClassFor;
}) {
  return (
    <div className={classFor('field')}>
      <label htmlFor={id} className={classFor('label', 'sd-prompt-composer__label--small')}>
        {label}
      </label>
      <span className={classFor('shotInput', 'sd-prompt-composer__time')}>
        <NumberInput
          id={id}
          inputMode="decimal"
          min={0}
          step={1}
          value={value}
          aria-invalid={invalid ? true : undefined}
          onValueChange={(next) => {
            if (next >= 0) onValueChange(next);
          }}
        />
        <span aria-hidden="true">{unit}</span>
      </span>
    </div>
  );
}
