/** The expression language: SQL-like nulls, negation pushed down, the reference interpreter, refsOf. */
import { describe, expect, it } from 'vitest';
import {
  add,
  after as instantAfter,
  and,
  CALENDAR,
  coalesce,
  elapsed,
  eq,
  evaluate,
  FALSE,
  ge,
  gt,
  hasBit,
  holds,
  isNotNull,
  isNull,
  le,
  lt,
  ne,
  not,
  NULL,
  num,
  or,
  ref,
  refsOf,
  sub,
  TRUE,
  when,
  type Cond,
  type TicketClock,
} from './expr.js';

describe('evaluate', () => {
  it('arithmetic with a null gives null; NaN, null and absent values are no value', () => {
    expect(evaluate(sub(ref('solved'), ref('created')), { created: 1_000, solved: 4_000 })).toBe(3_000);
    expect(evaluate(add(ref('a'), num(1)), {})).toBeNull();
    expect(evaluate(add(ref('a'), num(1)), { a: null })).toBeNull();
    expect(evaluate(add(ref('a'), num(1)), { a: NaN })).toBeNull();
    expect(evaluate(NULL, {})).toBeNull();
    // 0 is a value, not a null
    expect(evaluate(sub(ref('a'), ref('a')), { a: 0 })).toBe(0);
  });

  it('coalesce takes the first value; if takes a branch by whether the condition holds', () => {
    expect(evaluate(coalesce(ref('solved'), ref('closed'), num(9)), { closed: 7 })).toBe(7);
    expect(evaluate(coalesce(ref('solved'), ref('closed')), {})).toBeNull();
    expect(coalesce(ref('x'))).toEqual(ref('x'));
    // a comparison with a null is not true: the else branch (null by default)
    expect(evaluate(when(gt(ref('a'), num(0)), num(1), num(2)), {})).toBe(2);
    expect(evaluate(when(gt(ref('a'), num(0)), num(1)), { a: -1 })).toBeNull();
  });

  it('elapsed and after run on the clock given (calendar by default), null when an end is missing', () => {
    expect(evaluate(elapsed(ref('a'), ref('b')), { a: 10, b: 25 })).toBe(15);
    expect(evaluate(instantAfter(ref('a'), num(5)), { a: 10 })).toBe(15);
    expect(evaluate(elapsed(ref('a'), ref('b')), { a: 10 })).toBeNull();
    // a clock that counts half the time, per ticket: ticket 3 is passed through
    const seen: number[] = [];
    const half: TicketClock = {
      elapsedMs: (t, from, to) => {
        seen.push(t);
        return (to - from) / 2;
      },
      afterMs: (_t, from, ms) => from + 2 * ms,
    };
    expect(evaluate(elapsed(ref('a'), ref('b')), { a: 0, b: 10 }, half, 3)).toBe(5);
    expect(evaluate(instantAfter(ref('a'), num(4)), { a: 1 }, half, 3)).toBe(9);
    expect(seen).toEqual([3]);
    expect(CALENDAR.elapsedMs(0, 5, 2)).toBe(-3);
  });
});

describe('holds', () => {
  const cases: [string, Cond, Record<string, number | null>, boolean][] = [
    ['lt', lt(ref('a'), num(2)), { a: 1 }, true],
    ['le at equality', le(ref('a'), num(1)), { a: 1 }, true],
    ['lt at equality', lt(ref('a'), num(1)), { a: 1 }, false],
    ['gt', gt(ref('a'), num(1)), { a: 1 }, false],
    ['ge', ge(ref('a'), num(1)), { a: 1 }, true],
    ['eq', eq(ref('a'), num(0)), { a: 0 }, true],
    ['ne', ne(ref('a'), num(0)), { a: 1 }, true],
    ['a comparison with null is not true', lt(ref('a'), num(1)), { a: null }, false],
    ['nor is its opposite', ge(ref('a'), num(1)), { a: null }, false],
    ['ne with null is not true either', ne(ref('a'), num(1)), {}, false],
    ['isNull', isNull(ref('a')), { a: null }, true],
    ['isNotNull of 0', isNotNull(ref('a')), { a: 0 }, true],
    ['bit 1 of 0b10', hasBit(ref('c'), 1), { c: 0b10 }, true],
    ['bit 0 of 0b10', hasBit(ref('c'), 0), { c: 0b10 }, false],
    ['no bit of null is false', not(hasBit(ref('c'), 0)), {}, false],
    ['noBit', not(hasBit(ref('c'), 0)), { c: 0b10 }, true],
    ['and', and(gt(ref('a'), num(0)), lt(ref('a'), num(5))), { a: 3 }, true],
    ['or', or(isNull(ref('a')), gt(ref('a'), num(5))), { a: 3 }, false],
    ['TRUE', TRUE, {}, true],
    ['FALSE', FALSE, {}, false],
  ];
  it.each(cases)('%s', (_name, cond, values, expected) => {
    expect(holds(cond, values)).toBe(expected);
  });
});

describe('not', () => {
  it('pushes negation down to comparisons: not(a < b) holds where a >= b, never where a is null', () => {
    expect(not(lt(ref('a'), num(1)))).toEqual(ge(ref('a'), num(1)));
    expect(holds(not(lt(ref('a'), num(1))), {})).toBe(false);
    expect(not(isNull(ref('a')))).toEqual(isNotNull(ref('a')));
    expect(not(TRUE)).toEqual(FALSE);
  });

  it('De Morgan over and / or', () => {
    const c = and(lt(ref('a'), num(1)), isNull(ref('b')));
    expect(not(c)).toEqual(or(ge(ref('a'), num(1)), isNotNull(ref('b'))));
    // for every combination with a value, not(c) holds exactly where c does not
    for (const a of [0, 1, 2]) for (const b of [null, 5]) expect(holds(not(c), { a, b })).toBe(!holds(c, { a, b }));
  });

  it('is an involution', () => {
    const c = or(eq(ref('x'), num(1)), and(hasBit(ref('y'), 2), le(ref('z'), ref('x'))));
    expect(not(not(c))).toEqual(c);
  });
});

describe('and / or', () => {
  it('drop neutral parts and fold absorbing ones', () => {
    const c = gt(ref('a'), num(0));
    expect(and()).toEqual(TRUE);
    expect(and(TRUE, c)).toEqual(c);
    expect(and(c, FALSE)).toEqual(FALSE);
    expect(or()).toEqual(FALSE);
    expect(or(FALSE, c)).toEqual(c);
    expect(or(c, TRUE)).toEqual(TRUE);
  });
});

describe('refsOf', () => {
  it('lists every name an expression or condition reads, once', () => {
    const e = when(and(isNotNull(ref('solved')), lt(ref('solved'), num(9))), elapsed(ref('created'), ref('solved')));
    expect([...refsOf(e)].sort()).toEqual(['created', 'solved']);
    expect([...refsOf(coalesce(ref('a'), instantAfter(ref('b'), ref('c')), sub(ref('d'), ref('a'))))].sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect([...refsOf(or(hasBit(ref('m'), 1), ne(ref('n'), NULL)))].sort()).toEqual(['m', 'n']);
  });
});
