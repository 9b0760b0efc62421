import type { GenerationJob, SeedanceErrorCode } from '@seedance-kit/core';
import type { GenerationStatus } from '../use-seedance-generation';
import { clock, type VideoResultLabels } from './video-result-labels';
import type { VideoResultClassFor, VideoResultError } from './video-result-types';

/** Props of {@link VideoStatus}. */
export interface VideoStatusProps {
  /** Where the generation stands. */
  status: GenerationStatus;
  /** Why it failed (failed and expired only). */
  problem: VideoResultError | undefined;
  /** The job shown, if any. */
  job: GenerationJob | undefined;
  /** After a cancel: whether the upstream work was stopped too. */
  remoteCancel: boolean | undefined;
  /** When the kit sends a refused submit again by itself. */
  retryingAt: number | undefined;
  /** Seconds until `retryingAt`. */
  retryingSeconds: number;
  /** When the user may try again after a rate limit. */
  retryAt: number | undefined;
  /** A note to show (a copied link). */
  notice?: { text: string; failed: boolean } | undefined;
  /** The strings. */
  text: VideoResultLabels;
  /** Class names per part. */
  classFor: VideoResultClassFor;
}

/** Codes refused before any job existed: nothing ran, so nothing was charged. */
const REFUSED_BEFORE_A_JOB: ReadonlySet<SeedanceErrorCode> = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'INSUFFICIENT_CREDITS',
  'SPEND_LIMIT_REACHED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'MISCONFIGURED',
]);

/** Codes whose own sentence says all a person can use: the server's wording would only repeat it. */
const OWN_WORDS_SUFFICE: ReadonlySet<SeedanceErrorCode> = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'EXPIRED',
  'INSUFFICIENT_CREDITS',
  'SPEND_LIMIT_REACHED',
  'MISCONFIGURED',
  'NETWORK_ERROR',
  'CANCELED',
]);

/**
 * One message per state, in a polite live region: what is happening (or went wrong, with the field issues), when a
 * retry goes out or may be tried, and whether a failed or canceled job costs anything. Clocks stay out of the live
 * region, so nothing is read out every second.
 */
export function VideoStatus(props: VideoStatusProps) {
  const { status, problem, text, classFor, retryingAt, retryingSeconds, retryAt, notice } = props;
  const retrying = status === 'submitting' && retryingAt !== undefined;
  const message = retrying ? text.retrying(new Date(retryingAt)) : status === 'idle' ? '' : text[status];
  const reason =
    status === 'failed' && problem ? text.errors[problem.code] : status === 'expired' ? text.errors.EXPIRED : '';
  const detail =
    problem && !OWN_WORDS_SUFFICE.has(problem.code) ? withoutRepeats(problem.message, [message, reason]) : '';
  const issues = problem?.code === 'VALIDATION_FAILED' ? (problem.issues ?? []) : [];
  const billing = billingLine(props);
  return (
    <div role="status" className={classFor('status')}>
      {message ? (
        <p className={classFor('message')}>
          {message}
          {retrying ? (
            <span className={classFor('countdown')} aria-hidden="true">
              {' '}
              ({clock(retryingSeconds)})
            </span>
          ) : null}
          {reason ? <span className={classFor('reason')}> {reason}</span> : null}
        </p>
      ) : null}
      {detail ? <p className={classFor('detail')}>{detail}</p> : null}
      {issues.length > 0 ? (
        <ul className={classFor('issues')}>
          {issues.map((issue) => (
            <li key={`${issue.path.join('.')}:${issue.message}`}>{text.issue(issue)}</li>
          ))}
        </ul>
      ) : null}
      {retryAt !== undefined ? <p className={classFor('retryAt')}>{text.retryAt(new Date(retryAt))}</p> : null}
      {billing ? <p className={classFor('billing')}>{billing}</p> : null}
      {notice ? (
        <p className={classFor('detail')} data-notice={notice.failed ? 'failed' : 'done'}>
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}

/** The billing line of a failed or canceled generation, as the upstream's contract has it; empty when unknown. */
function billingLine({ status, problem, job, remoteCancel, text }: VideoStatusProps): string {
  if (status === 'canceled') return remoteCancel === true ? text.billingCanceledRemote : text.billingCanceled;
  if (status !== 'failed' || !problem) return '';
  if (job?.status === 'failed') return text.billingFailed;
  if (job === undefined && REFUSED_BEFORE_A_JOB.has(problem.code)) return text.billingNotStarted;
  // A timeout or a lost connection: the job may or may not run upstream, so nothing is claimed.
  return '';
}

/**
 * The server's message without what is already said: a leading restatement of the headline (`The video could not be
 * generated: …`), sentences said word for word, and the instructions the action beside it already gives.
 */
function withoutRepeats(detail: string, said: string[]): string {
  const shown = new Set(said.flatMap(sentences).map(normalize));
  let rest = detail.trim();
  for (const line of said) {
    const stem = line.replace(/[.…:]+$/, '');
    if (stem && rest.toLowerCase().startsWith(`${stem.toLowerCase()}:`))
      rest = capitalize(rest.slice(stem.length + 1).trim());
  }
  return sentences(rest)
    .filter((sentence) => !shown.has(normalize(sentence)) && !/\b(try again|contact the site owner)\b/i.test(sentence))
    .join(' ');
}

function sentences(text: string): string[] {
  return (
    text
      .match(/[^.!?]+[.!?]*/g)
      ?.map((sentence) => sentence.trim())
      .filter(Boolean) ?? []
  );
}

function normalize(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
