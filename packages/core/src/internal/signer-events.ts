import { createParser } from 'eventsource-parser';
import { SeedanceError } from '../errors';
import type { GenerationJob, JobList } from '../protocol';
import * as schemas from '../protocol';
import { isTerminalStatus, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../protocol-constants';
import type { ListGenerationsOptions } from '../transport';
import type { SignerConnection } from './signer-connection';

/** A job with its media URLs made absolute when the signer is on another origin. */
type Finish = (answer: { job: GenerationJob }) => GenerationJob;

/** Reconnects after a stream that ended early (a proxy's idle timeout, a server's stream lifetime) before giving up. */
const MAX_RECONNECTS = 5;

/**
 * `GET /generations/:id/events` of the signer transport, read with `eventsource-parser` over `fetch` (so the
 * caller's auth headers go along, which `EventSource` cannot do). Its own module, loaded on the first subscription.
 * Resolves once the job reaches a terminal state or `signal` aborts; rejects with a `SeedanceError` when the stream
 * cannot be had, so the caller can fall back to polling.
 */
export async function subscribeToSigner(
  connection: SignerConnection,
  finish: Finish,
  jobId: string,
  listener: (job: GenerationJob) => void,
  signal: AbortSignal,
): Promise<void> {
  const doFetch = connection.options.fetch ?? globalThis.fetch;
  const url = `${connection.baseUrl}/generations/${encodeURIComponent(jobId)}/events`;
  let lastEventId: string | undefined;
  for (let attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
    if (signal.aborted) return;
    const headers = await connection.headers({
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    });
    headers.set('accept', 'text/event-stream');
    let response: Response;
    try {
      response = await doFetch(url, { method: 'GET', headers, credentials: connection.credentials, signal });
    } catch (error) {
      if (signal.aborted) return;
      throw connection.networkError(url, error);
    }
    if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      // A protocol error body becomes its SeedanceError; anything else says the stream is not offered.
      const text = await response.text().catch(() => '');
      await connection.parseAnswer(() => schemas.jobResponseSchema, response.ok ? 500 : response.status, text, url);
      throw new SeedanceError('INTERNAL', `The Seedance backend at ${url} sent no event stream.`);
    }
    let finished = false;
    let invalid: SeedanceError | undefined;
    const parser = createParser({
      onEvent(event) {
        if (event.event !== 'job' || finished) return;
        if (event.id !== undefined) lastEventId = event.id;
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          parsed = undefined;
        }
        const checked = schemas.jobSchema.safeParse(parsed);
        if (!checked.success) {
          invalid = new SeedanceError(
            'INTERNAL',
            `The Seedance backend at ${url} sent an event this client does not understand.`,
          );
          return;
        }
        const job = finish({ job: checked.data });
        listener(job);
        if (isTerminalStatus(job.status)) finished = true;
      },
    });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    try {
      while (reader && !finished && !invalid) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (signal.aborted) return;
      throw connection.networkError(url, error);
    } finally {
      await reader?.cancel().catch(() => undefined);
    }
    if (invalid) throw invalid;
    if (finished || signal.aborted) return;
  }
  throw new SeedanceError('NETWORK_ERROR', `The event stream at ${url} kept closing before the job finished.`);
}

/** `GET /generations?cursor=&limit=` of the signer transport: the caller's jobs, newest first. */
export async function listFromSigner(
  connection: SignerConnection,
  finish: Finish,
  options: ListGenerationsOptions = {},
): Promise<JobList> {
  const query = new URLSearchParams();
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  const list = await connection.call(
    `/generations${query.toString() ? `?${query}` : ''}`,
    (loaded) => loaded.jobListResponseSchema,
    { method: 'GET', headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, signal: options.signal },
  );
  return { ...list, jobs: list.jobs.map((job) => finish({ job })) };
}
