import { useEffect, useRef, useState } from 'react';

/** Whole seconds since `active` turned on (or since `since`, when earlier), ticking once a second while active. */
export function useSecondsSince(active: boolean, since: string | undefined): number {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  // Set when the clock starts, after mount: a server render reads no clock.
  const [now, setNow] = useState(0);
  // Read through a ref: a new job id or timestamp mid-way must not restart the clock the user is watching.
  const sinceRef = useRef(since);
  useEffect(() => {
    sinceRef.current = since;
  });
  useEffect(() => {
    if (!active) {
      setStartedAt(null);
      return;
    }
    const current = Date.now();
    const created = sinceRef.current === undefined ? Number.NaN : Date.parse(sinceRef.current);
    // A resumed job counts from its creation; a server clock ahead of ours must not show negative time.
    setStartedAt((previous) => previous ?? (Number.isNaN(created) ? current : Math.min(created, current)));
    setNow(current);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** Whole seconds left until `until` (rounded up), ticking once a second until it is reached. */
export function useCountdown(until: number | undefined): number {
  // The clock is read only when there is something to count down (a retry time, known in the browser only).
  const [now, setNow] = useState(() => (until === undefined ? 0 : Date.now()));
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
