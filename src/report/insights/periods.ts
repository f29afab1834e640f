/**
 * The periods insights are computed over: the natural periods (days, ISO weeks, months in the report
 * zone) that meet the window, clipped to it, as the report's own rows are.
 */
import { nextPeriodStart, periodLabel, periodStart, type PeriodUnit } from '../../calendar/period.js';

export interface InsightPeriod {
  label: string;
  /** Clipped to the window, epoch ms, half-open. */
  start: number;
  end: number;
  /** Start of the natural period (before clipping). */
  naturalStart: number;
}

/**
 * The periods of `unit` meeting [windowStart, windowEnd).
 * @example insightPeriods(Date.UTC(2025, 10, 3), Date.UTC(2025, 10, 17), 'week', 'UTC', 'monday').map((p) => p.label)
 * // ['2025-W45', '2025-W46']
 */
export function insightPeriods(
  windowStart: number,
  windowEnd: number,
  unit: PeriodUnit,
  zone: string,
  weekStart: 'monday' | 'sunday',
): InsightPeriod[] {
  const out: InsightPeriod[] = [];
  if (!(windowEnd > windowStart)) return out;
  for (let natural = periodStart(windowStart, unit, zone, weekStart); natural < windowEnd; ) {
    const next = nextPeriodStart(natural, unit, zone);
    out.push({
      label: periodLabel(natural, unit, zone, weekStart),
      start: Math.max(natural, windowStart),
      end: Math.min(next, windowEnd),
      naturalStart: natural,
    });
    natural = next;
  }
  return out;
}

/** The `k` natural periods before `naturalStart`, oldest first. */
export function previousPeriods(
  naturalStart: number,
  k: number,
  unit: PeriodUnit,
  zone: string,
  weekStart: 'monday' | 'sunday',
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let end = naturalStart;
  for (let i = 0; i < k; i++) {
    const start = periodStart(end - 1, unit, zone, weekStart);
    out.unshift({ start, end });
    end = start;
  }
  return out;
}

/** Index of the period containing `at`, or -1 (binary search: periods are ascending and disjoint). */
export function periodIndex(periods: readonly InsightPeriod[], at: number): number {
  let lo = 0;
  let hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((periods[mid] as InsightPeriod).end <= at) lo = mid + 1;
    else hi = mid;
  }
  const p = periods[lo];
  return p !== undefined && at >= p.start && at < p.end ? lo : -1;
}
