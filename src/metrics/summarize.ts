import { quantileSorted } from 'simple-statistics';
import type { DurationValue, RateValue } from '../report/model.js';

/** The quantile method, stated in every report. */
export const QUANTILE_METHOD =
  'exact over all values; linear interpolation between closest ranks (R type 7, numpy default, DuckDB quantile_cont): h = (n-1)*p, x[floor h] + (h - floor h) * (x[ceil h] - x[floor h]) on ascending values (simple-statistics 7.12 quantileSorted)';

const MS_PER = { minutes: 60_000, hours: 3_600_000 } as const;

/**
 * Duration statistics: n, mean, median, p90, p95, min, max, in `unit`.
 *
 * Sorts `valuesMs` in place (callers pass a scratch buffer). Empty input gives n = 0 and nulls, never
 * NaN or 0. Percentiles follow QUANTILE_METHOD.
 * @example summarizeDurations(Float64Array.of(120_000, 60_000, 180_000), 'minutes')
 * // { kind: 'duration', unit: 'minutes', n: 3, mean: 2, median: 2, p90: 2.8, p95: 2.9, min: 1, max: 3 }
 */
export function summarizeDurations(valuesMs: Float64Array, unit: 'minutes' | 'hours'): DurationValue {
  const n = valuesMs.length;
  if (n === 0) return { kind: 'duration', unit, n: 0, mean: null, median: null, p90: null, p95: null, min: null, max: null };
  valuesMs.sort();
  const scale = MS_PER[unit];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += valuesMs[i] as number;
  const sorted = valuesMs as unknown as number[];
  return {
    kind: 'duration',
    unit,
    n,
    mean: sum / n / scale,
    median: quantileSorted(sorted, 0.5) / scale,
    p90: quantileSorted(sorted, 0.9) / scale,
    p95: quantileSorted(sorted, 0.95) / scale,
    min: (valuesMs[0] as number) / scale,
    max: (valuesMs[n - 1] as number) / scale,
  };
}

/**
 * A rate with its parts; null value when the denominator is 0.
 * @example rate(3, 4) // { kind: 'rate', numerator: 3, denominator: 4, value: 0.75 }
 */
export function rate(numerator: number, denominator: number): RateValue {
  return { kind: 'rate', numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}
