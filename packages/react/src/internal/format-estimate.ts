import type { EstimateRange } from '@seedance-kit/core';

/**
 * A time estimate as every component shows it: `~40–60 s`, or `~1.5–2 min` from two minutes up (the composer's
 * format, so a studio shows one format everywhere).
 */
export function formatEstimate(range: EstimateRange): string {
  const low = Math.max(0, Math.round(range.low / 1000));
  const high = Math.max(low, Math.ceil(range.high / 1000));
  if (high < 120) return low === high ? `~${low} s` : `~${low}–${high} s`;
  const minutes = (seconds: number) => Math.round((seconds / 60) * 2) / 2;
  return `~${minutes(low)}–${minutes(high)} min`;
}
