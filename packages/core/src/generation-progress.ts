import type { GenerationInput } from './generation-input';
import { type GenerationStorage, resolveStorage } from './generation-storage';
import { type EstimateRange, estimateGeneration } from './prompt/estimate';
import type { GenerationJob, JobInputSummary } from './protocol';

/** How long a generation is expected to take, and how much of it is left. An estimate, never a promise. */
export interface GenerationTimeEstimate {
  /** Always `true`: say "estimate" (or "about") wherever these numbers are shown. */
  isEstimate: true;
  /** The whole generation time, queueing excluded, in ms. */
  totalMs: EstimateRange;
  /** What is left of it, in ms; the whole of it while the job is still queued. */
  remainingMs: EstimateRange;
  /** `model` when it comes from the duration, resolution and audio alone; `history` when refined by past runs. */
  basis: 'model' | 'history';
  /** How many past runs in this browser refined it. */
  samples: number;
}

/** Options of {@link estimateJobTime}. */
export interface EstimateJobTimeOptions {
  /** How long the job has been running (not queued), in ms. Default 0. */
  runningForMs?: number;
  /** Observed / modelled time ratios of past runs, from {@link readTimingSamples}. */
  samples?: readonly number[];
}

/**
 * Estimates generation times for `useSeedanceGeneration({ estimator })`, learning from past runs. Its own object so
 * a page that shows no estimate does not download the model: the hook only estimates when given one.
 */
export interface GenerationTimeEstimator {
  /**
   * The estimate of a job that has been running (not queued) for `runningForMs`: from the job's input summary, or
   * from the input itself before the job exists.
   */
  estimate(input: JobInputSummary | GenerationInput, runningForMs: number): GenerationTimeEstimate;
  /** Remembers how long a succeeded job took (see {@link recordTiming}); does nothing when not learning. */
  record(job: GenerationJob, measuredMs?: number): void;
}

/** Options of {@link createTimeEstimator}. */
export interface TimeEstimatorOptions {
  /**
   * Where the last {@link MAX_TIMING_SAMPLES} run times are kept to refine estimates in this browser: `localStorage`
   * by default (when the page has it), a storage of your own, or `false` to estimate from the model alone.
   */
  learn?: GenerationStorage | boolean;
}

/**
 * An estimator for `useSeedanceGeneration({ estimator })`: {@link estimateJobTime} scaled by the run times it has
 * seen (read once, then kept up to date by `record`). Create it once, at module level or with `useState`.
 *
 * @example
 * const estimator = createTimeEstimator();
 * const generation = useSeedanceGeneration({ estimator });
 */
export function createTimeEstimator(options: TimeEstimatorOptions = {}): GenerationTimeEstimator {
  const { learn = true } = options;
  const storage = () => (learn === false ? undefined : learn === true ? resolveStorage('local') : learn);
  let samples: readonly number[] | undefined;
  return {
    estimate(input, runningForMs) {
      samples ??= readTimingSamples(storage());
      return estimateJobTime(input, { samples, runningForMs });
    },
    record(job, measuredMs) {
      const target = storage();
      if (!target) return;
      recordTiming(target, job, measuredMs);
      samples = readTimingSamples(target);
    },
  };
}

/** How many past runs are kept to refine estimates. */
export const MAX_TIMING_SAMPLES = 10;

const TIMINGS_KEY = 'seedance-kit:timings';

/**
 * Estimates a job's generation time from its duration, resolution and audio (through `estimateGeneration`), scaled
 * by the median of how past runs in this browser compared to that model, and what is left of it. `input` is the
 * job's input summary, or the generation input itself (its defaults applied) before there is a job.
 */
export function estimateJobTime(
  input: JobInputSummary | GenerationInput,
  options: EstimateJobTimeOptions = {},
): GenerationTimeEstimate {
  const model = estimateGeneration('prompt' in input ? input : modelInput(input)).seconds;
  const samples = options.samples ?? [];
  const factor = samples.length === 0 ? 1 : median(samples);
  const totalMs = { low: Math.round(model.low * factor * 1000), high: Math.round(model.high * factor * 1000) };
  const runningForMs = Math.max(0, options.runningForMs ?? 0);
  return {
    isEstimate: true,
    totalMs,
    remainingMs: { low: Math.max(0, totalMs.low - runningForMs), high: Math.max(0, totalMs.high - runningForMs) },
    basis: samples.length === 0 ? 'model' : 'history',
    samples: samples.length,
  };
}

/** The ratios kept by {@link recordTiming}, oldest first; empty when nothing was recorded or storage is unavailable. */
export function readTimingSamples(storage: GenerationStorage | undefined): number[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(TIMINGS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((value) => typeof value === 'number' && value > 0) : [];
  } catch {
    return [];
  }
}

/**
 * Remembers how long a succeeded job took against the model (its upstream inference time, else `measuredMs`), so
 * later estimates in this browser follow what this deployment really does. Keeps the last {@link MAX_TIMING_SAMPLES}.
 */
export function recordTiming(storage: GenerationStorage | undefined, job: GenerationJob, measuredMs?: number): void {
  const tookMs = job.metrics?.inferenceTimeMs ?? measuredMs;
  if (!storage || tookMs === undefined || tookMs <= 0) return;
  const model = estimateGeneration(modelInput(job.input)).seconds;
  const ratio = tookMs / 1000 / ((model.low + model.high) / 2);
  const samples = [...readTimingSamples(storage), Math.round(ratio * 1000) / 1000].slice(-MAX_TIMING_SAMPLES);
  try {
    storage.setItem(TIMINGS_KEY, JSON.stringify(samples));
  } catch {
    // A full or blocked storage only loses the refinement.
  }
}

function modelInput(input: JobInputSummary) {
  return {
    duration: input.duration,
    resolution: input.resolution,
    aspect_ratio: input.aspectRatio,
    generate_audio: input.generateAudio,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
