import {
  type AspectRatio,
  AUTO_DURATION,
  type Duration,
  type GenerationInput,
  generationInputSchema,
  INPUT_LIMITS,
  parseShots,
  type Resolution,
  type SeedanceFieldIssue,
} from '@seedance-kit/core';
import type { CSSProperties } from 'react';
import type { PromptComposerField, PromptComposerLabels } from './prompt-composer-labels';
import { nextShotId, type ShotDraft } from './prompt-composer-parts';

// The pure part of PromptComposer: what is allowed, what is wrong, and how options are shown.

/** The fields the composer edits, in the order their errors are met. */
export const FIELDS: readonly PromptComposerField[] = [
  'prompt',
  'aspect_ratio',
  'duration',
  'resolution',
  'generate_audio',
  'seed',
  'return_last_frame',
];

/** The multi-shot draft a prompt parses into, with fresh shot ids. */
export function draftFromPrompt(prompt: string): ShotDraft {
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

/** What the signer's policy (or, before it answers, the model) allows. */
export interface Allowed {
  aspectRatios: readonly AspectRatio[];
  durations: readonly Duration[];
  resolutions: readonly Resolution[];
  generateAudio: boolean;
}

/** One message per field, and the messages of no field. */
export type FieldErrors = Partial<Record<PromptComposerField, string>> & { general?: string[] };

/** Every problem of an input: the schema's, the policy's and the server's, one per field. */
export function validate(
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

/** The choices the signer's policy refuses. */
export function configErrors(value: GenerationInput, allowed: Allowed, text: PromptComposerLabels) {
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

/** The frame of an aspect-ratio option's icon. */
export function shapeStyle(aspectRatio: AspectRatio): CSSProperties {
  const [width, height] = (aspectRatio === 'adaptive' ? '1:1' : aspectRatio).split(':').map(Number) as [number, number];
  const scale = 1 / Math.max(width, height);
  return {
    '--_sd-shape-width': (width * scale).toFixed(3),
    '--_sd-shape-height': (height * scale).toFixed(3),
  } as CSSProperties;
}

/** Durations in order, `auto` last. */
export function sortDurations(durations: readonly Duration[]): Duration[] {
  // Auto last: the fixed lengths read as a scale, and "let the model decide" is the exception.
  return [...durations].sort((a, b) => (a === AUTO_DURATION ? 1 : b === AUTO_DURATION ? -1 : a - b));
}

/** The options, plus the current value when the policy no longer offers it (so it stays visible). */
export function withCurrent<T>(options: readonly T[], current: T): T[] {
  return options.includes(current) ? [...options] : [...options, current];
}

/** A random seed in the model's range. */
export function randomSeed(): number {
  return Math.floor(Math.random() * INPUT_LIMITS.maxSeed);
}

/** `60-90 s`. */
export function formatSecondsRange(range: { low: number; high: number }): string {
  if (range.high < 120) return range.low === range.high ? `~${range.low} s` : `~${range.low}–${range.high} s`;
  const minutes = (seconds: number) => Math.round((seconds / 60) * 2) / 2;
  return `~${minutes(range.low)}–${minutes(range.high)} min`;
}

/** `$0.10-0.20`. */
export function formatUsdRange(range: { low: number; high: number }): string {
  const usd = (amount: number) => `$${amount.toFixed(2)}`;
  return range.low === range.high ? usd(range.low) : `${usd(range.low)}–${usd(range.high)}`;
}

/** The text with its first letter in upper case. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
