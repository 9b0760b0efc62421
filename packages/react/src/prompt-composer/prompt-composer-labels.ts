import {
  type AspectRatio,
  AUTO_DURATION,
  type CitationKind,
  type CitationProblem,
  type Duration,
  type GenerationEstimate,
  type ShotProblem,
} from '@seedance-kit/core';
import { capitalize, formatSecondsRange, formatUsdRange } from './prompt-composer-model';

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
  /** Accessible description of the timeline bar: the shots' spans against the duration, and what is wrong. */
  timelineSummary: (
    shots: readonly { index: number; start: number; end: number }[],
    duration: Duration,
    gaps: number,
    overlaps: number,
  ) => string;
  /** Summary of the disclosure that previews the prompt composed from the shots. */
  composedPrompt: string;
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

/** The English strings {@link PromptComposer} uses unless `labels` says otherwise. */
export const defaultPromptComposerLabels: PromptComposerLabels = {
  form: 'Compose a video',
  prompt: 'Prompt',
  promptHint: 'Describe the scene, the motion and the camera. Cite references as "image 1", "video 1" or "audio 1".',
  promptPlaceholder: 'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
  characterCount: (count) => (count === 1 ? '1 character' : `${count} characters`),
  multiShot: 'Multi-shot',
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
  timelineSummary: (shots, duration, gaps, overlaps) => {
    const spans = shots.map((shot) => `shot ${shot.index} ${shot.start}–${shot.end} s`).join(', ');
    const length = duration === AUTO_DURATION ? 'a length the model picks' : `${duration} s`;
    const issues = [
      gaps > 0 ? `${gaps} ${gaps === 1 ? 'gap' : 'gaps'}` : '',
      overlaps > 0 ? `${overlaps} ${overlaps === 1 ? 'overlap' : 'overlaps'}` : '',
    ].filter(Boolean);
    return `Timeline of ${length}: ${spans || 'no shots'}${issues.length > 0 ? `; ${issues.join(', ')}` : ''}.`;
  },
  composedPrompt: 'Prompt the model reads',
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
