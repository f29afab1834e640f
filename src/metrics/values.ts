/** The value of a metric over one cell: what every report row holds per metric, and every renderer reads. */

/** Duration statistics in the unit named by `unit`; every figure is null when n is 0. */
export interface DurationValue {
  kind: 'duration';
  unit: 'minutes' | 'hours';
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/**
 * A ratio with its parts; `value` is numerator / denominator (0..1, may exceed 1 for throughput), null when the
 * denominator is 0.
 */
export interface RateValue {
  kind: 'rate';
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface CountValue {
  kind: 'count';
  value: number;
}

/**
 * A sum over tickets (or orders) with its mean (e.g. group transfers). Metrics that state a
 * distribution (`stats`: a count column, a score, a delay in days) add the order statistics, by the
 * quantile method of every report, and how many values fell in each bucket; null when n is 0.
 */
export interface TotalValue {
  kind: 'total';
  n: number;
  sum: number;
  mean: number | null;
  /** The values' unit when they have one (`days`, `hours`); absent for plain counts and amounts. */
  unit?: string;
  median?: number | null;
  p90?: number | null;
  p95?: number | null;
  min?: number | null;
  max?: number | null;
  /** Bucket label (`0`, `1`, ..., `10+`; `early`, `on_time`, `late`) -> values in it, in the buckets' order. */
  distribution?: Record<string, number>;
}

/** The input lacks what the metric needs; `reason` says what and how to provide it. */
export interface UnavailableValue {
  kind: 'unavailable';
  reason: string;
}

export type MetricValue = DurationValue | RateValue | CountValue | TotalValue | UnavailableValue;
