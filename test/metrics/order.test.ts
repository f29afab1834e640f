import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByValue } from '../../src/engine/order.js';

const sortedBy = (n: number, compare: (a: number, b: number) => number) =>
  Int32Array.from({ length: n }, (_, i) => i).sort(compare);

describe('radix orders', () => {
  const value = fc.oneof(
    fc.double({ noNaN: true }),
    fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }),
    fc.constantFrom(0, -0, Infinity, -Infinity, 1, -1),
  );

  it('orders by value, ties by index, as the comparator does', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (list) => {
        const values = Float64Array.from(list);
        expect(orderByValue(values, values.length)).toEqual(
          sortedBy(values.length, (a, b) => (values[a] as number) - (values[b] as number) || a - b),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses NaN, for which the comparator is no order', () => {
    expect(orderByValue(Float64Array.of(1, NaN), 2)).toBeNull();
  });

  it('gives the same order in shared memory when asked (the repeat-contact thread reads it there)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (list) => {
        const values = Float64Array.from(list);
        const shared = orderByValue(values, values.length, true);
        expect(shared?.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Array.from(shared ?? [])).toEqual(Array.from(orderByValue(values, values.length) ?? []));
      }),
      { numRuns: 200 },
    );
    // Ascending input takes the identity shortcut, which must be shared too.
    expect(orderByValue(Float64Array.of(1, 2, 3), 3, true)?.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
