import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma, median, quantile, robustZ, spread } from '../../../src/report/insights/stats.js';

describe('insight statistics', () => {
  it('logGamma matches ln((x-1)!)', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln(100!)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it.each([
    // Exact values worked by hand: 0.5^10; 1 - P(X<=2) for Binomial(10, 0.1) = 1 - (0.9^10 + 10·0.1·0.9^9 +
    // 45·0.01·0.9^8)
    [10, 10, 0.5, 0.0009765625],
    [3, 10, 0.1, 1 - (0.9 ** 10 + 10 * 0.1 * 0.9 ** 9 + 45 * 0.01 * 0.9 ** 8)],
    [1, 10, 0.1, 1 - 0.9 ** 10],
    [0, 5, 0.3, 1],
    [6, 5, 0.3, 0],
  ])('binomialUpperTail(%d, %d, %d)', (k, n, p, expected) => {
    expect(binomialUpperTail(k, n, p)).toBeCloseTo(expected, 14);
  });

  it('binomialUpperTail stays finite and monotone for large n', () => {
    const a = binomialUpperTail(600, 10_000, 0.05);
    const b = binomialUpperTail(650, 10_000, 0.05);
    expect(a).toBeGreaterThan(b);
    expect(a).toBeGreaterThan(0);
    expect(binomialUpperTail(300, 10_000, 0.05)).toBeGreaterThan(1 - 1e-12);
    expect(binomialUpperTail(400, 10_000, 0.05)).toBeGreaterThan(0.999);
  });

  it('quantiles are R type 7; spread gives IQR and sample CV', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(median([])).toBeNull();
    const s = spread([10, 20, 30, 40]);
    expect(s).toMatchObject({ groups: 4, min: 10, max: 40, median: 25, iqr: 15 });
    // sd = sqrt(((15² + 5² + 5² + 15²) / 3)) = sqrt(500/3); mean 25
    expect(s.cv).toBeCloseTo(Math.sqrt(500 / 3) / 25, 12);
  });

  it('robust z uses median and 1.4826 × MAD; no scores when the MAD is 0', () => {
    const z = robustZ([1, 2, 3, 4, 100]);
    expect(z[4]).toBeCloseTo(97 / 1.4826, 9);
    expect(z[2]).toBe(0);
    expect(robustZ([5, 5, 5, 9])).toEqual([null, null, null, null]);
  });

  it('does not mutate its input', () => {
    const values = Object.freeze([3, 1, 2]) as readonly number[];
    expect(() => spread(values)).not.toThrow();
    expect(values).toEqual([3, 1, 2]);
  });
});
