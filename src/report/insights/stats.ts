/**
 * Small statistics for the insights: quantiles, spread, robust z-scores and the binomial tail.
 * Pure, empty-safe (null rather than NaN), inputs never mutated.
 */
import { quantileSorted } from 'simple-statistics';

/**
 * Quantile `p` of `values` by linear interpolation between closest ranks (R type 7, the method of
 * the whole report); null for no values.
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** @example median([3, 1, 2]) // 2 */
export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/** The spread of a set of group figures. */
export interface Spread {
  /** Groups measured. */
  groups: number;
  min: number | null;
  max: number | null;
  median: number | null;
  /** Interquartile range: q3 - q1, type 7 quantiles. */
  iqr: number | null;
  /** Coefficient of variation: sample standard deviation (n - 1) / mean; null under 2 values or a zero mean. */
  cv: number | null;
}

/**
 * Spread of `values`: min, max, median, IQR and coefficient of variation.
 * @example
 * // quartiles 17.5 and 32.5; sample sd = sqrt((225 + 25 + 25 + 225) / 3) = sqrt(500 / 3), over the mean 25
 * spread([10, 20, 30, 40]) // { groups: 4, min: 10, max: 40, median: 25, iqr: 15, cv: Math.sqrt(500 / 3) / 25 }
 */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { groups: 0, min: null, max: null, median: null, iqr: null, cv: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : null;
  return {
    groups: n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    median: quantileSorted(sorted, 0.5),
    iqr: quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25),
    cv: sd === null || mean === 0 ? null : sd / mean,
  };
}

/** Scale that makes the MAD a consistent estimator of the standard deviation under normality. */
export const MAD_SCALE = 1.4826;

/**
 * Robust z-scores: (x - median) / (1.4826 × MAD), MAD = median of |x - median|. Null for every value
 * when the MAD is 0 (more than half the values equal: no scale to measure distance with).
 * @example
 * // median 3, MAD = median of 2, 1, 0, 1, 97 = 1: -1.349, -0.674, 0, 0.674, 65.4
 * robustZ([1, 2, 3, 4, 100]) // [-2 / 1.4826, -1 / 1.4826, 0, 1 / 1.4826, 97 / 1.4826]
 */
export function robustZ(values: readonly number[]): (number | null)[] {
  const m = median(values);
  if (m === null) return [];
  const mad = median(values.map((v) => Math.abs(v - m))) as number;
  if (mad === 0) return values.map(() => null);
  return values.map((v) => (v - m) / (MAD_SCALE * mad));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error about 1e-15).
 * @example Math.abs(logGamma(5) - Math.log(24)) < 1e-14 // true
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * One-sided binomial tail P(X >= k) for X ~ Binomial(n, p): the exact sum of the probabilities of
 * k, k+1, ..., n, each from its logarithm (log-gamma), summed until the terms no longer change the
 * total (past the mode they shrink geometrically). 1 for k <= 0, 0 for k > n.
 * @example Number(binomialUpperTail(10, 10, 0.5).toPrecision(12)) // 0.5 ** 10
 * @example
 * // 1 - 0.9^10 - 10 × 0.1 × 0.9^9 - 45 × 0.01 × 0.9^8 = 1 - 0.3486784401 - 0.387420489 - 0.1937102445
 * Number(binomialUpperTail(3, 10, 0.1).toPrecision(12)) // 0.0701908264
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // Below the mean the upper tail is near 1 and its first term may underflow: sum the lower tail instead.
  if (k <= n * p) return Math.max(0, 1 - binomialTailFrom(k - 1, n, p, -1));
  return Math.min(1, binomialTailFrom(k, n, p, 1));
}

/** Sum of the binomial probabilities from `k` outward (direction +1: k..n, -1: k..0). */
function binomialTailFrom(k: number, n: number, p: number, direction: 1 | -1): number {
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  let term = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
  let sum = term;
  const ratio = p / (1 - p);
  // pmf(j + 1) = pmf(j) * (n - j) / (j + 1) * p / q; away from the mean the terms shrink geometrically.
  if (direction === 1) {
    for (let j = k; j < n && term > sum * 1e-17; j++) {
      term *= ((n - j) / (j + 1)) * ratio;
      sum += term;
    }
  } else {
    for (let j = k; j > 0 && term > sum * 1e-17; j--) {
      term *= j / (n - j + 1) / ratio;
      sum += term;
    }
  }
  return sum;
}
