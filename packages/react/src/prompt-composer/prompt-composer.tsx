'use client';
import {
  ASPECT_RATIOS,
  AUTO_DURATION,
  checkCitations,
  DURATIONS,
  type Duration,
  estimateGeneration,
  formatShots,
  type GenerationInput,
  generationInputSchema,
  INPUT_DEFAULTS,
  parseShots,
  RESOLUTIONS,
  type ReferenceCounts,
  type ResolvedGenerationInput,
  type SeedanceFieldIssue,
  type SignerConfig,
} from '@seedance-kit/core';
import {
  type ComponentPropsWithoutRef,
  type FormEvent,
  forwardRef,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { join, partClasses } from '../internal/dom';
import { useControllableState } from '../internal/use-controllable-state';
import { useFocusAfterRender } from '../internal/use-focus-after-render';
import {
  defaultPromptComposerLabels,
  type PromptComposerField,
  type PromptComposerLabels,
} from './prompt-composer-labels';
import { configErrors, draftFromPrompt, FIELDS, validate } from './prompt-composer-model';
import { CitationTextarea, type DraftShot, FieldError, nextShotId, type ShotDraft } from './prompt-composer-parts';
import { PromptParameters } from './prompt-parameters';
import { ShotEditor } from './shot-editor';

/** The parts of {@link PromptComposer} that take a class through `classNames`. */
export type PromptComposerPart =
  | 'body'
  | 'box'
  | 'field'
  | 'label'
  | 'labelRow'
  | 'modeToggle'
  | 'textarea'
  | 'count'
  | 'hint'
  | 'error'
  | 'problems'
  | 'suggestions'
  | 'suggestion'
  | 'offer'
  | 'shots'
  | 'shot'
  | 'shotHeader'
  | 'shotFields'
  | 'shotInput'
  | 'shotActions'
  | 'shotButton'
  | 'addShot'
  | 'timeline'
  | 'warnings'
  | 'parameters'
  | 'options'
  | 'option'
  | 'shape'
  | 'select'
  | 'switch'
  | 'seed'
  | 'seedInput'
  | 'reroll'
  | 'footer'
  | 'estimate'
  | 'submit';

/** Props of {@link PromptComposer}. Unknown props and `ref` go to the root `<form>`. */
export interface PromptComposerProps
  extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit' | 'defaultValue' | 'children'> {
  /** The input being edited (controlled). Pair with `onValueChange`. */
  value?: GenerationInput | undefined;
  /** The first input when uncontrolled. Default `{ prompt: '' }`. */
  defaultValue?: GenerationInput | undefined;
  /** Called with the whole new input on every edit. */
  onValueChange?: ((value: GenerationInput) => void) | undefined;
  /** Called with the validated input (defaults filled) on submit or Ctrl/Cmd+Enter. Never called while invalid or busy. */
  onSubmit?: ((input: ResolvedGenerationInput) => void) | undefined;
  /** The signer's policy (`GET /config`): only allowed aspect ratios, durations, resolutions and audio are offered. */
  config?: SignerConfig | undefined;
  /** How many references of each kind go with the prompt, for citation checks and suggestions. Default: the counts of `value.reference_*`. */
  references?: Partial<ReferenceCounts> | undefined;
  /** Issues reported by the server (e.g. `error.issues` of a `VALIDATION_FAILED` error), shown next to their fields. */
  issues?: readonly SeedanceFieldIssue[] | undefined;
  /** Disables every control. */
  disabled?: boolean | undefined;
  /** A generation is under way: the submit button waits, the fields stay editable. */
  busy?: boolean | undefined;
  /** Start in multi-shot mode. Default: when the first prompt already has shot lines. */
  defaultMultiShot?: boolean | undefined;
  /** Drops every built-in class (so `styles.css` no longer applies) but keeps the ARIA and `data-*` attributes. */
  unstyled?: boolean | undefined;
  /** Extra classes per part, kept when `unstyled`. */
  classNames?: Partial<Record<PromptComposerPart, string>> | undefined;
  /** Replaces any of the default strings. */
  labels?: Partial<PromptComposerLabels> | undefined;
  /**
   * Shown right under the prompt, inside the form: the prompt's attachments, e.g. a `ReferencePicker` with
   * `variant="attachments"` (as `SeedanceStudio` does).
   */
  attachments?: ReactNode | undefined;
}

/**
 * Edits a `GenerationInput`: an auto-growing prompt with citation suggestions ("image 1") and checks, an optional
 * multi-shot timeline composed into the prompt (`Shot 1 [00:00-00:05] - Title: ...`), and the model parameters,
 * limited by the server's policy. Validated live with the core schema; shows an estimate of time and cost.
 * Ctrl/Cmd+Enter submits.
 *
 * @example
 * const generation = useSeedanceGeneration();
 * <PromptComposer busy={generation.isPending} onSubmit={(input) => void generation.generate(input).catch(() => {})} />
 */
export const PromptComposer = /*#__PURE__*/ forwardRef<HTMLFormElement, PromptComposerProps>(function PromptComposer(
  {
    value: controlledValue,
    defaultValue,
    onValueChange,
    onSubmit,
    config,
    references,
    issues,
    disabled = false,
    busy = false,
    defaultMultiShot,
    unstyled = false,
    classNames,
    labels,
    attachments,
    className,
    style,
    onKeyDown,
    ...rest
  },
  ref,
) {
  const text = { ...defaultPromptComposerLabels, ...labels };
  const id = useId();
  const [value, change] = useControllableState<GenerationInput>(
    controlledValue,
    () => defaultValue ?? { prompt: '' },
    onValueChange,
  );
  const prompt = value.prompt ?? '';
  const [multiShot, setMultiShot] = useState(() => defaultMultiShot ?? parseShots(prompt).shots.length > 0);
  const [attempted, setAttempted] = useState(false);
  const [promptTouched, setPromptTouched] = useState(false);
  const [pastedShots, setPastedShots] = useState(0);
  const [shotDraft, setShotDraft] = useState<ShotDraft | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);

  const duration: Duration = value.duration ?? INPUT_DEFAULTS.duration;
  const allowed = {
    aspectRatios: config?.aspectRatios ?? ASPECT_RATIOS,
    durations: config?.durations ?? [...DURATIONS, AUTO_DURATION],
    resolutions: config?.resolutions ?? RESOLUTIONS,
    generateAudio: config?.generateAudio ?? true,
  };
  const referenceCounts: ReferenceCounts = {
    images: references?.images ?? value.reference_images?.length ?? 0,
    videos: references?.videos ?? value.reference_videos?.length ?? 0,
    audios: references?.audios ?? value.reference_audios?.length ?? 0,
  };

  const update = (patch: Partial<GenerationInput>) =>
    change((current) => ({ ...current, ...patch }) as GenerationInput);

  // Multi-shot: the prompt stays the source of truth. The draft keeps what the user typed (ids, trailing spaces)
  // for as long as the prompt is the text composed from it; any other prompt (a controlled change) is parsed again.
  const parsedDraft = useMemo(() => draftFromPrompt(prompt), [prompt]);
  const draft = shotDraft !== null && shotDraft.prompt === prompt ? shotDraft : parsedDraft;
  const commitDraft = (shots: DraftShot[], preamble: string) => {
    const composed = formatShots(
      shots.map((shot, position) => ({ ...shot, index: position + 1 })),
      preamble,
    );
    setShotDraft({ prompt: composed, preamble, shots });
    update({ prompt: composed });
  };

  // References removed (or a switch to frames mode) leave citations behind: say so as a warning, and flag the prompt
  // only once the user edits it or tries to submit, rather than turning a field red that nobody touched.
  const countsKey = `${referenceCounts.images}/${referenceCounts.videos}/${referenceCounts.audios}`;
  const [citationsWarnOnly, setCitationsWarnOnly] = useState(false);
  const firstCounts = useRef(countsKey);
  useEffect(() => {
    if (countsKey !== firstCounts.current) setCitationsWarnOnly(true);
    firstCounts.current = countsKey;
  }, [countsKey]);
  const citationProblems = checkCitations(prompt, referenceCounts);
  const citationsAreErrors = citationProblems.length > 0 && !citationsWarnOnly;
  const fieldErrors = validate(value, allowed, issues, text);
  if (!(attempted || promptTouched) && prompt.trim() === '') delete fieldErrors.prompt;
  const generalErrors = fieldErrors.general ?? [];
  const visibleErrors =
    citationsAreErrors || generalErrors.length > 0 || FIELDS.some((field) => fieldErrors[field] !== undefined);
  const state = busy ? 'busy' : visibleErrors ? 'invalid' : 'idle';
  const estimate = estimateGeneration(value);

  const own = (name: string) => (unstyled ? undefined : name);
  const classFor = partClasses<PromptComposerPart>('prompt-composer', unstyled, classNames);
  const ids = {
    promptHint: `${id}-prompt-hint`,
    promptError: `${id}-prompt-error`,
    citations: `${id}-citations`,
    warnings: `${id}-warnings`,
    count: `${id}-count`,
    error: (field: PromptComposerField) => `${id}-${field}-error`,
    shot: (shotId: number, part: string) => `${id}-shot-${shotId}-${part}`,
  };
  const describedBy = (...candidates: (string | false | undefined)[]) =>
    candidates.filter(Boolean).join(' ') || undefined;

  // A target in the multi-shot editor may not exist yet (it loads on first use); the editor focuses it then.
  useFocusAfterRender(pendingFocus);

  const submit = () => {
    setAttempted(true);
    setCitationsWarnOnly(false);
    if (disabled || busy) return;
    const result = generationInputSchema.safeParse(value);
    const blocked = citationProblems.length > 0 || configErrors(value, allowed, text).size > 0;
    if (!result.success || blocked) {
      if (!result.success && result.error.issues.some((issue) => issue.path[0] === 'prompt') && !multiShot) {
        promptRef.current?.focus();
      }
      return;
    }
    onSubmit?.(result.data);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  const switchMode = (next: boolean) => {
    setPastedShots(0);
    setMultiShot(next);
    if (!next) return;
    const parsed = parseShots(prompt);
    if (parsed.shots.length > 0) return;
    const end = duration === AUTO_DURATION ? INPUT_DEFAULTS.duration : duration;
    const first: DraftShot = { id: nextShotId(), start: 0, end, description: '' };
    pendingFocus.current = ids.shot(first.id, 'description');
    commitDraft([first], prompt.trim());
  };

  const promptInvalid = fieldErrors.prompt !== undefined;
  const promptCitationsInvalid = citationsAreErrors;

  return (
    <form
      ref={ref}
      aria-label={text.form}
      aria-busy={busy}
      noValidate
      data-state={state}
      data-disabled={disabled ? '' : undefined}
      data-multi-shot={multiShot ? '' : undefined}
      className={join(unstyled ? undefined : 'sd-prompt-composer', className)}
      style={style}
      onSubmit={handleSubmit}
      onKeyDown={handleKeyDown}
      {...rest}
    >
      <fieldset className={classFor('body')} disabled={disabled}>
        <div className={classFor('box')}>
          <div className={classFor('field')}>
            <div className={classFor('labelRow')}>
              {multiShot ? (
                <span id={`${id}-prompt-label`} className={classFor('label')}>
                  {text.prompt}
                </span>
              ) : (
                <label id={`${id}-prompt-label`} htmlFor={`${id}-prompt`} className={classFor('label')}>
                  {text.prompt}
                </label>
              )}
            </div>

            {multiShot ? (
              <ShotEditor
                id={id}
                ids={ids}
                describedBy={describedBy(promptInvalid && ids.promptError, ids.count)}
                draft={draft}
                duration={duration}
                references={referenceCounts}
                commit={commitDraft}
                pendingFocus={pendingFocus}
                text={text}
                classFor={classFor}
                own={own}
              />
            ) : (
              <CitationTextarea
                ref={promptRef}
                id={`${id}-prompt`}
                value={prompt}
                onValueChange={(next) => {
                  if (next.trim() !== '') setPromptTouched(true);
                  setCitationsWarnOnly(false);
                  update({ prompt: next });
                }}
                onBlur={() => setPromptTouched(true)}
                onPaste={(event) => {
                  const count = parseShots(event.clipboardData.getData('text')).shots.length;
                  setPastedShots(count);
                }}
                references={referenceCounts}
                placeholder={text.promptPlaceholder}
                rows={4}
                describedBy={describedBy(
                  ids.promptHint,
                  citationProblems.length > 0 && ids.citations,
                  promptInvalid && ids.promptError,
                )}
                invalid={promptInvalid || promptCitationsInvalid}
                classFor={classFor}
                own={own}
                labels={text}
              />
            )}

            <div className={own('sd-prompt-composer__meta')}>
              {multiShot ? (
                <span />
              ) : (
                <p id={ids.promptHint} className={classFor('hint')}>
                  {text.promptHint}
                </p>
              )}
              <span className={own('sd-prompt-composer__shortcut')} aria-hidden="true">
                {text.shortcut}
              </span>
              <span id={ids.count} className={classFor('count')}>
                {text.characterCount(prompt.length)}
              </span>
            </div>

            <div aria-live="polite" className={own('sd-prompt-composer__status')}>
              {pastedShots > 0 && !multiShot ? (
                <div className={classFor('offer')}>
                  <span>{text.shotsDetected(pastedShots)}</span>
                  <button type="button" onClick={() => switchMode(true)}>
                    {text.editAsShots}
                  </button>
                  <button type="button" onClick={() => setPastedShots(0)}>
                    {text.dismiss}
                  </button>
                </div>
              ) : null}
            </div>

            {citationProblems.length > 0 ? (
              <ul id={ids.citations} className={classFor(citationsAreErrors ? 'problems' : 'warnings')}>
                {citationProblems.map((problem) => (
                  <li key={problem.citation.start}>{text.citationProblem(problem)}</li>
                ))}
              </ul>
            ) : null}
            <FieldError id={ids.promptError} message={fieldErrors.prompt} className={classFor('error')} />
          </div>

          {attachments}

          {generalErrors.length > 0 ? (
            <ul className={classFor('problems')}>
              {generalErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}

          <div className={classFor('footer')}>
            <label className={classFor('modeToggle', 'sd-prompt-composer__switch')}>
              <input
                type="checkbox"
                role="switch"
                aria-checked={multiShot}
                checked={multiShot}
                onChange={(event) => switchMode(event.target.checked)}
              />
              <span className={own('sd-prompt-composer__track')} aria-hidden="true" />
              <span>{text.multiShot}</span>
            </label>
            <p className={classFor('estimate')}>
              <span className={own('sd-prompt-composer__estimate-label')}>{text.estimateLabel}</span>{' '}
              <span>{text.estimate(estimate)}</span>
            </p>
            <button
              type="submit"
              className={classFor('submit')}
              disabled={busy}
              aria-keyshortcuts="Control+Enter Meta+Enter"
            >
              {busy ? text.submitting : text.submit}
            </button>
          </div>
        </div>
        <PromptParameters
          id={id}
          value={value}
          allowed={allowed}
          fieldErrors={fieldErrors}
          errorId={ids.error}
          update={update}
          text={text}
          classFor={classFor}
          own={own}
        />
      </fieldset>
    </form>
  );
});
