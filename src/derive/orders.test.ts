/**
 * The order derivations on orders worked out by hand (UTC unless said; 2025-10-06 is a Monday).
 *
 * | order | created    | promised (end of) | delivered        | cancelled     | punctuality | delay h | delay days |
 * |-------|------------|-------------------|------------------|---------------|-------------|---------|------------|
 * | A     | Mon 10:00  | Wed 10-08         | Tue 10-07 12:00  |               | on time     | -36     | -1         |
 * | B     | Mon 11:00  | Wed 10-08         | Wed 10-08 23:59  |               | on time     | -1/60   | 0          |
 * | C     | Tue 09:00  | Wed 10-08         | Fri 10-10 06:00  |               | late        | 30      | 2          |
 * | D     | Tue 10:00  | Wed 10-08         | (none)           |               | open-late   |         |            |
 * | E     | Wed 10:00  | 2 business days   | (none)           |               | open        |         |            |
 * | F     | Wed 11:00  | Fri 10-10         | (none)           | status `void` | unknown     |         |            |
 *
 * As-of Fri 10-10 12:00. E's promise: the end of Fri 10-10 (Thu and Fri count, Wed has begun), not
 * passed at as-of.
 */
import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { OrderTable } from '../model/order.js';
import {
  delayDays,
  deriveOrders,
  isCancelled,
  localDay,
  promiseFor,
  Punctuality,
  punctualityOf,
  repeatOrders,
  signedElapsedMs,
  type OrderDeriveOptions,
} from './orders.js';

const at = (s: string) => Date.parse(s);
const HOUR = 3_600_000;
const weekdays = compileSchedule(
  {
    timezone: 'UTC',
    hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['00:00-24:00']])),
  },
  'test',
);

function table(): OrderTable {
  const t = new OrderTable();
  const rows: [string, string, string | null, string | null, number][] = [
    ['A', '2025-10-06T10:00Z', '2025-10-09T00:00Z', '2025-10-07T12:00Z', 0],
    ['B', '2025-10-06T11:00Z', '2025-10-09T00:00Z', '2025-10-08T23:59Z', 0],
    ['C', '2025-10-07T09:00Z', '2025-10-09T00:00Z', '2025-10-10T06:00Z', 0],
    ['D', '2025-10-07T10:00Z', '2025-10-09T00:00Z', null, 0],
    ['E', '2025-10-08T10:00Z', null, null, 0],
    ['F', '2025-10-08T11:00Z', '2025-10-11T00:00Z', null, 1],
  ];
  for (const [id, created, promised, delivered, cancelled] of rows) {
    const row = t.addRow(id, 2);
    t.instants.created[row] = at(created);
    if (promised) t.instants.promised[row] = at(promised);
    if (delivered) t.instants.delivered[row] = at(delivered);
    t.cancelledStatus[row] = cancelled;
  }
  return t;
}

const options: OrderDeriveOptions = {
  asOf: at('2025-10-10T12:00Z'),
  from: 'created',
  schedule: null,
  onTimeEvent: 'delivered',
  promiseDays: 2,
  promiseSchedule: { name: 'weekdays', schedule: weekdays },
  timezone: 'UTC',
};

describe('order derivations', () => {
  const derived = deriveOrders(Object.freeze(table()), options);

  it('judges punctuality on the event and the promise at as-of', () => {
    expect([...derived.punctuality]).toEqual([
      Punctuality.onTime,
      Punctuality.onTime,
      Punctuality.late,
      Punctuality.openLate,
      Punctuality.open,
      Punctuality.unknown,
    ]);
  });

  it('takes the configured promise only where the order has none', () => {
    expect(derived.promiseAt[4]).toBe(at('2025-10-11T00:00Z'));
    expect(derived.promiseAt[0]).toBe(at('2025-10-09T00:00Z'));
  });

  it('gives the signed delay in hours and in calendar days, for orders with the event only', () => {
    expect([...derived.delayMs].map((ms) => ms / HOUR)).toEqual([-36, -1 / 60, 30, NaN, NaN, NaN]);
    expect([...derived.delayDays]).toEqual([-1, 0, 2, NaN, NaN, NaN]);
  });

  it('marks the cancelled order', () => {
    expect([...derived.cancelled]).toEqual([0, 0, 0, 0, 0, 1]);
  });
});

describe('single-order derivations', () => {
  it('cancels by status or by a cancellation before as-of', () => {
    expect(isCancelled(Number.NaN, 1, 100)).toBe(true);
    expect(isCancelled(50, 0, 100)).toBe(true);
    expect(isCancelled(150, 0, 100)).toBe(false);
  });

  it('leaves an order without promise and without promise days unjudged', () => {
    expect(promiseFor(Number.NaN, 500, null, weekdays)).toBeNaN();
    expect(punctualityOf(10, Number.NaN, false, 100)).toBe(Punctuality.unknown);
  });

  it('puts a midnight deadline on the day it ends, in the zone given', () => {
    // 2025-10-09 00:00 Berlin (22:00 UTC on the 8th) ends 2025-10-08.
    const deadline = at('2025-10-08T22:00Z');
    expect(localDay(deadline, 'Europe/Berlin', true)).toBe(localDay(at('2025-10-08T12:00Z'), 'UTC', false));
    expect(delayDays(at('2025-10-09T08:00Z'), deadline, 'Europe/Berlin')).toBe(1);
  });

  it('counts a signed delay in business hours both ways', () => {
    const office = compileSchedule({ timezone: 'UTC', hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'] } }, 't');
    const mon16 = at('2025-10-06T16:00Z');
    const tue10 = at('2025-10-07T10:00Z');
    expect(signedElapsedMs(office, mon16, tue10)).toBe(2 * HOUR);
    expect(signedElapsedMs(office, tue10, mon16)).toBe(-2 * HOUR);
    expect(signedElapsedMs(null, tue10, mon16)).toBe(-18 * HOUR);
  });
});

describe('repeatOrders', () => {
  it('marks the orders of a customer after their first (by creation, then input order), on random tables', () => {
    // Expected by the definition, pair by pair: an order repeats when another order of its customer
    // was created earlier, or at the same time and read before it.
    for (let seed = 1; seed <= 40; seed++) {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const table = new OrderTable(16);
      const withCreation = seed % 5 !== 0;
      const n = 1 + Math.floor(random() * 60);
      const customer = table.dim('customer') as { codes: Uint32Array };
      for (let i = 0; i < n; i++) {
        const row = table.addRow(`#${i}`, i + 2);
        if (withCreation) table.instants.created[row] = Math.floor(random() * 6) * HOUR;
        customer.codes[row] = Math.floor(random() * 5);
      }
      const created = table.instants.created;
      const codes = table.dim('customer')?.codes as Uint32Array;
      const expected = Array.from({ length: n }, (_, i) => {
        if (codes[i] === 0) return 0;
        for (let j = 0; j < n; j++) {
          if (j === i || codes[j] !== codes[i]) continue;
          const earlier = withCreation ? (created[j] as number) < (created[i] as number) : false;
          if (earlier || ((!withCreation || created[j] === created[i]) && j < i)) return 1;
        }
        return 0;
      });
      expect([...repeatOrders(table)], `seed ${seed}`).toEqual(expected);
    }
  });
});
