import type { Store } from '../store/store';
import type { JobRecord } from './job-record';

/** How long a record (and so a user's history entry) is kept: as long as Segmind's CDN keeps the files, and more. */
export const JOB_RECORD_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** The store keys of job records, their per-user history index, the follow-up schedule and the event channel. */
export const jobKeys = {
  /** One job's record. */
  record: (requestId: string) => `job:${requestId}`,
  /** A user's jobs, scored by creation time (unique per job). */
  history: (userId: string) => `jobs-of:${userId}`,
  /** Every job with follow-up left, scored by when it is due. */
  due: () => 'follow-due',
  /** Held by the one instance advancing a job right now. */
  lease: (requestId: string) => `follow-lease:${requestId}`,
  /** A job's delivery (completion hook and webhook): `running` while one instance delivers, then `done`. */
  delivery: (requestId: string) => `delivery:${requestId}`,
  /** Where a job's state changes are published. */
  events: (requestId: string) => `job-events:${requestId}`,
  /** A job its user deleted: never rebuilt from its token, never served again. */
  deleted: (requestId: string) => `job-deleted:${requestId}`,
  /** Run times of recently finished jobs (of one duration and resolution, or of all), which the schedule learns from. */
  runTimes: (kind?: string) => (kind === undefined ? 'run-times' : `run-times:${kind}`),
} as const;

/** A page of a user's history. */
export interface HistoryPage {
  records: JobRecord[];
  /** Pass as `cursor` to read the next page; absent on the last. */
  nextCursor?: string;
}

/** Reads and writes job records, their history index and their events. */
export interface JobRecords {
  get(requestId: string): Promise<JobRecord | undefined>;
  /** Writes a new record and lists it in its user's history. */
  create(record: JobRecord): Promise<void>;
  /** Writes a changed record and publishes it to the job's subscribers. */
  save(record: JobRecord): Promise<void>;
  /** Forgets a record: gone from the history, never published again. */
  remove(record: JobRecord): Promise<void>;
  /** A user's jobs, newest first. */
  history(userId: string, cursor: string | undefined, limit: number): Promise<HistoryPage>;
  /** Calls `listener` with every saved version of one job; resolves a function that stops it. */
  subscribe(requestId: string, listener: (record: JobRecord) => void): Promise<() => Promise<void>>;
}

/** Job records over the signer's store. */
export function createJobRecords(store: Store): JobRecords {
  async function write(record: JobRecord): Promise<void> {
    await store.set(jobKeys.record(record.requestId), JSON.stringify(record), JOB_RECORD_LIFETIME_MS);
  }
  async function get(requestId: string): Promise<JobRecord | undefined> {
    const raw = await store.get(jobKeys.record(requestId));
    return raw === undefined ? undefined : (JSON.parse(raw) as JobRecord);
  }
  return {
    get,
    async create(record) {
      // Milliseconds times a thousand plus a random tail: unique per job, so the score alone is a stable cursor.
      const score = record.createdAt * 1000 + Math.floor(Math.random() * 1000);
      // The history entry before the record: a process killed between the two writes leaves an entry whose record
      // is missing (dropped when the history is read), never a followed, delivered job its owner cannot list.
      await store.indexSet(jobKeys.history(record.userId), record.requestId, score);
      await write(record);
    },
    async save(record) {
      await write(record);
      await store.publish(jobKeys.events(record.requestId), JSON.stringify(record));
    },
    async remove(record) {
      await store.indexRemove(jobKeys.history(record.userId), record.requestId);
      await store.indexRemove(jobKeys.due(), record.requestId);
      await store.delete(jobKeys.record(record.requestId));
    },
    async history(userId, cursor, limit) {
      // The cursor is the score of the last job handed out: the next page starts just below it.
      let max = cursor === undefined ? Infinity : Number(cursor) - 1;
      const records: JobRecord[] = [];
      let lastScore: number | undefined;
      // A few rounds at most: entries whose record expired are dropped from the index as they are met.
      for (let round = 0; round < 10; round++) {
        const wanted = limit - records.length + 1;
        const entries = await store.indexRange(jobKeys.history(userId), { max, limit: wanted, reverse: true });
        for (const entry of entries) {
          if (records.length === limit) return { records, nextCursor: String(lastScore) };
          max = entry.score - 1;
          const record = await get(entry.member);
          if (record) {
            records.push(record);
            lastScore = entry.score;
          } else {
            await store.indexRemove(jobKeys.history(userId), entry.member);
          }
        }
        if (entries.length < wanted) return { records };
      }
      return lastScore === undefined ? { records } : { records, nextCursor: String(lastScore) };
    },
    async subscribe(requestId, listener) {
      return store.subscribe(jobKeys.events(requestId), (message) => listener(JSON.parse(message) as JobRecord));
    },
  };
}
