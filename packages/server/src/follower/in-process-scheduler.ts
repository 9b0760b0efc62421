import type { FollowScheduler } from './follower';

/** Options of {@link createInProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /**
   * How often the store's schedule is swept for due jobs whose timer this process does not hold (jobs of a process
   * that restarted, when the store outlives it). Default 15 000 ms.
   */
  sweepMs?: number;
}

/**
 * The follow-up in this process, on timers: the default, right for one server process. Its timers do not survive a
 * restart; with the memory store nothing does. With a shared store, the periodic sweep picks up what another or an
 * earlier process left due, but a fleet should use `createBullMqScheduler` (one reader per job, stalled-job recovery).
 */
export function createInProcessScheduler(options: InProcessSchedulerOptions = {}): FollowScheduler {
  const sweepMs = options.sweepMs ?? 15_000;
  const timers = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  let advance: ((requestId: string) => Promise<number | undefined>) | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  function arm(requestId: string, atMs: number): void {
    const existing = timers.get(requestId);
    if (existing && existing.at <= atMs) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(
      () => {
        timers.delete(requestId);
        if (!closed && advance) void advance(requestId).catch(() => undefined);
      },
      Math.max(0, atMs - Date.now()),
    );
    // Timers must not keep a process alive that has nothing else to do (a CLI, a test).
    timer.unref?.();
    timers.set(requestId, { at: atMs, timer });
  }

  return {
    start(run, sweep) {
      advance = run;
      const sweepSafely = () => void sweep().catch(() => undefined);
      sweeper = setInterval(sweepSafely, sweepMs);
      sweeper.unref?.();
      setTimeout(sweepSafely, 0).unref?.();
    },
    async wake(requestId, atMs) {
      if (!closed) arm(requestId, atMs);
    },
    async close() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      for (const { timer } of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
