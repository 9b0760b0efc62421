import {
  AUTO_DURATION,
  INPUT_LIMITS,
  type ResolvedGenerationInput,
  SeedanceError,
  type SeedanceFieldIssue,
} from '@seedance-kit/core';
import type { SeedanceUser } from './authorize';
import type { ResolvedSettings } from './options';
import { storeKeys } from './store/keys';

/** Capacity held for one generation while it is submitted; give it back if the submit fails. */
export interface Reservation {
  /** The concurrency slot's id; it goes into the job token so any instance can free it when the job ends. */
  slotId: string;
  /** Undoes every reservation (the submit failed, so nothing was started or billed). */
  undo(): Promise<void>;
}

/** A job is assumed finished (its slot freed) after this long, even if nobody polled it to the end. */
export const ACTIVE_JOB_MAX_MS = 15 * 60 * 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Refuses input the deployment's policy does not allow, with field issues like schema errors. */
export function checkPolicy(input: ResolvedGenerationInput, policy: ResolvedSettings['policy']): void {
  const issues: SeedanceFieldIssue[] = [];
  const refuse = (field: string, message: string) => issues.push({ path: ['input', field], message });
  if (!policy.aspectRatios.includes(input.aspect_ratio)) {
    refuse('aspect_ratio', `this site allows the aspect ratios ${policy.aspectRatios.join(', ')}`);
  }
  if (!policy.durations.includes(input.duration)) {
    const listed = policy.durations.map((value) => (value === AUTO_DURATION ? 'auto (-1)' : `${value} s`));
    refuse('duration', `this site allows the durations ${listed.join(', ')}`);
  }
  if (!policy.resolutions.includes(input.resolution)) {
    refuse('resolution', `this site allows ${policy.resolutions.join(' and ')}`);
  }
  if (input.generate_audio && !policy.generateAudio) {
    refuse('generate_audio', 'this site does not allow native audio: set generate_audio to false');
  }
  const counts = [
    ['reference_images', input.reference_images?.length ?? 0, policy.maxReferences.images, 'images'],
    ['reference_videos', input.reference_videos?.length ?? 0, policy.maxReferences.videos, 'videos'],
    ['reference_audios', input.reference_audios?.length ?? 0, policy.maxReferences.audios, 'audios'],
  ] as const;
  for (const [field, count, max, noun] of counts) {
    if (count > max) refuse(field, `this site allows at most ${max} reference ${noun} (got ${count})`);
  }
  if (issues.length > 0) {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      `This site does not allow this input: ${issues.map((issue) => issue.message).join('; ')}.`,
      { issues },
    );
  }
}

/**
 * Takes, atomically and in this order, one request from the user's per-minute budget, one concurrency slot and
 * the video seconds from the daily quota. What was taken is given back when a later step refuses.
 */
export async function reserveCapacity(
  settings: ResolvedSettings,
  user: SeedanceUser,
  input: ResolvedGenerationInput,
): Promise<Reservation> {
  const { store, limits } = settings;
  const now = settings.now();

  await takeFromMinuteWindow(
    settings,
    (window) => storeKeys.rate(user.id, window),
    limits.requestsPerMinute,
    (waitMs) =>
      `You can start ${limits.requestsPerMinute} generations a minute. Try again in ${Math.ceil(waitMs / 1000)} s.`,
  );

  const slotId = crypto.randomUUID();
  const activeKey = storeKeys.active(user.id);
  if (!(await store.acquireSlot(activeKey, slotId, limits.concurrentJobs, now + ACTIVE_JOB_MAX_MS))) {
    throw new SeedanceError(
      'QUOTA_EXCEEDED',
      `You already have ${limits.concurrentJobs} generations in progress. Wait for one to finish, then try again.`,
      { retryable: true, retryAfterMs: settings.pollIntervalMs * 5 },
    );
  }

  const seconds = input.duration === AUTO_DURATION ? INPUT_LIMITS.maxVideoSeconds : input.duration;
  const day = new Date(now).toISOString().slice(0, 10);
  const secondsKey = storeKeys.videoSeconds(user.id, day);
  const total = await store.increment(secondsKey, seconds, DAY_MS + MINUTE_MS);
  if (total > limits.videoSecondsPerDay) {
    await store.increment(secondsKey, -seconds, DAY_MS + MINUTE_MS);
    await store.releaseSlot(activeKey, slotId);
    const waitMs = (Math.floor(now / DAY_MS) + 1) * DAY_MS - now;
    throw new SeedanceError(
      'QUOTA_EXCEEDED',
      `This generation needs ${seconds} s of video, and ${Math.max(0, limits.videoSecondsPerDay - (total - seconds))} s of your ${limits.videoSecondsPerDay} s for today are left. Choose a shorter duration, or try again tomorrow (UTC).`,
      { retryable: false, retryAfterMs: waitMs },
    );
  }

  return {
    slotId,
    async undo() {
      await store.increment(secondsKey, -seconds, DAY_MS + MINUTE_MS);
      await store.releaseSlot(activeKey, slotId);
    },
  };
}

/**
 * Counts one more call in the current fixed minute window under `keyOf(window)` and refuses it with `RATE_LIMITED`
 * (and the wait until the next window) once the window holds more than `limit`.
 */
export async function takeFromMinuteWindow(
  settings: ResolvedSettings,
  keyOf: (window: number) => string,
  limit: number,
  refusal: (waitMs: number) => string,
): Promise<void> {
  const now = settings.now();
  const window = Math.floor(now / MINUTE_MS);
  const used = await settings.store.increment(keyOf(window), 1, MINUTE_MS);
  if (used > limit) {
    const waitMs = (window + 1) * MINUTE_MS - now;
    throw new SeedanceError('RATE_LIMITED', refusal(waitMs), { retryAfterMs: waitMs });
  }
}

/** Frees a job's concurrency slot (idempotent: any instance may call it whenever it sees the job end). */
export function releaseSlot(settings: ResolvedSettings, userId: string, slotId: string): Promise<void> {
  return settings.store.releaseSlot(storeKeys.active(userId), slotId);
}
