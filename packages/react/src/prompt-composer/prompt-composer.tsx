'use client';

import {
  ASPECT_RATIOS,
  type AspectRatio,
  AUTO_DURATION,
  type CitationKind,
  type CitationProblem,
  checkCitations,
  DURATIONS,
  type Duration,
  estimateGeneration,
  formatShots,
  type GenerationEstimate,
  type GenerationInput,
  generationInputSchema,
  INPUT_DEFAULTS,
  INPUT_LIMITS,
  lazyModule,
  parseShots,
  RESOLUTIONS,
  type ReferenceCounts,
  type Resolution,
  type ResolvedGenerationInput,
  type SeedanceFieldIssue,
  type ShotProblem,
  type SignerConfig,
} from '@seedance-kit/core';
import {
  type ComponentPropsWithoutRef,
  type CSSProperties,
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
import { IconButton } from '../internal/icon-button';
import {
  CitationTextarea,
  type ClassFor,
  type DraftShot,
  NumberInput,
  nextShotId,
  type ShotDraft,
  useFocusAfterRender,
} from './prompt-composer-parts';

/** The parts of {@link PromptComposer} that take a class through `classNames`. */
export type PromptComposerPart =
  | 'body'
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

/** The fields of the input that get their own validation message. */
export type PromptComposerField =
  | 'prompt'
  | 'aspect_ratio'
  | 'duration'
  | 'resolution'
  | 'generate_audio'
  | 'seed'
  | 'return_last_frame';

/** Every visible (or announced) string of {@link PromptComposer}, for translation or tone. */
export interface PromptComposerLabels {
  /** Accessible name of the form. */
  form: string;
  /** Label of the prompt field. */
  prompt: string;
  /** Hint under the prompt. */
  promptHint: string;
  /** Placeholder of the prompt field. */
  promptPlaceholder: string;
  /** The character count of the prompt. */
  characterCount: (count: number) => string;
  /** Label of the multi-shot switch. */
  multiShot: string;
  /** Shown in place of the timeline when its code (loaded on first use) could not be loaded. */
  multiShotUnavailable: string;
  /** The button that tries to load it again. */
  retryLoad: string;
  /** Label of the text before the shots, in multi-shot mode. */
  preamble: string;
  /** Placeholder of the text before the shots. */
  preamblePlaceholder: string;
  /** Heading of one shot, e.g. `Shot 2`. */
  shot: (index: number) => string;
  /** Label of a shot's start, in seconds. */
  shotStart: string;
  /** Label of a shot's end, in seconds. */
  shotEnd: string;
  /** Unit shown after the start and end fields. */
  secondsUnit: string;
  /** Label of a shot's title. */
  shotTitle: string;
  /** Label of a shot's description. */
  shotDescription: string;
  /** Accessible name of the button that moves a shot earlier. */
  moveShotUp: (index: number) => string;
  /** Accessible name of the button that moves a shot later. */
  moveShotDown: (index: number) => string;
  /** Accessible name of the button that removes a shot. */
  removeShot: (index: number) => string;
  /** Text of the button that adds a shot. */
  addShot: string;
  /** A timeline problem next to the shots; the default is the English message from `checkShots`. */
  shotProblem: (problem: ShotProblem) => string;
  /** A citation of a missing reference; the default is the English message from `checkCitations`. */
  citationProblem: (problem: CitationProblem) => string;
  /** A validation message of a field; the default is the schema's English message, capitalized. */
  fieldIssue: (field: PromptComposerField | undefined, message: string) => string;
  /** Message when the server's policy does not allow the chosen value. */
  notAllowed: (field: PromptComposerField, value: string) => string;
  /** Offer shown after pasting text with shots in single mode. */
  shotsDetected: (count: number) => string;
  /** Button that switches to multi-shot mode after such a paste. */
  editAsShots: string;
  /** Button that dismisses the offer. */
  dismiss: string;
  /** Accessible name of the list of citation suggestions. */
  suggestions: string;
  /** One citation suggestion, e.g. `image 2`. The text inserted in the prompt stays the model's English form. */
  suggestion: (kind: CitationKind, number: number) => string;
  /** Legend of the aspect ratio choice. */
  aspectRatio: string;
  /** Name of an aspect ratio. */
  aspectRatioOption: (aspectRatio: AspectRatio) => string;
  /** Label of the duration choice. */
  duration: string;
  /** Name of a duration; `-1` is auto. */
  durationOption: (seconds: Duration) => string;
  /** Legend of the resolution choice. */
  resolution: string;
  /** Label of the native audio switch. */
  generateAudio: string;
  /** Hint of the native audio switch. */
  generateAudioHint: string;
  /** Hint of the native audio switch when the server does not allow audio. */
  generateAudioNotAllowed: string;
  /** Label of the seed group. */
  seed: string;
  /** Label of the random seed switch. */
  randomSeed: string;
  /** Label of the locked seed's number field. */
  seedNumber: string;
  /** Accessible name of the button that picks a new seed. */
  reroll: string;
  /** Label of the last frame switch. */
  returnLastFrame: string;
  /** Hint of the last frame switch. */
  returnLastFrameHint: string;
  /** The word that marks the time and cost as an estimate. */
  estimateLabel: string;
  /** The estimated time and cost. */
  estimate: (estimate: GenerationEstimate) => string;
  /** Text of the submit button. */
  submit: string;
  /** Text of the submit button while busy. */
  submitting: string;
  /** Hint of the keyboard shortcut next to the submit button. */
  shortcut: string;
}

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
}

/** The English strings {@link PromptComposer} uses unless `labels` says otherwise. */
export const defaultPromptComposerLabels: PromptComposerLabels = {
  form: 'Compose a video',
  prompt: 'Prompt',
  promptHint: 'Describe the scene, the motion and the camera. Cite references as "image 1", "video 1" or "audio 1".',
  promptPlaceholder: 'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
  characterCount: (count) => (count === 1 ? '1 character' : `${count} characters`),
  multiShot: 'Multi-shot',
  multiShotUnavailable: 'The shot editor could not be loaded. Check the connection.',
  retryLoad: 'Try again',
  preamble: 'Whole video',
  preamblePlaceholder: 'Style, characters and setting shared by every shot',
  shot: (index) => `Shot ${index}`,
  shotStart: 'Start',
  shotEnd: 'End',
  secondsUnit: 's',
  shotTitle: 'Title',
  shotDescription: 'Description',
  moveShotUp: (index) => `Move shot ${index} earlier`,
  moveShotDown: (index) => `Move shot ${index} later`,
  removeShot: (index) => `Remove shot ${index}`,
  addShot: 'Add shot',
  shotProblem: (problem) => problem.message,
  citationProblem: (problem) => capitalize(problem.message),
  fieldIssue: (_field, message) => capitalize(message),
  notAllowed: (_field, value) => `This server does not allow ${value}: choose another value`,
  shotsDetected: (count) => (count === 1 ? 'The pasted text has 1 shot.' : `The pasted text has ${count} shots.`),
  editAsShots: 'Edit as shots',
  dismiss: 'Dismiss',
  suggestions: 'References',
  suggestion: (kind, number) => `${kind} ${number}`,
  aspectRatio: 'Aspect ratio',
  aspectRatioOption: (aspectRatio) => (aspectRatio === 'adaptive' ? 'Adaptive' : aspectRatio),
  duration: 'Duration',
  durationOption: (seconds) => (seconds === AUTO_DURATION ? 'Auto (the model decides)' : `${seconds} seconds`),
  resolution: 'Resolution',
  generateAudio: 'Native audio',
  generateAudioHint: 'Dialogue, sound effects and music made with the video.',
  generateAudioNotAllowed: 'This server does not allow audio.',
  seed: 'Seed',
  randomSeed: 'Random seed',
  seedNumber: 'Seed number',
  reroll: 'New seed',
  returnLastFrame: 'Return the last frame',
  returnLastFrameHint: 'To continue from it in the next clip.',
  estimateLabel: 'Estimate',
  estimate: (estimate) => `${formatSecondsRange(estimate.seconds)} · ${formatUsdRange(estimate.costUsd)}`,
  submit: 'Generate',
  submitting: 'Generating…',
  shortcut: 'Ctrl+Enter',
};

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
export const PromptComposer = forwardRef<HTMLFormElement, PromptComposerProps>(function PromptComposer(
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
    className,
    style,
    onKeyDown,
    ...rest
  },
  ref,
) {
  const text = { ...defaultPromptComposerLabels, ...labels };
  const id = useId();
  const [innerValue, setInnerValue] = useState<GenerationInput>(() => defaultValue ?? { prompt: '' });
  const value = controlledValue ?? innerValue;
  const prompt = value.prompt ?? '';
  const [multiShot, setMultiShot] = useState(() => defaultMultiShot ?? parseShots(prompt).shots.length > 0);
  const [attempted, setAttempted] = useState(false);
  const [promptTouched, setPromptTouched] = useState(false);
  const [pastedShots, setPastedShots] = useState(0);
  const [shotDraft, setShotDraft] = useState<ShotDraft | null>(null);
  const { ShotEditor, failed: shotEditorFailed, retry: retryShotEditor } = useShotEditor(multiShot);
  const pendingFocus = useRef<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);

  const aspectRatio = value.aspect_ratio ?? INPUT_DEFAULTS.aspect_ratio;
  const duration: Duration = value.duration ?? INPUT_DEFAULTS.duration;
  const resolution = value.resolution ?? INPUT_DEFAULTS.resolution;
  const generateAudio = value.generate_audio ?? INPUT_DEFAULTS.generate_audio;
  const seed = value.seed ?? INPUT_DEFAULTS.seed;
  const returnLastFrame = value.return_last_frame ?? INPUT_DEFAULTS.return_last_frame;
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

  const update = (patch: Partial<GenerationInput>) => {
    const next = { ...value, ...patch } as GenerationInput;
    if (controlledValue === undefined) setInnerValue(next);
    onValueChange?.(next);
  };

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

  const citationProblems = checkCitations(prompt, referenceCounts);
  const fieldErrors = validate(value, allowed, issues, text);
  if (!(attempted || promptTouched) && prompt.trim() === '') delete fieldErrors.prompt;
  const generalErrors = fieldErrors.general ?? [];
  const visibleErrors =
    citationProblems.length > 0 || generalErrors.length > 0 || FIELDS.some((field) => fieldErrors[field] !== undefined);
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
  const promptCitationsInvalid = citationProblems.length > 0;

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
            <label className={classFor('modeToggle', 'sd-prompt-composer__switch')}>
              <input
                type="checkbox"
                role="switch"
                aria-checked={multiShot}
                checked={multiShot}
                onChange={(event) => switchMode(event.target.checked)}
                onFocus={preloadShotEditor}
                onPointerEnter={preloadShotEditor}
              />
              <span className={own('sd-prompt-composer__track')} aria-hidden="true" />
              <span>{text.multiShot}</span>
            </label>
          </div>

          {multiShot ? (
            ShotEditor ? (
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
            ) : shotEditorFailed ? (
              <p role="alert" className={classFor('error')}>
                {text.multiShotUnavailable}{' '}
                <button type="button" className={classFor('addShot')} onClick={retryShotEditor}>
                  {text.retryLoad}
                </button>
              </p>
            ) : (
              <fieldset aria-labelledby={`${id}-prompt-label`} aria-busy="true" className={classFor('shots')} />
            )
          ) : (
            <CitationTextarea
              ref={promptRef}
              id={`${id}-prompt`}
              value={prompt}
              onValueChange={(next) => {
                if (next.trim() !== '') setPromptTouched(true);
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
                promptCitationsInvalid && ids.citations,
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
            <ul id={ids.citations} className={classFor('problems')}>
              {citationProblems.map((problem) => (
                <li key={problem.citation.start}>{text.citationProblem(problem)}</li>
              ))}
            </ul>
          ) : null}
          <FieldError id={ids.promptError} message={fieldErrors.prompt} className={classFor('error')} />
        </div>

        <div className={classFor('parameters')}>
          <fieldset
            aria-describedby={fieldErrors.aspect_ratio ? ids.error('aspect_ratio') : undefined}
            className={classFor('field', 'sd-prompt-composer__field--aspect-ratio')}
          >
            <legend id={`${id}-aspect-ratio-legend`} className={classFor('label')}>
              {text.aspectRatio}
            </legend>
            <div className={classFor('options')}>
              {allowed.aspectRatios.map((option) => (
                <label key={option} className={classFor('option')} data-value={option}>
                  <input
                    type="radio"
                    name={`${id}-aspect-ratio`}
                    value={option}
                    checked={aspectRatio === option}
                    onChange={() => update({ aspect_ratio: option })}
                  />
                  <span
                    className={classFor('shape')}
                    aria-hidden="true"
                    data-adaptive={option === 'adaptive' ? '' : undefined}
                    style={shapeStyle(option)}
                  />
                  <span>{text.aspectRatioOption(option)}</span>
                </label>
              ))}
            </div>
            <FieldError
              id={ids.error('aspect_ratio')}
              message={fieldErrors.aspect_ratio}
              className={classFor('error')}
            />
          </fieldset>

          <div className={own('sd-prompt-composer__row')}>
            <div className={classFor('field')}>
              <label htmlFor={`${id}-duration`} className={classFor('label')}>
                {text.duration}
              </label>
              <select
                id={`${id}-duration`}
                className={classFor('select')}
                value={duration}
                aria-invalid={fieldErrors.duration ? true : undefined}
                aria-describedby={fieldErrors.duration ? ids.error('duration') : undefined}
                onChange={(event) => update({ duration: Number(event.target.value) as Duration })}
              >
                {withCurrent(sortDurations(allowed.durations), duration).map((option) => (
                  <option key={option} value={option}>
                    {text.durationOption(option)}
                  </option>
                ))}
              </select>
              <FieldError id={ids.error('duration')} message={fieldErrors.duration} className={classFor('error')} />
            </div>

            <fieldset
              aria-describedby={fieldErrors.resolution ? ids.error('resolution') : undefined}
              className={classFor('field')}
            >
              <legend id={`${id}-resolution-legend`} className={classFor('label')}>
                {text.resolution}
              </legend>
              <div className={classFor('options', 'sd-prompt-composer__options--segmented')}>
                {allowed.resolutions.map((option) => (
                  <label key={option} className={classFor('option')} data-value={option}>
                    <input
                      type="radio"
                      name={`${id}-resolution`}
                      value={option}
                      checked={resolution === option}
                      onChange={() => update({ resolution: option })}
                    />
                    <span>{option}</span>
                  </label>
                ))}
              </div>
              <FieldError id={ids.error('resolution')} message={fieldErrors.resolution} className={classFor('error')} />
            </fieldset>
          </div>

          <SwitchField
            id={`${id}-audio`}
            label={text.generateAudio}
            hint={allowed.generateAudio ? text.generateAudioHint : text.generateAudioNotAllowed}
            checked={generateAudio}
            disabled={!allowed.generateAudio && !generateAudio}
            error={fieldErrors.generate_audio}
            onCheckedChange={(checked) => update({ generate_audio: checked })}
            classFor={classFor}
            own={own}
          />

          <SwitchField
            id={`${id}-last-frame`}
            label={text.returnLastFrame}
            hint={text.returnLastFrameHint}
            checked={returnLastFrame}
            error={fieldErrors.return_last_frame}
            onCheckedChange={(checked) => update({ return_last_frame: checked })}
            classFor={classFor}
            own={own}
          />

          <fieldset aria-describedby={fieldErrors.seed ? ids.error('seed') : undefined} className={classFor('field')}>
            <legend className={classFor('label')}>{text.seed}</legend>
            <div className={classFor('seed')}>
              <label className={classFor('switch')}>
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked={seed === INPUT_LIMITS.minSeed}
                  checked={seed === INPUT_LIMITS.minSeed}
                  onChange={(event) => update({ seed: event.target.checked ? INPUT_LIMITS.minSeed : randomSeed() })}
                />
                <span className={own('sd-prompt-composer__track')} aria-hidden="true" />
                <span>{text.randomSeed}</span>
              </label>
              {seed === INPUT_LIMITS.minSeed ? null : (
                <>
                  <label htmlFor={`${id}-seed`} className={own('sd-prompt-composer__visually-hidden')}>
                    {text.seedNumber}
                  </label>
                  <NumberInput
                    id={`${id}-seed`}
                    inputMode="numeric"
                    min={0}
                    max={INPUT_LIMITS.maxSeed}
                    step={1}
                    className={classFor('seedInput')}
                    value={seed}
                    aria-invalid={fieldErrors.seed ? true : undefined}
                    aria-describedby={fieldErrors.seed ? ids.error('seed') : undefined}
                    onValueChange={(next) => update({ seed: next })}
                  />
                  <IconButton
                    className={classFor('reroll')}
                    label={text.reroll}
                    glyph="↻"
                    onClick={() => update({ seed: randomSeed() })}
                  />
                </>
              )}
            </div>
            <FieldError id={ids.error('seed')} message={fieldErrors.seed} className={classFor('error')} />
          </fieldset>
        </div>

        {generalErrors.length > 0 ? (
          <ul className={classFor('problems')}>
            {generalErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}

        <div className={classFor('footer')}>
          <p className={classFor('estimate')}>
            <span className={own('sd-prompt-composer__estimate-label')}>{text.estimateLabel}</span>{' '}
            <span>{text.estimate(estimate)}</span>
          </p>
          <span className={own('sd-prompt-composer__shortcut')} aria-hidden="true">
            {text.shortcut}
          </span>
          <button
            type="submit"
            className={classFor('submit')}
            disabled={busy}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            {busy ? text.submitting : text.submit}
          </button>
        </div>
      </fieldset>
    </form>
  );
});

type ShotEditorComponent = typeof import('./shot-editor').ShotEditor;
let loadedShotEditor: ShotEditorComponent | undefined;
const loadShotEditor = lazyModule(
  () =>
    import('./shot-editor').then((module) => {
      loadedShotEditor = module.ShotEditor;
      return module;
    }),
  'the multi-shot editor',
);

/**
 * Starts loading the multi-shot editor (a part loaded on first use); resolves when it is there or could not load. The
 * composer calls it when the pointer or focus reaches the multi-shot switch, so the editor is usually there by the
 * time it is needed.
 */
export function preloadShotEditor(): Promise<void> {
  // A failure is shown by the composer that needs the editor, which loads it again.
  return loadShotEditor().then(
    () => undefined,
    () => undefined,
  );
}

/** The multi-shot editor once loaded (at once when another composer loaded it), loading it while `wanted`. */
function useShotEditor(wanted: boolean) {
  const [ShotEditor, setShotEditor] = useState(() => loadedShotEditor);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt loads again.
  useEffect(() => {
    if (!wanted || ShotEditor !== undefined) return;
    let current = true;
    loadShotEditor().then(
      (module) => current && setShotEditor(() => module.ShotEditor),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [wanted, ShotEditor, attempt]);
  const retry = () => {
    setFailed(false);
    setAttempt((count) => count + 1);
  };
  return { ShotEditor: ShotEditor ?? loadedShotEditor, failed, retry };
}

const FIELDS: readonly PromptComposerField[] = [
  'prompt',
  'aspect_ratio',
  'duration',
  'resolution',
  'generate_audio',
  'seed',
  'return_last_frame',
];

function draftFromPrompt(prompt: string): ShotDraft {
  const parsed = parseShots(prompt);
  return {
    prompt,
    preamble: parsed.preamble,
    shots: parsed.shots.map((shot) => ({
      id: nextShotId(),
      start: shot.start,
      end: shot.end,
      ...(shot.title === undefined ? {} : { title: shot.title }),
      description: shot.description,
    })),
  };
}

interface Allowed {
  aspectRatios: readonly AspectRatio[];
  durations: readonly Duration[];
  resolutions: readonly Resolution[];
  generateAudio: boolean;
}

type FieldErrors = Partial<Record<PromptComposerField, string>> & { general?: string[] };

function validate(
  value: GenerationInput,
  allowed: Allowed,
  serverIssues: readonly SeedanceFieldIssue[] | undefined,
  text: PromptComposerLabels,
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (path: readonly PropertyKey[], message: string) => {
    const field = FIELDS.find((name) => name === path[0]);
    if (field === undefined) {
      const formatted = text.fieldIssue(undefined, message);
      errors.general = [...(errors.general ?? []), formatted].filter((item, index, all) => all.indexOf(item) === index);
    } else if (errors[field] === undefined) {
      errors[field] = text.fieldIssue(field, message);
    }
  };
  const result = generationInputSchema.safeParse(value);
  if (!result.success) for (const issue of result.error.issues) add(issue.path, issue.message);
  for (const [field, message] of configErrors(value, allowed, text)) {
    if (errors[field] === undefined) errors[field] = message;
  }
  for (const issue of serverIssues ?? []) add(issue.path, issue.message);
  return errors;
}

function configErrors(value: GenerationInput, allowed: Allowed, text: PromptComposerLabels) {
  const errors = new Map<PromptComposerField, string>();
  if (value.aspect_ratio !== undefined && !allowed.aspectRatios.includes(value.aspect_ratio)) {
    errors.set('aspect_ratio', text.notAllowed('aspect_ratio', text.aspectRatioOption(value.aspect_ratio)));
  }
  if (value.duration !== undefined && !allowed.durations.includes(value.duration)) {
    errors.set('duration', text.notAllowed('duration', text.durationOption(value.duration)));
  }
  if (value.resolution !== undefined && !allowed.resolutions.includes(value.resolution)) {
    errors.set('resolution', text.notAllowed('resolution', value.resolution));
  }
  if (value.generate_audio === true && !allowed.generateAudio) {
    errors.set('generate_audio', text.notAllowed('generate_audio', text.generateAudio.toLowerCase()));
  }
  return errors;
}

function SwitchField({
  id,
  label,
  hint,
  checked,
  disabled = false,
  error,
  onCheckedChange,
  classFor,
  own,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean | undefined;
  error: string | undefined;
  onCheckedChange: (checked: boolean) => void;
  classFor: ClassFor;
  own: (name: string) => string | undefined;
}) {
  return (
    <div className={classFor('field', 'sd-prompt-composer__field--switch')}>
      <label className={classFor('switch')}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          aria-checked={checked}
          checked={checked}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          onChange={(event) => onCheckedChange(event.target.checked)}
        />
        <span className={own('sd-prompt-composer__track')} aria-hidden="true" />
        <span>{label}</span>
      </label>
      <p id={`${id}-hint`} className={classFor('hint')}>
        {hint}
      </p>
      <FieldError id={`${id}-error`} message={error} className={classFor('error')} />
    </div>
  );
}

function FieldError({
  id,
  message,
  className,
}: {
  id: string;
  message: string | undefined;
  className?: string | undefined;
}): ReactNode {
  if (message === undefined) return null;
  return (
    <p id={id} className={className}>
      {message}
    </p>
  );
}

function shapeStyle(aspectRatio: AspectRatio): CSSProperties {
  const [width, height] = (aspectRatio === 'adaptive' ? '1:1' : aspectRatio).split(':').map(Number) as [number, number];
  const scale = 1 / Math.max(width, height);
  return {
    '--_sd-shape-width': (width * scale).toFixed(3),
    '--_sd-shape-height': (height * scale).toFixed(3),
  } as CSSProperties;
}

function sortDurations(durations: readonly Duration[]): Duration[] {
  // Auto last: the fixed lengths read as a scale, and "let the model decide" is the exception.
  return [...durations].sort((a, b) => (a === AUTO_DURATION ? 1 : b === AUTO_DURATION ? -1 : a - b));
}

function withCurrent<T>(options: readonly T[], current: T): T[] {
  return options.includes(current) ? [...options] : [...options, current];
}

function randomSeed(): number {
  return Math.floor(Math.random() * INPUT_LIMITS.maxSeed);
}

function formatSecondsRange(range: { low: number; high: number }): string {
  if (range.high < 120) return range.low === range.high ? `~${range.low} s` : `~${range.low}–${range.high} s`;
  const minutes = (seconds: number) => Math.round((seconds / 60) * 2) / 2;
  return `~${minutes(range.low)}–${minutes(range.high)} min`;
}

function formatUsdRange(range: { low: number; high: number }): string {
  const usd = (amount: number) => `$${amount.toFixed(2)}`;
  return range.low === range.high ? usd(range.low) : `${usd(range.low)}–${usd(range.high)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
