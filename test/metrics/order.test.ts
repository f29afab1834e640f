import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByKeyThen, orderByValue } from '../../src/metrics/order.js';

const sortedBy = (n: number, compare: (a: number, b: number) => number) => Int32Array.from({ length: n }, (_, i) => i).sort(compare);

describe('radix orders', () => {
  const value = fc.oneof(
    fc.double({ noNaN: true }),
    fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }),
    fc.constantFrom(0, -0, Infinity, -Infinity, 1, -1),
  );

  it('orders by value, ties by index, as the comparator does', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 300 }), (list) => {
      const values = Float64Array.from(list);
      expect(orderByValue(values, values.length)).toEqual(sortedBy(values.length, (a, b) => (values[a] as number) - (values[b] as number) || a - b));
    }), { numRuns: 500 });
  });

  it('refuses NaN, for which the comparator is no order', () => {
    expect(orderByValue(Float64Array.of(1, NaN), 2)).toBeNull();
  });

  it('orders by key, then by creation, then by index', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 70_000 }), value), { maxLength: 300 }), (pairs) => {
      const keys = Float64Array.from(pairs.map((p) => p[0]));
      const created = Float64Array.from(pairs.map((p) => p[1]));
      const order = orderByKeyThen(keys, orderByValue(created, created.length) as Int32Array);
      expect(order).toEqual(sortedBy(pairs.length, (a, b) => (keys[a] as number) - (keys[b] as number) || (created[a] as number) - (created[b] as number) || a - b));
    }), { numRuns: 500 });
  });

  it('refuses keys it cannot order', () => {
    expect(orderByKeyThen(Float64Array.of(0.5), Int32Array.of(0))).toBeNull();
    expect(orderByKeyThen(Float64Array.of(2 ** 33), Int32Array.of(0))).toBeNull();
  });
});
