import { SeedanceCanceledError, SeedanceError } from './errors';
import type { GenerationJob, JobResult } from './protocol';
import type { JobStatus } from './protocol-constants';

/** Where a generation stands: the job statuses of the signer, plus `idle` and `submitting` on the client. */
export type GenerationStatus = 'idle' | 'submitting' | JobStatus;

/** Every {@link GenerationStatus}, in the order a generation goes through them. */
export const GENERATION_STATUSES: readonly GenerationStatus[] = [
  'idle',
  'submitting',
  'queued',
  'running',
  'succeeded',
  'failed',
  'canceled',
  'expired',
];

/** A job known to have succeeded: its `result` is there. */
export type SucceededJob = GenerationJob & { status: 'succeeded'; result: JobResult };

/**
 * One generation as a discriminated union: checking `status` narrows `job`, `video` and `error`. One member per
 * status, written inline so the union is the one name to learn; `Extract<GenerationState, { status: 'failed' }>`
 * names a member.
 */
export type GenerationState =
  | {
      /**
       * Nothing under way. `error` is only ever a `VALIDATION_FAILED` error whose `issues` name the fields of an
       * input that `generate` refused without sending anything.
       */
      status: 'idle';
      job: undefined;
      video: undefined;
      error: SeedanceError | null;
      remoteCancel: undefined;
    }
  | {
      /** A request is on its way and no job is known yet: a submit, or the first read of an attached job. */
      status: 'submitting';
      job: undefined;
      video: undefined;
      error: null;
      remoteCancel: undefined;
    }
  | {
      /** The job waits for a worker. */
      status: 'queued';
      job: GenerationJob;
      video: undefined;
      error: null;
      remoteCancel: undefined;
    }
  | {
      /** The video is being generated. */
      status: 'running';
      job: GenerationJob;
      video: undefined;
      error: null;
      remoteCancel: undefined;
    }
  | {
      /** The video is ready. */
      status: 'succeeded';
      job: SucceededJob;
      video: JobResult;
      error: null;
      remoteCancel: undefined;
    }
  | {
      /**
       * No video: a refused submit (no `job`), a failed job, a poll the server refused, or the deadline
       * (`error.code === 'UPSTREAM_TIMEOUT'`; the job may still be running upstream).
       */
      status: 'failed';
      job: GenerationJob | undefined;
      video: undefined;
      error: SeedanceError;
      remoteCancel: undefined;
    }
  | {
      /** The job is gone upstream (Segmind keeps jobs for one hour); `error.code` is `EXPIRED`. */
      status: 'expired';
      job: GenerationJob | undefined;
      video: undefined;
      error: SeedanceError;
      remoteCancel: undefined;
    }
  | {
      /** Canceled on purpose: an outcome, never an error. `remoteCancel` says whether the upstream work was stopped. */
      status: 'canceled';
      job: GenerationJob | undefined;
      video: undefined;
      error: null;
      remoteCancel: boolean;
    };

/** The member of {@link GenerationState} with one of these statuses. */
type StateWith<Status extends GenerationStatus> = Extract<GenerationState, { status: Status }>;

/** The job waits for a worker, or is being generated. */
export type ActiveGenerationState = StateWith<'queued' | 'running'>;

/** The idle state, with an optional validation error. */
export function idleState(error: SeedanceError | null = null): StateWith<'idle'> {
  return { status: 'idle', job: undefined, video: undefined, error, remoteCancel: undefined };
}

/** The state while a request is out and no job is known. */
export function submittingState(): StateWith<'submitting'> {
  return { status: 'submitting', job: undefined, video: undefined, error: null, remoteCancel: undefined };
}

/** A failed state: with `EXPIRED` errors it is the `expired` state instead. */
export function failedState(error: SeedanceError, job: GenerationJob | undefined): StateWith<'failed' | 'expired'> {
  return {
    status: error.code === 'EXPIRED' ? 'expired' : 'failed',
    job,
    video: undefined,
    error,
    remoteCancel: undefined,
  };
}

/** The canceled state. */
export function canceledState(job: GenerationJob | undefined, remoteCancel: boolean): StateWith<'canceled'> {
  return { status: 'canceled', job, video: undefined, error: null, remoteCancel };
}

/**
 * The state a job stands for, as last read from the signer. `pollError` is the last error of reading it: a
 * retryable one (a network blip, a 502) leaves the state as it was, since polling goes on; any other ends it.
 */
export function generationStateOf(
  job: GenerationJob | undefined,
  pollError: SeedanceError | null = null,
): GenerationState {
  if (pollError !== null && !pollError.retryable && pollError.code !== 'CANCELED') return failedState(pollError, job);
  if (job === undefined) return submittingState();
  switch (job.status) {
    case 'queued':
    case 'running':
      return { status: job.status, job, video: undefined, error: null, remoteCancel: undefined };
    case 'succeeded':
      if (job.result === undefined) {
        return failedState(
          new SeedanceError('INTERNAL', 'The server reported a finished job without its video. Try again.'),
          job,
        );
      }
      return { status: 'succeeded', job: job as SucceededJob, video: job.result, error: null, remoteCancel: undefined };
    case 'canceled':
      return canceledState(job, job.remoteCancel ?? false);
    default:
      return failedState(jobOutcomeError(job) ?? unknownFailure(), job);
  }
}

/** The error a finished job stands for: `undefined` while it runs or once it succeeded. */
export function jobOutcomeError(job: GenerationJob): SeedanceError | undefined {
  switch (job.status) {
    case 'failed':
      return job.error ? SeedanceError.fromJSON(job.error) : unknownFailure();
    case 'expired':
      return job.error?.code === 'EXPIRED'
        ? SeedanceError.fromJSON(job.error)
        : new SeedanceError(
            'EXPIRED',
            'This generation expired: finished videos are kept for one hour. Generate it again.',
          );
    case 'canceled':
      return new SeedanceCanceledError('The generation was canceled.');
    default:
      return undefined;
  }
}

/**
 * Whether two reads of a job say the same thing. `updatedAt` is left out: the signer stamps every read with the
 * time, so two polls of an unchanged job would otherwise always differ and re-render every watcher.
 */
export function isSameJobState(previous: GenerationJob | undefined, next: GenerationJob | undefined): boolean {
  if (previous === next) return true;
  if (previous === undefined || next === undefined) return false;
  return JSON.stringify({ ...previous, updatedAt: '' }) === JSON.stringify({ ...next, updatedAt: '' });
}

function unknownFailure(): SeedanceError {
  return new SeedanceError('GENERATION_FAILED', 'The generation failed. Try again, or change the prompt.');
}
