import { SeedanceError } from '@seedance-kit/core';
import type { SeedanceUser } from './authorize';
import { takeFromMinuteWindow } from './limits';
import type { ResolvedSettings } from './options';
import { storeKeys } from './store/keys';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An upload's share of the user's limits, held while it streams. */
export interface UploadReservation {
  /** Frees the concurrency slot; when the upload failed, gives its bytes back to the daily budget. */
  release(completed: boolean): Promise<void>;
}

/**
 * Takes, before any byte of the body is read, one upload from the user's per-minute budget, one concurrent-upload
 * slot and the declared size from the daily byte budget, all kept in the store (so they hold across a fleet).
 * What was taken is given back when a later step refuses.
 */
export async function reserveUpload(
  settings: ResolvedSettings,
  user: SeedanceUser,
  bytes: number,
): Promise<UploadReservation> {
  const { store, limits } = settings;
  const now = settings.now();
  await takeFromMinuteWindow(
    settings,
    (window) => storeKeys.uploadRate(user.id, window),
    limits.uploadsPerMinute,
    (waitMs) => `You can upload ${limits.uploadsPerMinute} files a minute. Try again in ${Math.ceil(waitMs / 1000)} s.`,
  );

  const slotId = crypto.randomUUID();
  const activeKey = storeKeys.activeUploads(user.id);
  // A slot outlives the longest upload, so an instance that dies mid-upload cannot hold it for good.
  if (
    !(await store.acquireSlot(
      activeKey,
      slotId,
      limits.concurrentUploads,
      now + Math.min(limits.uploadMaxMs, DAY_MS) + MINUTE_MS,
    ))
  ) {
    throw new SeedanceError(
      'QUOTA_EXCEEDED',
      `You already have ${limits.concurrentUploads} uploads in progress. Wait for one to finish, then try again.`,
      { retryable: true, retryAfterMs: 5_000 },
    );
  }

  const day = new Date(now).toISOString().slice(0, 10);
  const bytesKey = storeKeys.uploadBytes(user.id, day);
  const total = await store.increment(bytesKey, bytes, DAY_MS + MINUTE_MS).catch(async (error: unknown) => {
    await store.releaseSlot(activeKey, slotId).catch(() => undefined);
    throw error;
  });
  if (total > limits.uploadBytesPerDay) {
    await store.increment(bytesKey, -bytes, DAY_MS + MINUTE_MS);
    await store.releaseSlot(activeKey, slotId);
    const left = Math.max(0, limits.uploadBytesPerDay - (total - bytes));
    throw new SeedanceError(
      'QUOTA_EXCEEDED',
      `This file is ${formatMegabytes(bytes)}, and ${formatMegabytes(left)} of your ${formatMegabytes(limits.uploadBytesPerDay)} of uploads for today are left. Pick a smaller file, or try again tomorrow (UTC).`,
      { retryable: false, retryAfterMs: (Math.floor(now / DAY_MS) + 1) * DAY_MS - now },
    );
  }

  return {
    async release(completed) {
      await store.releaseSlot(activeKey, slotId);
      if (!completed) await store.increment(bytesKey, -bytes, DAY_MS + MINUTE_MS);
    },
  };
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
