/** Repeat-contact flags: one customer's tickets in creation order, the window, follow-ups, categories. */
import { describe, expect, it } from 'vitest';
import { plainTickets, referenceOptions } from '../metrics/reference.js';
import { computeRepeatFlags, repeatContacts, type RepeatInputs } from './repeat-contact.js';

const DAY = 86_400_000;

/** Flags of tickets given as [created, customer code, category code, follow-up, resolved] (customer 0: none). */
function flags(
  rows: [number, number, number, number, number][],
  options: { windowDays?: number; sameCategory?: boolean; byCreated?: boolean; customers?: number } = {},
) {
  const n = rows.length;
  const created = Float64Array.from(rows, (r) => r[0]);
  const inputs: RepeatInputs = {
    n,
    created,
    customer: Uint32Array.from(rows, (r) => r[1]),
    customers: options.customers ?? Math.max(0, ...rows.map((r) => r[1])),
    category: options.sameCategory ? Uint32Array.from(rows, (r) => r[2]) : null,
    categories: Math.max(0, ...rows.map((r) => r[2])) + 1,
    followUp: Uint8Array.from(rows, (r) => r[3]),
    resolvedAt: Float64Array.from(rows, (r) => r[4]),
    byCreated: options.byCreated
      ? Int32Array.from(rows.keys()).sort((a, b) => (created[a] as number) - (created[b] as number) || a - b)
      : null,
    windowMs: (options.windowDays ?? 7) * DAY,
  };
  const isRepeat = new Uint8Array(n);
  const repeatAfterResolve = new Uint8Array(n);
  computeRepeatFlags(inputs, isRepeat, repeatAfterResolve);
  return { isRepeat: Array.from(isRepeat), afterResolve: Array.from(repeatAfterResolve) };
}

// Rows out of creation order, as an export sorted by id may list them.
const ROWS: [number, number, number, number, number][] = [
  [3 * DAY, 1, 1, 0, NaN], // customer 1, day 3: repeat of day 0
  [0, 1, 1, 0, DAY], // customer 1, day 0, resolved day 1: the day-3 ticket follows within 7 days
  [20 * DAY, 1, 2, 0, NaN], // customer 1, day 20: 17 days after day 3, no repeat
  [DAY, 2, 1, 0, 2 * DAY], // customer 2 alone
  [2 * DAY, 0, 1, 1, NaN], // no customer, a follow-up of a closed ticket: repeat
  [2 * DAY, 0, 1, 0, NaN], // no customer: never a repeat
];

describe('computeRepeatFlags', () => {
  it('flags a ticket whose customer opened another in the window before it, and follow-ups', () => {
    expect(flags(ROWS)).toEqual({ isRepeat: [1, 0, 0, 0, 1, 0], afterResolve: [0, 1, 0, 0, 0, 0] });
  });

  it('gives the same flags with the creation order given, and with the map path for a large dictionary', () => {
    const plain = flags(ROWS);
    expect(flags(ROWS, { byCreated: true })).toEqual(plain);
    // customer codes below a dictionary of 10^6: keys are numbered anew (the map path)
    expect(flags(ROWS, { customers: 1_000_000 })).toEqual(plain);
  });

  it('window edges: exactly the window before repeats, 1 ms more does not; window 0 takes the same instant', () => {
    const rows: [number, number, number, number, number][] = [
      [0, 1, 0, 0, NaN],
      [7 * DAY, 1, 0, 0, NaN],
      [0, 2, 0, 0, NaN],
      [7 * DAY + 1, 2, 0, 0, NaN],
    ];
    expect(flags(rows).isRepeat).toEqual([0, 1, 0, 0]);
    const same: [number, number, number, number, number][] = [
      [DAY, 1, 0, 0, NaN],
      [DAY, 1, 0, 0, NaN],
      [DAY + 1, 1, 0, 0, NaN],
    ];
    // simultaneous: the later row repeats; 1 ms later is outside a 0-day window
    expect(flags(same, { windowDays: 0 }).isRepeat).toEqual([0, 1, 0]);
  });

  it('with the same category required, a ticket of another category is no repeat', () => {
    // customer 1: day 0 category 1, day 3 category 1 -> repeat; day 20 category 2: none before it in category 2
    expect(flags(ROWS, { sameCategory: true }).isRepeat).toEqual([1, 0, 0, 0, 1, 0]);
    const rows: [number, number, number, number, number][] = [
      [0, 1, 1, 0, DAY],
      [2 * DAY, 1, 2, 0, NaN],
    ];
    expect(flags(rows)).toEqual({ isRepeat: [0, 1], afterResolve: [1, 0] });
    expect(flags(rows, { sameCategory: true })).toEqual({ isRepeat: [0, 0], afterResolve: [0, 0] });
  });

  it('repeat after resolve: the next ticket opened after the resolution, within the window', () => {
    const rows: [number, number, number, number, number][] = [
      [0, 1, 0, 0, 5 * DAY], // resolved day 5
      [2 * DAY, 1, 0, 0, NaN], // opened before that resolution: does not count
      [13 * DAY, 1, 0, 0, NaN], // 8 days after it: outside
      [0, 2, 0, 0, DAY], // resolved day 1
      [DAY, 2, 0, 0, NaN], // opened at the resolution instant: not after it
      [8 * DAY, 2, 0, 0, NaN], // exactly 7 days after: counts
    ];
    expect(flags(rows).afterResolve).toEqual([0, 0, 0, 1, 0, 0]);
    expect(flags(rows, { byCreated: true }).afterResolve).toEqual([0, 0, 0, 1, 0, 0]);
  });
});

describe('repeatContacts (the derivation)', () => {
  it('reads customer, category and follow-ups from the table and resolved_at from the derivations', () => {
    const table = plainTickets([
      { created: 0, customer: 'a', category: 'billing' },
      { created: DAY, customer: 'a', category: 'shipping' },
      { created: DAY, follow_up: 1 },
    ]);
    const resolved = Float64Array.of(DAY / 2, NaN, NaN);
    const out = repeatContacts.compute({
      tickets: table,
      options: referenceOptions(),
      values: (name) => (name === 'resolved_at' ? resolved : new Float64Array(3).fill(NaN)),
    });
    expect(Array.from(out.is_repeat ?? [])).toEqual([0, 1, 1]);
    expect(Array.from(out.repeat_after_resolve ?? [])).toEqual([1, 0, 0]);
    const sameCategory = repeatContacts.compute({
      tickets: table,
      options: referenceOptions({ repeatSame: 'category' }),
      values: () => resolved,
    });
    expect(Array.from(sameCategory.is_repeat ?? [])).toEqual([0, 0, 1]);
    expect(Object.keys(repeatContacts.provides)).toEqual(['is_repeat', 'repeat_after_resolve']);
    expect(repeatContacts.reads).toEqual(['resolved_at']);
  });
});
