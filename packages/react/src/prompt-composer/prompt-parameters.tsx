import { type Duration, type GenerationInput, INPUT_DEFAULTS, INPUT_LIMITS } from '@seedance-kit/core';
import type { ReactNode } from 'react';
import { IconButton } from '../internal/icon-button';
import type { PromptComposerField, PromptComposerLabels } from './prompt-composer-labels';
import {
  type Allowed,
  type FieldErrors,
  randomSeed,
  shapeStyle,
  sortDurations,
  withCurrent,
} from './prompt-composer-model';
import { type ClassFor, FieldError, NumberInput, SwitchField } from './prompt-composer-parts';

/** Props of {@link PromptParameters}. */
export interface PromptParametersProps {
  /** The composer's id, prefix of every field's. */
  id: string;
  /** The input being composed. */
  value: GenerationInput;
  /** What the policy allows. */
  allowed: Allowed;
  /** The messages per field. */
  fieldErrors: FieldErrors;
  /** The id of a field's error message. */
  errorId: (field: PromptComposerField) => string;
  /** Changes fields of the input. */
  update: (patch: Partial<GenerationInput>) => void;
  /** The composer's strings. */
  text: PromptComposerLabels;
  /** The composer's class of a part. */
  classFor: ClassFor;
  /** A built-in class, or none when unstyled. */
  own: (name: string) => string | undefined;
}

/** The parameters of PromptComposer: aspect ratio, duration, resolution, audio, last frame and seed. */
export function PromptParameters({
  id,
  value,
  allowed,
  fieldErrors,
  errorId,
  update,
  text,
  classFor,
  own,
}: PromptParametersProps): ReactNode {
  const aspectRatio = value.aspect_ratio ?? INPUT_DEFAULTS.aspect_ratio;
  const duration: Duration = value.duration ?? INPUT_DEFAULTS.duration;
  const resolution = value.resolution ?? INPUT_DEFAULTS.resolution;
  const generateAudio = value.generate_audio ?? INPUT_DEFAULTS.generate_audio;
  const seed = value.seed ?? INPUT_DEFAULTS.seed;
  const returnLastFrame = value.return_last_frame ?? INPUT_DEFAULTS.return_last_frame;
  return (
    <div className={classFor('parameters')}>
      <fieldset
        aria-describedby={fieldErrors.aspect_ratio ? errorId('aspect_ratio') : undefined}
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
        <FieldError id={errorId('aspect_ratio')} message={fieldErrors.aspect_ratio} className={classFor('error')} />
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
            aria-describedby={fieldErrors.duration ? errorId('duration') : undefined}
            onChange={(event) => update({ duration: Number(event.target.value) as Duration })}
          >
            {withCurrent(sortDurations(allowed.durations), duration).map((option) => (
              <option key={option} value={option}>
                {text.durationOption(option)}
              </option>
            ))}
          </select>
          <FieldError id={errorId('duration')} message={fieldErrors.duration} className={classFor('error')} />
        </div>

        <fieldset
          aria-describedby={fieldErrors.resolution ? errorId('resolution') : undefined}
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
          <FieldError id={errorId('resolution')} message={fieldErrors.resolution} className={classFor('error')} />
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

      <fieldset aria-describedby={fieldErrors.seed ? errorId('seed') : undefined} className={classFor('field')}>
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
                aria-describedby={fieldErrors.seed ? errorId('seed') : undefined}
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
        <FieldError id={errorId('seed')} message={fieldErrors.seed} className={classFor('error')} />
      </fieldset>
    </div>
  );
}
