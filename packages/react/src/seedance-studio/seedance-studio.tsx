'use client';

import { createTimeEstimator, type GenerationInput } from '@seedance-kit/core';
import type { GenerationHistoryEntry, PersistOption } from '@seedance-kit/core/client';
import { useQuery } from '@tanstack/react-query';
import { type ComponentPropsWithoutRef, forwardRef, useEffect, useId, useMemo, useRef, useState } from 'react';
import { join, partClasses } from '../internal/dom';
import { createPersistence, storeOf } from '../persistence';
import { PromptComposer } from '../prompt-composer/prompt-composer';
import type { PromptComposerLabels } from '../prompt-composer/prompt-composer-labels';
import { configQueryOptions } from '../query-options';
import { ReferencePicker } from '../reference-picker/reference-picker';
import type { ReferencePickerLabels } from '../reference-picker/reference-picker-labels';
import {
  emptyReferenceSelection,
  isReferenceSelectionReady,
  type ReferenceSelection,
  referenceCounts,
  referenceSelectionFromInput,
  referenceSelectionToInput,
  withFirstFrame,
} from '../reference-picker/reference-selection';
import { useSeedanceTransport } from '../seedance-provider';
import { useSeedanceGeneration } from '../use-seedance-generation';
import { useSeedanceHistory } from '../use-seedance-history';
import { VideoResult } from '../video-result/video-result';
import type { VideoResultLabelsInput } from '../video-result/video-result-labels';

/** The parts of {@link SeedanceStudio} that take a class through `classNames`. */
export type SeedanceStudioPart =
  | 'inputs'
  | 'output'
  | 'composer'
  | 'references'
  | 'result'
  | 'notice'
  | 'resumed'
  | 'history'
  | 'historyLabel'
  | 'historyList'
  | 'historyItem'
  | 'historyThumbnail'
  | 'backToCurrent';

/** The studio's own strings. */
export interface SeedanceStudioOwnLabels {
  /** Accessible name of the whole studio. */
  region: string;
  /** Label of the history strip. */
  history: string;
  /** Accessible name (and tooltip) of one earlier video: its prompt and when it finished. */
  historyItem: (entry: GenerationHistoryEntry) => string;
  /** Text of the button that leaves an earlier video and shows the current generation again. */
  backToCurrent: string;
  /** Message when Generate is pressed while references are still uploading or have failed. */
  uploadsNotReady: string;
  /** Said above the result when a reload resumed a generation: what it is making (its input is back in the form). */
  resumed: (input: GenerationInput) => string;
}

/** Every visible string of {@link SeedanceStudio}: its own, and those of its parts by part. */
// Each own label is optional and may be `undefined` too, for hosts with `exactOptionalPropertyTypes`.
export type SeedanceStudioLabels = {
  [Key in keyof SeedanceStudioOwnLabels]?: SeedanceStudioOwnLabels[Key] | undefined;
} & {
  /** Passed to `PromptComposer`'s `labels`. */
  promptComposer?: Partial<PromptComposerLabels> | undefined;
  /** Passed to `ReferencePicker`'s `labels`. */
  referencePicker?: Partial<ReferencePickerLabels> | undefined;
  /** Passed to `VideoResult`'s `labels`. */
  videoResult?: VideoResultLabelsInput | undefined;
};

/** Props of {@link SeedanceStudio}. Unknown props and `ref` go to the root `<section>`. */
export interface SeedanceStudioProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'defaultValue'> {
  /**
   * Remembers the generation under way (a reload resumes it) and the earlier videos: `'session'`, `'local'` or a
   * storage of your own. Default: memory only.
   */
  persist?: PersistOption | undefined;
  /** Separates the saved generations of several studios on one page. Default `default`. */
  persistKey?: string | undefined;
  /** The first input of the prompt form. Default `{ prompt: '', return_last_frame: true }` (so clips can chain). */
  defaultInput?: GenerationInput | undefined;
  /** Drops every built-in class, here and in the parts, but keeps the ARIA and `data-*` attributes. */
  unstyled?: boolean | undefined;
  /** Extra classes per part, kept when `unstyled`. */
  classNames?: Partial<Record<SeedanceStudioPart, string>> | undefined;
  /** Replaces any of the default strings: the studio's own, and the parts' under `promptComposer`, `referencePicker`, `videoResult`. */
  labels?: SeedanceStudioLabels | undefined;
}

/** The English strings of the studio itself, unless `labels` says otherwise. */
export const defaultSeedanceStudioLabels: SeedanceStudioOwnLabels = {
  region: 'Video studio',
  history: 'Earlier videos',
  historyItem: (entry) => {
    const prompt = entry.input?.prompt?.trim() || 'Video';
    const short = prompt.length > 60 ? `${prompt.slice(0, 57)}…` : prompt;
    const time = new Date(entry.finishedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return `${short} (${time})`;
  },
  backToCurrent: 'Back to the current video',
  uploadsNotReady: 'Some references are not uploaded yet: wait for them, or retry or remove the ones that failed.',
  resumed: (input) => {
    const prompt = input.prompt?.trim() || 'your video';
    const short = prompt.length > 80 ? `${prompt.slice(0, 77)}…` : prompt;
    return `Still generating “${short}”: picked up again after the page reloaded. Its prompt and settings are back in the form.`;
  },
};

/**
 * The whole flow in one component, laid out for creators: the prompt first with Generate and its estimate attached,
 * the reference files (or a first and last frame) as the prompt's attachments (drop them anywhere on the form), the
 * parameters in a compact row, and the result as the largest element with earlier videos beneath, all on one
 * `useSeedanceGeneration`. After a reload mid-run the generation resumes and its input comes back into the form. Generate sends the prompt with the
 * uploaded references; "Continue from last frame" puts the video's last frame in as the next first frame. Place it
 * inside a `SeedanceProvider`.
 *
 * @example
 * <SeedanceProvider transport={createSignerTransport()}>
 *   <SeedanceStudio persist="session" />
 * </SeedanceProvider>
 */
export const SeedanceStudio = /*#__PURE__*/ forwardRef<HTMLElement, SeedanceStudioProps>(function SeedanceStudio(
  { persist, persistKey, defaultInput, unstyled = false, classNames, labels, className, ...rest },
  ref,
) {
  const {
    promptComposer: composerLabels,
    referencePicker: pickerLabels,
    videoResult: resultLabels,
    ...own
  } = labels ?? {};
  const text = { ...defaultSeedanceStudioLabels, ...own };
  const id = useId();
  const transport = useSeedanceTransport();
  const config = useQuery(configQueryOptions(transport)).data;
  // The studio shows the time left, so it estimates (and learns from this browser's runs).
  const [estimator] = useState(createTimeEstimator);
  // The studio always shows earlier videos: in memory unless `persist` names a storage.
  const persistence = useMemo(() => createPersistence(persist ?? 'memory'), [persist]);
  const generation = useSeedanceGeneration({ persist: persistence, persistKey, estimator });
  const history = useSeedanceHistory({ persist: persistence, persistKey });
  const [input, setInput] = useState<GenerationInput>(() => defaultInput ?? { prompt: '', return_last_frame: true });
  const [selection, setSelection] = useState<ReferenceSelection>(emptyReferenceSelection);
  const [notice, setNotice] = useState<string | null>(null);
  const [viewedJobId, setViewedJobId] = useState<string | null>(null);
  const pickerRef = useRef<HTMLFieldSetElement>(null);
  const composerRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLElement>(null);
  const [resumedInput, setResumedInput] = useState<GenerationInput | null>(null);

  // A reload mid-run resumes the saved job; its input (kept with it) comes back into the form, so the page says
  // what is being made. Read after mounting: storage is not there on the server, and the first render must match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the generation saved when the studio mounts.
  useEffect(() => {
    const saved = storeOf(persistence, persistKey)?.readActive();
    if (saved?.input === undefined) return;
    const { reference_images, reference_videos, reference_audios, first_frame_url, last_frame_url, ...rest } =
      saved.input;
    setInput(rest);
    setSelection(referenceSelectionFromInput(saved.input));
    setResumedInput(saved.input);
  }, []);
  const showResumed = resumedInput !== null && generation.isPending && viewedJobId === null;

  const viewed =
    viewedJobId === null || viewedJobId === generation.job?.id
      ? undefined
      : history.entries.find((entry) => entry.job.id === viewedJobId);
  const issues = generation.error?.code === 'VALIDATION_FAILED' ? generation.error.issues : undefined;
  const classFor = partClasses<SeedanceStudioPart>('seedance-studio', unstyled, classNames);

  const submit = (validated: GenerationInput) => {
    if (!isReferenceSelectionReady(selection)) {
      setNotice(text.uploadsNotReady);
      return;
    }
    setNotice(null);
    setViewedJobId(null);
    setResumedInput(null);
    // The outcome is rendered from the hook's state, so the promise is only drained here.
    generation.generate({ ...validated, ...referenceSelectionToInput(selection) }).catch(() => {});
    // On a phone the stage sits under the form: bring it into view (on a desktop it already is, and nothing moves).
    resultRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  };

  const continueFrom = (lastFrameUrl: string) => {
    setSelection((current) => withFirstFrame(current, lastFrameUrl));
    setViewedJobId(null);
    pickerRef.current?.scrollIntoView?.({ block: 'nearest' });
  };

  return (
    <section
      ref={ref}
      aria-label={text.region}
      data-state={viewed ? 'succeeded' : generation.status}
      data-viewing-history={viewed ? '' : undefined}
      className={join(unstyled ? undefined : 'sd-seedance-studio', className)}
      {...rest}
    >
      <div className={classFor('inputs')}>
        <PromptComposer
          ref={composerRef}
          className={classFor('composer')}
          value={input}
          onValueChange={setInput}
          config={config}
          references={referenceCounts(selection)}
          issues={issues}
          busy={generation.isPending}
          unstyled={unstyled}
          labels={composerLabels}
          onSubmit={submit}
          attachments={
            <ReferencePicker
              ref={pickerRef}
              variant="attachments"
              dropTarget={composerRef}
              className={classFor('references')}
              value={selection}
              onValueChange={(next) => {
                setSelection(next);
                if (notice !== null && isReferenceSelectionReady(next)) setNotice(null);
              }}
              unstyled={unstyled}
              labels={pickerLabels}
            />
          }
        />
        {notice === null ? null : (
          <p role="alert" className={classFor('notice')}>
            {notice}
          </p>
        )}
      </div>

      <div className={classFor('output')}>
        {showResumed ? (
          <p role="status" className={classFor('resumed')}>
            {text.resumed(resumedInput)}
          </p>
        ) : null}
        {viewed ? (
          <VideoResult
            className={classFor('result')}
            status="succeeded"
            job={viewed.job}
            onContinueFromLastFrame={continueFrom}
            unstyled={unstyled}
            labels={resultLabels}
          />
        ) : (
          <VideoResult
            ref={resultRef}
            className={classFor('result')}
            generation={generation}
            aspectRatio={input.aspect_ratio}
            onUseExamplePrompt={(prompt) => {
              setInput((current) => ({ ...current, prompt }));
              composerRef.current?.querySelector('textarea')?.focus();
            }}
            onContinueFromLastFrame={continueFrom}
            unstyled={unstyled}
            labels={resultLabels}
          />
        )}
        {viewed ? (
          <button type="button" className={classFor('backToCurrent')} onClick={() => setViewedJobId(null)}>
            {text.backToCurrent}
          </button>
        ) : null}

        {history.entries.length > 0 ? (
          <div className={classFor('history')}>
            <p id={`${id}-history`} className={classFor('historyLabel')}>
              {text.history}
            </p>
            <ul aria-labelledby={`${id}-history`} className={classFor('historyList')}>
              {history.entries.map((entry) => {
                const shown = viewed ? viewed.job.id === entry.job.id : generation.job?.id === entry.job.id;
                const name = text.historyItem(entry);
                return (
                  <li key={entry.job.id}>
                    <button
                      type="button"
                      className={classFor('historyItem')}
                      aria-label={name}
                      title={name}
                      aria-pressed={shown}
                      data-state={shown ? 'shown' : undefined}
                      onClick={() => setViewedJobId(entry.job.id)}
                    >
                      <HistoryThumbnail entry={entry} className={classFor('historyThumbnail')} />
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
});

function HistoryThumbnail({ entry, className }: { entry: GenerationHistoryEntry; className: string | undefined }) {
  const { lastFrameUrl, videoUrl } = entry.job.result;
  if (lastFrameUrl !== undefined) return <img className={className} src={lastFrameUrl} alt="" />;
  return (
    <span aria-hidden="true">
      <video className={className} src={`${videoUrl}#t=0.1`} preload="metadata" muted playsInline />
    </span>
  );
}
