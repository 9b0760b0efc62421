import { type GenerationJob, SeedanceError } from '@seedance-kit/core';
import { isTerminalStatus } from '@seedance-kit/core/protocol';
import type { SeedanceUser } from '../authorize';
import type { HandlerContext } from '../context';
import type { Follower } from '../follower/follower';
import { jsonResponse, requireProtocolHeader } from '../http';
import type { JobTokenClaims } from '../job-token';
import { isSettled, type JobRecord, jobFromRecord } from '../jobs/job-record';
import { JOB_RECORD_LIFETIME_MS, type JobRecords, jobKeys } from '../jobs/job-records';
import type { Poller } from '../polling';
import { storeKeys } from '../store/keys';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
const HEARTBEAT_MS = 15_000;
/** Longest wait for one upstream read made for a watched stream. */
const WATCH_READ_MS = 30_000;
// A stream is closed after this long (the client reconnects with Last-Event-ID), so no connection lives forever.
const STREAM_LIFETIME_MS = 10 * 60 * 1000;
const encoder = new TextEncoder();

/** History (`GET /generations`), forgetting a finished job (`DELETE`), and the event stream of one job. */
export interface JobHistoryRoutes {
  /** The record behind a verified token: refused when deleted, rebuilt from the token when the store lost it. */
  recordFor(claims: JobTokenClaims, token: string): Promise<JobRecord>;
  list(request: Request, user: SeedanceUser): Promise<Response>;
  /** Forgets a finished job; resolves `undefined` for an unfinished one (the caller cancels it instead). */
  forget(claims: JobTokenClaims, token: string, request: Request): Promise<Response | undefined>;
  events(claims: JobTokenClaims, token: string, request: Request): Promise<Response>;
}

/** Builds the history and event routes over the job records. */
export function createJobHistoryRoutes(
  context: HandlerContext,
  records: JobRecords,
  follower: Follower,
  poller: Poller,
): JobHistoryRoutes {
  const { settings } = context;
  const { store } = settings;
  const serve = (record: JobRecord): GenerationJob => jobFromRecord(record, settings.basePath, settings.pollIntervalMs);

  async function recordFor(claims: JobTokenClaims, token: string): Promise<JobRecord> {
    if ((await store.get(jobKeys.deleted(claims.requestId))) !== undefined) {
      throw new SeedanceError('NOT_FOUND', 'This generation was deleted.');
    }
    return (await records.get(claims.requestId)) ?? (await follower.adopt(claims, token));
  }

  return {
    recordFor,
    async list(request, user) {
      const query = new URL(request.url).searchParams;
      const cursor = query.get('cursor') ?? undefined;
      const limitText = query.get('limit');
      const limit = limitText === null ? DEFAULT_PAGE : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        throw new SeedanceError(
          'VALIDATION_FAILED',
          `limit must be a whole number from 1 to ${MAX_PAGE} (got "${limitText}").`,
        );
      }
      if (cursor !== undefined && !/^\d{1,20}$/.test(cursor)) {
        throw new SeedanceError('VALIDATION_FAILED', 'cursor must be the nextCursor of a previous page, unchanged.');
      }
      const page = await records.history(user.id, cursor, limit);
      return jsonResponse({ jobs: page.records.map(serve), nextCursor: page.nextCursor ?? null });
    },
    async forget(claims, token, request) {
      requireProtocolHeader(request);
      const record = await recordFor(claims, token);
      // Unfinished (or canceled but still running upstream, holding its slot): the caller cancels instead.
      if (!isSettled(record)) return undefined;
      await store.set(jobKeys.deleted(claims.requestId), '1', JOB_RECORD_LIFETIME_MS);
      if (record.stored && settings.storage) {
        await settings.storage.delete(record.stored.video.key);
        if (record.stored.lastFrame) await settings.storage.delete(record.stored.lastFrame.key);
      }
      await records.remove(record);
      await store.delete(storeKeys.result(claims.requestId));
      await store.delete(storeKeys.poll(claims.requestId));
      return jsonResponse({ deleted: true });
    },
    async events(claims, token, request) {
      const first = await recordFor(claims, token);
      const lastEventId = Number(request.headers.get('last-event-id'));
      let lastSent = Number.isFinite(lastEventId) ? lastEventId : 0;
      let cleanup: () => void = () => {};
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          let open = true;
          const close = () => {
            if (!open) return;
            open = false;
            cleanup();
            try {
              controller.close();
            } catch {}
          };
          const send = (record: JobRecord) => {
            if (!open || record.version <= lastSent) return;
            lastSent = record.version;
            const job = serve(record);
            controller.enqueue(encoder.encode(`id: ${record.version}\nevent: job\ndata: ${JSON.stringify(job)}\n\n`));
            // A canceled job may still change upstream, but never for its owner: its stream ends too.
            if (isTerminalStatus(job.status)) close();
          };
          const unsubscribe = await records.subscribe(claims.requestId, send);
          const heartbeat = setInterval(() => {
            if (open) controller.enqueue(encoder.encode(': heartbeat\n\n'));
          }, HEARTBEAT_MS);
          const lifetime = setTimeout(close, STREAM_LIFETIME_MS);
          // A watched job is read at the poll interval, as the browser's own polls would have read it (coalesced with
          // every other reader, so a thousand streams on one job cost one upstream read): a push is never later than
          // polling. The follower alone reads jobs nobody watches, on its slower schedule.
          const reading = setInterval(
            () => void readWatched().catch(() => undefined),
            Math.max(1_000, settings.pollIntervalMs),
          );
          const readWatched = async () => {
            const record = await records.get(claims.requestId);
            if (!open || !record || isSettled(record) || settings.now() >= claims.expiresAt) return;
            await follower.observed(record, await poller.poll(claims.requestId, AbortSignal.timeout(WATCH_READ_MS)));
          };
          cleanup = () => {
            clearInterval(heartbeat);
            clearInterval(reading);
            clearTimeout(lifetime);
            void unsubscribe().catch(() => undefined);
          };
          request.signal.addEventListener('abort', close, { once: true });
          controller.enqueue(encoder.encode(`retry: ${Math.max(1_000, settings.pollIntervalMs)}\n\n`));
          // Read again after subscribing, so a change between the first read and the subscription is not missed.
          send((await records.get(claims.requestId)) ?? first);
          // The client may have everything already (Last-Event-ID): a finished job's stream then ends at once.
          if (
            isTerminalStatus(serve((await records.get(claims.requestId)) ?? first).status) &&
            lastSent >= first.version
          ) {
            close();
          }
        },
        cancel() {
          cleanup();
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
        },
      });
    },
  };
}
