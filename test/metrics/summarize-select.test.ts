/**
 * summarizeDurations picks the quantile ranks without sorting when it can; every figure must equal,
 * bit for bit, the one of the full sort it replaces (sum in ascending order, quantileSorted).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantileSorted } from 'simple-statistics';
import { summarizeDurations } from '../../src/metrics/summarize.js';

const MS = { minutes: 60_000, hours: 3_600_000 } as const;

function bySorting(values: Float64Array, unit: 'minutes' | 'hours') {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return summarizeDurations(new Float64Array(0), unit);
  let sum = 0;
  for (const v of sorted) sum += v;
  const x = sorted as unknown as number[];
  const scale = MS[unit];
  return {
    kind: 'duration',
    unit,
    n,
    mean: sum / n / scale,
    median: quantileSorted(x, 0.5) / scale,
    p90: quantileSorted(x, 0.9) / scale,
    p95: quantileSorted(x, 0.95) / scale,
    min: (sorted[0] as number) / scale,
    max: (sorted[n - 1] as number) / scale,
  };
}

describe('summarizeDurations without a full sort', () => {
  const whole = fc.oneof(
    fc.integer({ min: 0, max: 600 }).map((m) => m * 60_000), // whole minutes: many ties
    fc.integer({ min: 0, max: 2 ** 40 }),
    fc.integer({ min: -5_000_000, max: 5_000_000 }),
    fc.constantFrom(0, 1, 60_000),
  );
  const odd = fc.oneof(
    whole,
    fc.double({ min: -1e12, max: 1e12, noNaN: true }), // fractions: sorted and summed in order
    fc.constantFrom(-0, NaN, Infinity, -Infinity, 2 ** 60, 0.1),
  );

  it('gives the figures of a sort for whole milliseconds', () => {
    fc.assert(
      fc.property(
        fc.array(whole, { maxLength: 3000, size: 'max' }),
        fc.constantFrom('minutes' as const, 'hours' as const),
        (list, unit) => {
          const values = Float64Array.from(list);
          expect(summarizeDurations(Float64Array.from(values), unit)).toEqual(bySorting(values, unit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the figures of a sort for any values (fractions, -0, NaN, infinities, huge)', () => {
    fc.assert(
      fc.property(fc.array(odd, { maxLength: 600, size: 'max' }), (list) => {
        const values = Float64Array.from(list);
        expect(summarizeDurations(Float64Array.from(values), 'minutes')).toEqual(bySorting(values, 'minutes'));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the figures of a sort for input already ascending (taken as it is), short or long', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(whole, odd), { maxLength: 300, size: 'max' }), (list) => {
        const values = Float64Array.from(list).sort();
        expect(summarizeDurations(Float64Array.from(values), 'hours')).toEqual(bySorting(values, 'hours'));
      }),
      { numRuns: 300 },
    );
  });

  it('handles long runs of equal values and sorted or reversed input', () => {
    for (const n of [65, 100, 1000, 20_000]) {
      const same = new Float64Array(n).fill(120_000);
      const ascending = Float64Array.from({ length: n }, (_, i) => i * 1000);
      const descending = Float64Array.from(ascending).reverse();
      const twoValues = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 5 : 7) * 60_000);
      for (const values of [same, ascending, descending, twoValues]) {
        expect(summarizeDurations(Float64Array.from(values), 'hours')).toEqual(bySorting(values, 'hours'));
      }
    }
  });
});
