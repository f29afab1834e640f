import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellTally, CellValues, type CellSpec } from '../../src/engine/cell-values.js';
import { lowerBound, orderByValue } from '../../src/engine/order.js';

/** What a duration metric gathers for a cohort without the layout: its non-NaN values, in cohort order. */
const direct = (values: Float64Array, cohort: Int32Array): number[] =>
  Array.from(cohort, (i) => values[i] as number).filter((v) => !Number.isNaN(v));

/**
 * Tickets with creation times and groups; cells as the report makes them (group members created in each period, in
 * creation order).
 */
function layout(created: number[], groupOf: number[], periods: [number, number][], shownGroups: number[]) {
  const n = created.length;
  const createdArray = Float64Array.from(created);
  const order = orderByValue(createdArray, n) as Int32Array;
  const members = shownGroups.map((g) => Int32Array.from(Array.from(order).filter((i) => groupOf[i] === g)));
  const cells: CellSpec[] = [];
  shownGroups.forEach((g, k) => {
    for (const [start, end] of periods) {
      const list = members[k] as Int32Array;
      cells.push({
        cohort: list.subarray(lowerBound(list, createdArray, start), lowerBound(list, createdArray, end)),
        start,
        end,
        group: g,
      });
    }
  });
  return { createdArray, order, cells, groupOf: Int32Array.from(groupOf) };
}

describe('CellValues', () => {
  it('gives each cell the values a gather over its cohort gives, in the same order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            created: fc.integer({ min: 0, max: 99 }),
            group: fc.integer({ min: 0, max: 4 }),
            value: fc.option(fc.double({ noNaN: true }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }),
        (tickets, cut, twoPeriods, shown) => {
          const periods: [number, number][] = twoPeriods
            ? [
                [cut, 100],
                [0, cut],
              ]
            : [[cut, 100]];
          const { createdArray, order, cells, groupOf } = layout(
            tickets.map((t) => t.created),
            tickets.map((t) => t.group),
            periods,
            shown,
          );
          const cellValues = CellValues.of(cells, groupOf, 5, createdArray, order);
          expect(cellValues).toBeDefined();
          // Two arrays in turn, and back: each pass gives every cell its values again.
          const a = Float64Array.from(tickets, (t) => t.value ?? NaN);
          const b = Float64Array.from(tickets, (t, i) => (i % 3 === 0 ? NaN : t.created * 1000 + i));
          for (const values of [a, b, a]) {
            for (const cell of [...cells].reverse()) {
              const into = new Float64Array(cell.cohort.length + 1);
              const k = cellValues!.valuesOver(values, cell.cohort, into);
              expect(Array.from(into.subarray(0, k))).toEqual(direct(values, cell.cohort));
            }
          }
          // A tally over the laid-out cells counts each cell as a tally over its cohort alone, in the same order.
          const make = (n: number) => ({
            count: new Int32Array(n),
            order: Array.from({ length: n }, () => [] as number[]),
          });
          const add = (acc: ReturnType<typeof make>, c: number, i: number) => {
            if (!Number.isNaN(a[i] as number)) acc.count[c] = (acc.count[c] as number) + 1;
            (acc.order[c] as number[]).push(i);
          };
          for (const cell of cells) {
            const laid = cellTally(cellValues, 'a', cell.cohort, make, add);
            const alone = cellTally(undefined, 'a', cell.cohort, make, add);
            expect(laid.acc.count[laid.cell]).toBe(alone.acc.count[0]);
            expect(laid.acc.order[laid.cell]).toEqual(alone.acc.order[0]);
            expect(alone.acc.order[0]).toEqual(Array.from(cell.cohort));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers only its own cells, and none when a cohort does not hold the tickets its cell covers', () => {
    const { createdArray, order, cells, groupOf } = layout([5, 1, 7, 3, 9, 2], [0, 1, 0, 1, 0, 0], [[0, 10]], [0, 1]);
    const values = Float64Array.of(1, 2, 3, 4, 5, 6);
    const good = CellValues.of(cells, groupOf, 2, createdArray, order)!;
    expect(good.valuesOver(values, new Int32Array([0, 2]), new Float64Array(2))).toBe(-1);
    const into = new Float64Array(4);
    expect(good.valuesOver(values, (cells[0] as CellSpec).cohort, into)).toBe(4);
    // Group 0 in creation order: tickets 5 (t=2), 0 (t=5), 2 (t=7), 4 (t=9).
    expect(Array.from(into)).toEqual([6, 1, 3, 5]);
    // A cohort short of one ticket: the pass meets more than it holds, and no cell is answered.
    const short = cells.map((cell, c) => (c === 0 ? { ...cell, cohort: cell.cohort.subarray(1) } : cell));
    const bad = CellValues.of(short, groupOf, 2, createdArray, order)!;
    expect(bad.valuesOver(values, (short[1] as CellSpec).cohort, into)).toBe(-1);
    expect(bad.valuesOver(values, (short[0] as CellSpec).cohort, into)).toBe(-1);
  });

  it('is not made for overlapping periods, without a creation order, or without group numbers', () => {
    const { createdArray, order, cells, groupOf } = layout(
      [1, 2, 3],
      [0, 0, 0],
      [
        [0, 3],
        [2, 5],
      ],
      [0],
    );
    expect(CellValues.of(cells, groupOf, 1, createdArray, order)).toBeUndefined();
    const single = layout([1, 2, 3], [0, 0, 0], [[0, 5]], [0]);
    expect(CellValues.of(single.cells, single.groupOf, 1, single.createdArray, null)).toBeUndefined();
    expect(CellValues.of(single.cells, undefined, 1, single.createdArray, single.order)).toBeUndefined();
    expect(CellValues.of(single.cells, single.groupOf, 1, single.createdArray, single.order)).toBeDefined();
  });
});
