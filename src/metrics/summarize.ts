import { quantileSorted } from 'simple-statistics';
import type { DurationValue, RateValue, TotalValue } from './values.js';

/** The quantile method, stated in every report. */
export const QUANTILE_METHOD =
  'exact over all values; linear interpolation between closest ' +
  'ranks (R type 7, numpy default, DuckDB quantile_cont): h = ' +
  '(n-1)*p, x[floor h] + (h - floor h) * (x[ceil h] - x[floor ' +
  'h]) on ascending values (simple-statistics 7.12 quantileSorted)';

/**
 * Duration statistics: n, mean, median, p90, p95, min, max, in `unit`.
 *
 * Overwrites `valuesMs` (callers pass a scratch buffer). Empty input gives n = 0 and nulls, never NaN
 * or 0. Percentiles follow QUANTILE_METHOD.
 * @example summarizeDurations(Float64Array.of(120_000, 60_000, 180_000), 'minutes')
 * // { kind: 'duration', unit: 'minutes', n: 3, mean: 2, median: 2, p90: 2.8, p95: 2.9, min: 1, max: 3 }
 */
export function summarizeDurations(valuesMs: Float64Array, unit: 'minutes' | 'hours'): DurationValue {
  const n = valuesMs.length;
  if (n === 0)
    return { kind: 'duration', unit, n: 0, mean: null, median: null, p90: null, p95: null, min: null, max: null };
  // The quantiles read only a few ranks of the sorted values: with whole milliseconds (no -0, no NaN)
  // small enough that every partial sum is an exact integer, the sum is the same in any order, and
  // selecting those ranks gives the figures a full sort gives. Otherwise sort and sum in order.
  let sum = 0;
  let min = valuesMs[0] as number;
  let max = min;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = valuesMs[i] as number;
    sum += v;
    if (v !== Math.floor(v) || (v === 0 && 1 / v < 0)) whole = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (whole && Math.max(-min, max) * n <= MAX_EXACT && n > SORT_BELOW) {
    placeRanks(valuesMs, quantileRanks(n), min, max);
  } else {
    valuesMs.sort();
    sum = 0;
    for (let i = 0; i < n; i++) sum += valuesMs[i] as number;
    min = valuesMs[0] as number;
    max = valuesMs[n - 1] as number;
  }
  return durationValue(unit, n, sum, min, max, valuesMs as unknown as number[]);
}

/** The figures of `n` durations (ms) from their sum, extremes and the ascending values quantileSorted reads. */
function durationValue(
  unit: 'minutes' | 'hours',
  n: number,
  sum: number,
  min: number,
  max: number,
  sorted: ArrayLike<number>,
): DurationValue {
  // Literals, not a lookup by unit: a lookup whose name changes between calls sends the engine's compiled
  // code back to the interpreter on every call.
  const scale = unit === 'hours' ? 3_600_000 : 60_000;
  const ranked = sorted as number[];
  return {
    kind: 'duration',
    unit,
    n,
    mean: sum / n / scale,
    median: quantileSorted(ranked, 0.5) / scale,
    p90: quantileSorted(ranked, 0.9) / scale,
    p95: quantileSorted(ranked, 0.95) / scale,
    min: min / scale,
    max: max / scale,
  };
}

/**
 * summarizeDurations' figures for `n` > 0 whole-millisecond durations known by their exact sum and by
 * rank (`at(r)`: the r-th smallest, 0-based) without being gathered: only the ranks the quantiles read
 * are asked for. The caller vouches for exactness (whole values, max * n <= 2^53, as summarizeDurations'
 * selection path requires), under which the figures are those summarizeDurations gives.
 * @example summarizeRanked(3, 360_000, (r) => [60_000, 120_000, 180_000][r], 'minutes').p90 // 2.8
 */
export function summarizeRanked(
  n: number,
  sum: number,
  at: (rank: number) => number,
  unit: 'minutes' | 'hours',
): DurationValue {
  const sorted: Record<number, number> & { length: number } = { length: n };
  for (const r of quantileRanks(n)) sorted[r] = at(r);
  return durationValue(unit, n, sum, at(0), at(n - 1), sorted);
}

/** summarizeDurations' bound for exact sums in any order: every partial sum stays within 2^53. */
export const exactSumBound = (maxAbs: number, n: number): boolean => maxAbs * n <= MAX_EXACT;

const MAX_EXACT = 2 ** 53;
/** Below this many values a sort costs less than the checks. */
const SORT_BELOW = 64;
const QUANTILES = [0.5, 0.9, 0.95] as const;

/** The ranks (0-based, ascending, distinct) quantileSorted reads for QUANTILES: floor and ceil of (n - 1) * p. */
function quantileRanks(n: number): number[] {
  const ranks: number[] = [];
  for (const p of QUANTILES) {
    const h = (n - 1) * p;
    ranks.push(Math.floor(h), Math.ceil(h));
  }
  return [...new Set(ranks)].sort((a, b) => a - b);
}

const BUCKETS = 2048;
/** Per depth of radixSelect, its bucket counts, wanted buckets' starts and fill cursors (reused across calls). */
const bucketArrays: [Int32Array, Int32Array, Int32Array][] = [];
const buckets = (depth: number) =>
  (bucketArrays[depth] ??= [new Int32Array(BUCKETS), new Int32Array(BUCKETS), new Int32Array(BUCKETS)]);

/**
 * Writes at each of `ranks` (ascending) of `values` the value a sort would put there (other places
 * are left as they are). The values are whole numbers in [min, max].
 */
function placeRanks(values: Float64Array, ranks: readonly number[], min: number, max: number): void {
  const found = new Float64Array(ranks.length);
  radixSelect(values, values.length, min, max, ranks, 0, ranks.length, 0, found, 0);
  for (let k = 0; k < ranks.length; k++) values[ranks[k] as number] = found[k] as number;
}

/**
 * Radix select: finds into found[from..to) the values of ranks[from..to) (ascending; ranks of the
 * whole input, of which `below` values are smaller than these candidates) among the candidates
 * values[0..n), whole numbers in [low, high]. Counts the candidates by bucket of their top bits, keeps
 * the buckets holding a wanted rank, and narrows those down the same way until a bucket holds one
 * value, or few enough values to sort.
 */
function radixSelect(
  values: Float64Array,
  n: number,
  low: number,
  high: number,
  ranks: readonly number[],
  from: number,
  to: number,
  below: number,
  found: Float64Array,
  depth: number,
): void {
  if (low === high) {
    for (let k = from; k < to; k++) found[k] = low;
    return;
  }
  if (n <= 64) {
    const sorted = values.subarray(0, n).sort();
    for (let k = from; k < to; k++) found[k] = sorted[(ranks[k] as number) - below] as number;
    return;
  }
  // Bucket width: a power of two, so (x - low) / width is exact; at most BUCKETS buckets over [low, high].
  let width = 1;
  while ((high - low) / width >= BUCKETS) width *= 2;
  const [counts, start, fill] = buckets(depth);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(((values[i] as number) - low) / width);
    counts[b] = (counts[b] as number) + 1;
  }
  // The wanted buckets' candidates, side by side in `kept`: bucket b from start[b] (-1: not wanted).
  start.fill(-1);
  let size = 0;
  let before = 0;
  let b = 0;
  for (let k = from; k < to; k++) {
    const rank = (ranks[k] as number) - below;
    while (before + (counts[b] as number) <= rank) before += counts[b++] as number;
    if ((start[b] as number) < 0) {
      start[b] = size;
      size += counts[b] as number;
    }
  }
  const kept = new Float64Array(size);
  fill.set(start);
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    const bucket = Math.floor((x - low) / width);
    const at = fill[bucket] as number;
    if (at >= 0) {
      kept[at] = x;
      fill[bucket] = at + 1;
    }
  }
  // Each wanted bucket in turn, with the ranks that fall in it.
  before = 0;
  b = 0;
  for (let k = from; k < to; ) {
    const rank = (ranks[k] as number) - below;
    while (before + (counts[b] as number) <= rank) before += counts[b++] as number;
    let end = k + 1;
    while (end < to && (ranks[end] as number) - below < before + (counts[b] as number)) end++;
    const first = start[b] as number;
    const bucketLow = low + b * width;
    radixSelect(
      kept.subarray(first, first + (counts[b] as number)),
      counts[b] as number,
      bucketLow,
      Math.min(high, bucketLow + width - 1),
      ranks,
      k,
      end,
      below + before,
      found,
      depth + 1,
    );
    k = end;
  }
}

/**
 * A rate with its parts; null value when the denominator is 0.
 * @example rate(3, 4) // { kind: 'rate', numerator: 3, denominator: 4, value: 0.75 }
 */
export function rate(numerator: number, denominator: number): RateValue {
  return { kind: 'rate', numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/** How the values of a statistic are bucketed for its distribution. */
export type Buckets =
  /** Whole values 0 .. cap-1 each, then `cap+` (counts: reassignments, replies). */
  | { kind: 'whole'; cap: number }
  /** The sign: `early` (< 0), `on_time` (0), `late` (> 0) (a delay in whole days). */
  | { kind: 'sign' }
  /** No distribution. */
  | { kind: 'none' };

/**
 * The bucket label of `value`.
 * @example bucketOf(12, { kind: 'whole', cap: 10 }) // '10+'
 * @example bucketOf(-2, { kind: 'sign' }) // 'early'
 */
export function bucketOf(value: number, buckets: Buckets): string | null {
  if (buckets.kind === 'sign') return value < 0 ? 'early' : value === 0 ? 'on_time' : 'late';
  if (buckets.kind === 'whole') return value >= buckets.cap ? `${buckets.cap}+` : String(Math.floor(value));
  return null;
}

/** Bucket labels in their order: whole values ascending with `cap+` last, or early / on time / late. */
function orderedDistribution(counts: Map<string, number>, buckets: Buckets): Record<string, number> {
  const labels =
    buckets.kind === 'sign'
      ? ['early', 'on_time', 'late']
      : [...counts.keys()].sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b) || a.length - b.length);
  return Object.fromEntries(labels.map((label) => [label, counts.get(label) ?? 0]));
}

/**
 * Statistics of plain numbers (a count column, a score, a delay in days): n, sum, mean, median,
 * p90, p95, min, max (QUANTILE_METHOD) and the distribution over `buckets`. Overwrites `values`
 * (callers pass a scratch buffer). Empty input gives n = 0 and nulls.
 * @example
 * // six counts: one 0, two 1s, three 2s
 * summarizeStats(Float64Array.of(2, 0, 1, 2, 1, 2), { kind: 'whole', cap: 10 })
 * // { kind: 'total', n: 6, sum: 8, mean: 8 / 6, median: 1.5, p90: 2, p95: 2, min: 0, max: 2,
 * //   distribution: { 0: 1, 1: 2, 2: 3 } }
 */
export function summarizeStats(values: Float64Array, buckets: Buckets, unit?: string): TotalValue {
  const n = values.length;
  const counts = new Map<string, number>();
  if (buckets.kind !== 'none') {
    for (let i = 0; i < n; i++) {
      const label = bucketOf(values[i] as number, buckets) as string;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  const base = { kind: 'total' as const, ...(unit === undefined ? {} : { unit }) };
  const distribution = buckets.kind === 'none' ? {} : { distribution: orderedDistribution(counts, buckets) };
  if (n === 0) {
    return {
      ...base,
      n: 0,
      sum: 0,
      mean: null,
      median: null,
      p90: null,
      p95: null,
      min: null,
      max: null,
      ...distribution,
    };
  }
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const sorted = values as unknown as number[];
  return {
    ...base,
    n,
    sum,
    mean: sum / n,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    min: values[0] as number,
    max: values[n - 1] as number,
    ...distribution,
  };
}

/**
 * The value at 0-based rank `k` of whole values counted in `histogram` (histogram[v] values equal to
 * v), or NaN when it lies at or past `histogram.length - 1` (the overflow bucket).
 */
function rankInHistogram(histogram: ArrayLike<number>, offset: number, size: number, k: number): number {
  let seen = 0;
  for (let v = 0; v < size; v++) {
    seen += histogram[offset + v] as number;
    if (seen > k) return v === size - 1 ? NaN : v;
  }
  return NaN;
}

/**
 * {@link summarizeStats} of whole counts from their histogram (`histogram[offset + v]` values equal
 * to v, v < size - 1; the last bucket holds every value >= size - 1), with their sum and maximum:
 * what a tally over a cohort gives without gathering its values. Null when a quantile falls in the
 * overflow bucket (the caller then gathers the values). `size - 1` must be at least `cap`.
 */
export function statsFromHistogram(
  histogram: ArrayLike<number>,
  offset: number,
  size: number,
  sum: number,
  max: number,
  cap: number,
): TotalValue | null {
  let n = 0;
  for (let v = 0; v < size; v++) n += histogram[offset + v] as number;
  if (n === 0) return summarizeStats(new Float64Array(0), { kind: 'whole', cap });
  const quantile = (p: number): number => {
    const h = (n - 1) * p;
    const lo = rankInHistogram(histogram, offset, size, Math.floor(h));
    const hi = rankInHistogram(histogram, offset, size, Math.ceil(h));
    return lo + (h - Math.floor(h)) * (hi - lo);
  };
  const median = quantile(0.5);
  const p90 = quantile(0.9);
  const p95 = quantile(0.95);
  const min = rankInHistogram(histogram, offset, size, 0);
  if ([median, p90, p95, min].some(Number.isNaN)) return null;
  const counts = new Map<string, number>();
  for (let v = 0; v < size; v++) {
    const c = histogram[offset + v] as number;
    if (c === 0) continue;
    const label = v >= cap ? `${cap}+` : String(v);
    counts.set(label, (counts.get(label) ?? 0) + c);
  }
  return {
    kind: 'total',
    n,
    sum,
    mean: sum / n,
    median,
    p90,
    p95,
    min,
    max,
    distribution: orderedDistribution(counts, { kind: 'whole', cap }),
  };
}
