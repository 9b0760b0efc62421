import {
  ASPECT_RATIOS,
  type AspectRatio,
  AUTO_DURATION,
  DURATIONS,
  type Duration,
  INPUT_DEFAULTS,
  RESOLUTIONS,
  type Resolution,
  type SeedanceError,
} from '@seedance-kit/core';
import { seedanceKeys, useSeedanceGeneration, useSeedanceTransport, VideoResult } from '@seedance-kit/react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';

/** The form fields that can carry a validation message, keyed like the input they edit. */
type FieldName = 'prompt' | 'aspect_ratio' | 'duration' | 'resolution' | 'generate_audio';

const FIELD_NAMES: readonly FieldName[] = ['prompt', 'aspect_ratio', 'duration', 'resolution', 'generate_audio'];

/** The playground page: a generation form on one side, the result on the other. */
export function App() {
  const generation = useSeedanceGeneration();
  const transport = useSeedanceTransport();
  // The server's policy decides what the form offers; until it answers (or if it cannot), offer what the model takes.
  const config = useQuery({
    queryKey: seedanceKeys.config(),
    queryFn: ({ signal }) => transport.getConfig({ signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [prompt, setPrompt] = useState('');
  const [aspectRatio, setAspectRatio] = useState<AspectRatio>(INPUT_DEFAULTS.aspect_ratio);
  const [duration, setDuration] = useState<Duration>(INPUT_DEFAULTS.duration);
  const [resolution, setResolution] = useState<Resolution>(INPUT_DEFAULTS.resolution);
  const [generateAudio, setGenerateAudio] = useState<boolean>(INPUT_DEFAULTS.generate_audio);

  const aspectRatios = config.data?.aspectRatios ?? ASPECT_RATIOS;
  const durations = config.data?.durations ?? DURATIONS;
  const resolutions = config.data?.resolutions ?? RESOLUTIONS;
  const audioAllowed = config.data?.generateAudio ?? true;
  const { fieldErrors, otherErrors } = splitIssues(generation.error);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The outcome is rendered from the hook's state, so the promise is only drained here.
    generation
      .generate({
        prompt,
        aspect_ratio: aspectRatio,
        duration,
        resolution,
        generate_audio: audioAllowed && generateAudio,
      })
      .catch(() => {});
  };

  return (
    <div className="playground">
      <header className="playground__header">
        <h1>Seedance Kit playground</h1>
        <p>
          Text to video with Seedance 2.0 Fast. Requests go to the example backend, which signs them with the Segmind
          key; the key never reaches this page.
        </p>
      </header>

      <main className="playground__layout">
        <form
          className="playground__card playground__form"
          onSubmit={onSubmit}
          noValidate
          aria-label="Generate a video"
        >
          <Field label="Prompt" error={fieldErrors.prompt} hint="Describe the scene, the motion and the camera.">
            {(control) => (
              <textarea
                {...control}
                name="prompt"
                rows={5}
                value={prompt}
                onChange={(event) => setPrompt(event.target.value)}
                placeholder="A paper boat drifting down a rainy city street at dusk, slow dolly shot"
              />
            )}
          </Field>

          <div className="playground__row">
            <Field label="Aspect ratio" error={fieldErrors.aspect_ratio}>
              {(control) => (
                <select
                  {...control}
                  name="aspect_ratio"
                  value={aspectRatio}
                  onChange={(event) => setAspectRatio(event.target.value as AspectRatio)}
                >
                  {aspectRatios.map((value) => (
                    <option key={value} value={value}>
                      {value === 'adaptive' ? 'Adaptive' : value}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Duration" error={fieldErrors.duration}>
              {(control) => (
                <select
                  {...control}
                  name="duration"
                  value={duration}
                  onChange={(event) => setDuration(Number(event.target.value) as Duration)}
                >
                  {durations.map((value) => (
                    <option key={value} value={value}>
                      {value === AUTO_DURATION ? 'Let the model choose' : `${value} seconds`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Resolution" error={fieldErrors.resolution}>
              {(control) => (
                <select
                  {...control}
                  name="resolution"
                  value={resolution}
                  onChange={(event) => setResolution(event.target.value as Resolution)}
                >
                  {resolutions.map((value) => (
                    <option key={value} value={value}>
                      {value}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>

          <Field
            label="Generate native audio"
            error={fieldErrors.generate_audio}
            hint={
              audioAllowed ? 'Sound effects and ambience made with the video.' : 'This server does not allow audio.'
            }
            inline
          >
            {(control) => (
              <input
                {...control}
                type="checkbox"
                name="generate_audio"
                checked={audioAllowed && generateAudio}
                disabled={!audioAllowed}
                onChange={(event) => setGenerateAudio(event.target.checked)}
              />
            )}
          </Field>

          {otherErrors.length > 0 ? (
            <ul className="playground__form-errors" role="alert">
              {otherErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}

          <div className="playground__actions">
            <button type="submit" className="playground__button" disabled={generation.isBusy}>
              {generation.isBusy ? 'Generating…' : 'Generate'}
            </button>
            {generation.status !== 'idle' && !generation.isBusy ? (
              <button type="button" className="playground__button playground__button--quiet" onClick={generation.reset}>
                Clear result
              </button>
            ) : null}
          </div>
        </form>

        <section className="playground__card playground__result" aria-labelledby="result-heading">
          <h2 id="result-heading">Result</h2>
          <VideoResult
            status={generation.status}
            job={generation.job}
            error={generation.error}
            aspectRatio={aspectRatio}
          />
          {generation.job ? (
            <p className="playground__meta">
              {describeJob(generation.job.input)}
              {generation.video?.seed === undefined ? '' : ` · seed ${generation.video.seed}`}
            </p>
          ) : null}
        </section>
      </main>
    </div>
  );
}

interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with an optional hint and its validation message, linked for assistive technology. */
function Field({
  label,
  hint,
  error,
  inline = false,
  children,
}: {
  label: string;
  hint?: string;
  error: string | undefined;
  inline?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={inline ? 'playground__field playground__field--inline' : 'playground__field'}>
      {inline ? children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy }) : null}
      <label htmlFor={id}>{label}</label>
      {inline ? null : children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint ? (
        <p id={hintId} className="playground__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="playground__field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Sorts validation issues into the fields that show them and the rest, which the form shows together. */
function splitIssues(error: SeedanceError | null): {
  fieldErrors: Partial<Record<FieldName, string>>;
  otherErrors: string[];
} {
  const fieldErrors: Partial<Record<FieldName, string>> = {};
  const otherErrors: string[] = [];
  if (error?.code !== 'VALIDATION_FAILED') return { fieldErrors, otherErrors };
  for (const issue of error.issues ?? []) {
    const field = FIELD_NAMES.find((name) => name === issue.path[0]);
    if (field && fieldErrors[field] === undefined) fieldErrors[field] = capitalize(issue.message);
    else if (!field) otherErrors.push(capitalize(issue.message));
  }
  if (error.issues === undefined || error.issues.length === 0) otherErrors.push(error.message);
  return { fieldErrors, otherErrors };
}

function describeJob(input: { aspectRatio: string; duration: number; resolution: string; generateAudio: boolean }) {
  const length = input.duration === AUTO_DURATION ? 'auto length' : `${input.duration} s`;
  return [input.aspectRatio, length, input.resolution, input.generateAudio ? 'with audio' : 'no audio'].join(' · ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
