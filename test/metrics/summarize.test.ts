import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rate, summarizeDurations } from '../../src/metrics/summarize.js';

const minutes = (...m: number[]) => Float64Array.from(m, (x) => x * 60_000);

describe('summarizeDurations', () => {
  it('gives nulls, never NaN or 0, for an empty group', () => {
    expect(summarizeDurations(new Float64Array(0), 'minutes')).toEqual({
      kind: 'duration',
      unit: 'minutes',
      n: 0,
      mean: null,
      median: null,
      p90: null,
      p95: null,
      min: null,
      max: null,
    });
  });

  it('handles a single value', () => {
    // Every statistic of one value is that value.
    expect(summarizeDurations(minutes(42), 'minutes')).toMatchObject({
      n: 1,
      mean: 42,
      median: 42,
      p90: 42,
      p95: 42,
      min: 42,
      max: 42,
    });
  });

  it.each([
    // values (minutes), then hand-computed stats with h = (n-1)p linear interpolation
    // [10,20,30,40]: median h=1.5 -> 25; p90 h=2.7 -> 30+0.7*10=37; p95 h=2.85 -> 38.5; mean 25
    { values: [40, 10, 30, 20], expected: { n: 4, mean: 25, median: 25, p90: 37, p95: 38.5, min: 10, max: 40 } },
    // 1..10: median h=4.5 -> 5.5; p90 h=8.1 -> 9.1; p95 h=8.55 -> 9.55; mean 5.5
    {
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      expected: { n: 10, mean: 5.5, median: 5.5, p90: 9.1, p95: 9.55, min: 1, max: 10 },
    },
    // ties: [5,5,5,100]: median h=1.5 -> 5; p90 h=2.7 -> 5+0.7*95=71.5
    { values: [5, 5, 100, 5], expected: { n: 4, mean: 28.75, median: 5, p90: 71.5, min: 5, max: 100 } },
  ])('computes $expected.n values exactly', ({ values, expected }) => {
    const result = summarizeDurations(minutes(...values), 'minutes');
    for (const [key, value] of Object.entries(expected))
      expect(result[key as keyof typeof result]).toBeCloseTo(value as number, 9);
  });

  it('converts to hours', () => {
    // 90 min and 150 min = 1.5 h and 2.5 h; median 2 h
    expect(summarizeDurations(minutes(90, 150), 'hours')).toMatchObject({
      unit: 'hours',
      median: 2,
      min: 1.5,
      max: 2.5,
    });
  });

  it('keeps min <= median <= p90 <= p95 <= max and ignores input order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (values) => {
        const a = summarizeDurations(Float64Array.from(values), 'minutes');
        const b = summarizeDurations(Float64Array.from([...values].reverse()), 'minutes');
        expect(b).toEqual(a);
        expect(a.min!).toBeLessThanOrEqual(a.median!);
        expect(a.median!).toBeLessThanOrEqual(a.p90!);
        expect(a.p90!).toBeLessThanOrEqual(a.p95!);
        expect(a.p95!).toBeLessThanOrEqual(a.max!);
      }),
    );
  });
});

describe('rate', () => {
  it('keeps numerator and denominator and gives null for 0/0', () => {
    expect(rate(3, 4)).toEqual({ kind: 'rate', numerator: 3, denominator: 4, value: 0.75 });
    expect(rate(0, 0)).toEqual({ kind: 'rate', numerator: 0, denominator: 0, value: null });
  });
});
