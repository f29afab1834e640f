/**
 * The compiled expressions equal the interpreter: random Expr and Cond trees over a few columns with
 * nulls (NaN-missing floats, negative-missing counts, a never-missing flag), on the calendar and on
 * another clock, compiled by compileFill / compileValue / compileTest and the tally steps, against
 * evaluate / holds (derive/expr.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  after,
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
  sub,
  TRUE,
  when,
  type Cond,
  type Expr,
  type TicketClock,
} from '../derive/expr.js';
import {
  compileCountStep,
  compileFill,
  compileRateStep,
  compileTest,
  compileTotalStep,
  compileValue,
  type CompileClock,
  type CompiledColumn,
} from './compile.js';

const N = 8;
const FLOATS = ['a', 'b'] as const;

/** The columns of N tickets, and each ticket's values as the interpreter reads them. */
const columnsArb = fc.record({
  a: fc.array(
    fc.oneof(fc.constant(NaN), fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
    {
      minLength: N,
      maxLength: N,
    },
  ),
  b: fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 100 })), { minLength: N, maxLength: N }),
  n: fc.array(fc.integer({ min: -1, max: 7 }), { minLength: N, maxLength: N }),
  f: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: N, maxLength: N }),
});
type Columns = typeof columnsArb extends fc.Arbitrary<infer T> ? T : never;

function source(columns: Columns): (name: string) => CompiledColumn {
  const made: Record<string, CompiledColumn> = {
    a: { data: Float64Array.from(columns.a), missing: 'nan' },
    b: { data: Float64Array.from(columns.b), missing: 'nan' },
    n: { data: Int32Array.from(columns.n), missing: 'negative' },
    f: { data: Uint8Array.from(columns.f), missing: 'none' },
  };
  return (name) => {
    const column = made[name];
    if (column === undefined) throw new Error(name);
    return column;
  };
}

function valuesOf(columns: Columns, t: number): Record<string, number | null> {
  const n = columns.n[t] as number;
  return { a: columns.a[t] as number, b: columns.b[t] as number, n: n < 0 ? null : n, f: columns.f[t] as number };
}

const { expr: exprArb, cond: condArb } = fc.letrec<{ expr: Expr; cond: Cond }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...[...FLOATS, 'n', 'f'].map((name) => ref(name))),
    fc.integer({ min: -3, max: 60 }).map(num),
    fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }).map(num),
    fc.constant(NULL),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => add(x, y)),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => sub(x, y)),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((args) => coalesce(...args)),
    fc.tuple(tie('cond'), tie('expr'), tie('expr')).map(([c, x, y]) => when(c, x, y)),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => elapsed(x, y)),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => after(x, y)),
  ),
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(TRUE, FALSE),
    fc.tuple(fc.constantFrom(lt, le, gt, ge, eq, ne), tie('expr'), tie('expr')).map(([op, x, y]) => op(x, y)),
    tie('expr').map(isNull),
    tie('expr').map(isNotNull),
    fc
      .tuple(fc.constantFrom(ref('n'), ref('f'), ref('b')), fc.integer({ min: 0, max: 3 }))
      .map(([x, bit]) => hasBit(x, bit)),
    fc.array(tie('cond'), { minLength: 0, maxLength: 3 }).map((args) => and(...args)),
    fc.array(tie('cond'), { minLength: 0, maxLength: 3 }).map((args) => or(...args)),
    tie('cond').map(not),
  ),
}));

/** A clock that is no calendar: what a business-hours schedule is to the compiler (a call per value). */
const SKEWED: TicketClock = {
  elapsedMs: (t, from, to) => (to - from) / 2 + t,
  afterMs: (t, from, ms) => from + 2 * ms - t,
};
const clockArb = fc.constantFrom<CompileClock>({ calendar: true, clock: CALENDAR }, { calendar: false, clock: SKEWED });

/** The interpreter's value as the compiled code writes it: NaN for null. */
const asNumber = (v: number | null) => (v === null ? NaN : v);
const sameNumber = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));

describe('compiled expressions equal the interpreter', () => {
  it('compileFill and compileValue equal evaluate', () => {
    fc.assert(
      fc.property(exprArb, columnsArb, clockArb, (e, columns, clock) => {
        const out = new Float64Array(N);
        compileFill(e, source(columns), clock)(out, N);
        const value = compileValue(e, source(columns), clock);
        for (let t = 0; t < N; t++) {
          const expected = asNumber(evaluate(e, valuesOf(columns, t), clock.clock, t));
          expect(sameNumber(out[t] as number, expected), `ticket ${t}: ${out[t]} vs ${expected}`).toBe(true);
          expect(sameNumber(value(t), expected)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('compileTest equals holds', () => {
    fc.assert(
      fc.property(condArb, columnsArb, clockArb, (c, columns, clock) => {
        const test = compileTest(c, source(columns), clock);
        for (let t = 0; t < N; t++) expect(test(t)).toBe(holds(c, valuesOf(columns, t), clock.clock, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('the tally steps count and sum as holds and evaluate do', () => {
    fc.assert(
      fc.property(condArb, condArb, exprArb, columnsArb, clockArb, (counted, hit, e, columns, clock) => {
        const rate = new Int32Array(2);
        const count = new Int32Array(1);
        const total = new Float64Array(2);
        const rateStep = compileRateStep(counted, hit, source(columns), clock);
        const countStep = compileCountStep(counted, source(columns), clock);
        const totalStep = compileTotalStep(e, source(columns), clock);
        let denominator = 0;
        let numerator = 0;
        let n = 0;
        let sum = 0;
        for (let t = 0; t < N; t++) {
          rateStep(rate, 0, t);
          countStep(count, 0, t);
          totalStep(total, 0, t);
          const values = valuesOf(columns, t);
          if (holds(counted, values, clock.clock, t)) {
            denominator++;
            if (holds(hit, values, clock.clock, t)) numerator++;
          }
          const v = evaluate(e, values, clock.clock, t);
          if (v !== null) {
            n++;
            sum += v;
          }
        }
        expect([rate[1], rate[0], count[0]]).toEqual([numerator, denominator, denominator]);
        expect(total[0]).toBe(n);
        expect(sameNumber(total[1] as number, sum)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a negative count is no value in the compiled code and in the interpreter alike', () => {
    const columns: Columns = {
      a: Array(N).fill(0),
      b: Array(N).fill(0),
      n: [-1, 0, 3, -1, 1, 2, -1, 7],
      f: Array(N).fill(0),
    };
    const test = compileTest(isNull(ref('n')), source(columns), { calendar: true, clock: CALENDAR });
    expect(Array.from({ length: N }, (_, t) => test(t))).toEqual([true, false, false, true, false, false, true, false]);
  });
});
