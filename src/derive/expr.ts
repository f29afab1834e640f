/**
 * The small expression language the definitions are written in: per-ticket values (numbers, null
 * for "no value") and conditions over a ticket's fields and its derived quantities. One definition
 * serves every engine: the fast engine compiles it to a loop over typed arrays, the reference
 * interpreter below evaluates it on one ticket (what the tests call), and the SQL emitter writes it
 * as a column expression.
 *
 * Semantics, as SQL's: arithmetic with a null gives null; a comparison with a null is not true; a
 * condition holds only when it is true (`CASE WHEN`, `FILTER (WHERE ...)`). Negations are pushed
 * down to comparisons and null tests when built (`not(lt(a, b))` is `ge(a, b)`), so that every
 * engine agrees on which tickets a condition holds for without three-valued logic.
 */

/** What a name refers to: a ticket field (model/ticket.ts), a derived quantity (derive/), or an event-case value. */
export type Ref = string;

export type Expr =
  | { readonly op: 'ref'; readonly name: Ref }
  | { readonly op: 'num'; readonly value: number }
  /**
   * A number of the run (the as-of instant), known here but named, so that SQL can take it from the
   * data (the latest instant of the input) rather than as a constant.
   */
  | { readonly op: 'param'; readonly name: 'as_of'; readonly value: number }
  | { readonly op: 'null' }
  | { readonly op: 'add' | 'sub'; readonly a: Expr; readonly b: Expr }
  | { readonly op: 'coalesce'; readonly args: readonly Expr[] }
  | { readonly op: 'if'; readonly cond: Cond; readonly then: Expr; readonly else: Expr }
  /** Time between two instants on the run's clock (calendar, or a business-hours schedule), ms. */
  | { readonly op: 'elapsed'; readonly from: Expr; readonly to: Expr }
  /** The instant `ms` of the run's clock after `from` (in business hours: open time only). */
  | { readonly op: 'after'; readonly from: Expr; readonly ms: Expr };

export type Comparison = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

export type Cond =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: Comparison; readonly a: Expr; readonly b: Expr }
  | { readonly op: 'isNull' | 'isNotNull'; readonly a: Expr }
  /** A whole-number value has bit `bit` set (complaint classes). */
  | { readonly op: 'bit' | 'noBit'; readonly a: Expr; readonly bit: number }
  | { readonly op: 'and' | 'or'; readonly args: readonly Cond[] };

export const ref = (name: Ref): Expr => ({ op: 'ref', name });
export const num = (value: number): Expr => ({ op: 'num', value });
export const NULL: Expr = { op: 'null' };
/** The as-of instant of the run (a number here; a column of the data in SQL). */
export const asOfParam = (value: number): Expr => ({ op: 'param', name: 'as_of', value });
export const add = (a: Expr, b: Expr): Expr => ({ op: 'add', a, b });
export const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', a, b });
export const coalesce = (...args: Expr[]): Expr => (args.length === 1 ? (args[0] as Expr) : { op: 'coalesce', args });
export const when = (cond: Cond, then: Expr, otherwise: Expr = NULL): Expr => ({
  op: 'if',
  cond,
  then,
  else: otherwise,
});
export const elapsed = (from: Expr, to: Expr): Expr => ({ op: 'elapsed', from, to });
export const after = (from: Expr, ms: Expr): Expr => ({ op: 'after', from, ms });

export const TRUE: Cond = { op: 'true' };
export const FALSE: Cond = { op: 'false' };
export const lt = (a: Expr, b: Expr): Cond => ({ op: 'lt', a, b });
export const le = (a: Expr, b: Expr): Cond => ({ op: 'le', a, b });
export const gt = (a: Expr, b: Expr): Cond => ({ op: 'gt', a, b });
export const ge = (a: Expr, b: Expr): Cond => ({ op: 'ge', a, b });
export const eq = (a: Expr, b: Expr): Cond => ({ op: 'eq', a, b });
export const ne = (a: Expr, b: Expr): Cond => ({ op: 'ne', a, b });
export const isNull = (a: Expr): Cond => ({ op: 'isNull', a });
export const isNotNull = (a: Expr): Cond => ({ op: 'isNotNull', a });
export const hasBit = (a: Expr, bit: number): Cond => ({ op: 'bit', a, bit });

/** All of `conds` (true for none); `true` parts dropped, a `false` part makes it false. */
export function and(...conds: Cond[]): Cond {
  const parts = conds.filter((c) => c.op !== 'true');
  if (parts.some((c) => c.op === 'false')) return FALSE;
  return parts.length === 0 ? TRUE : parts.length === 1 ? (parts[0] as Cond) : { op: 'and', args: parts };
}

/** Any of `conds` (false for none); `false` parts dropped, a `true` part makes it true. */
export function or(...conds: Cond[]): Cond {
  const parts = conds.filter((c) => c.op !== 'false');
  if (parts.some((c) => c.op === 'true')) return TRUE;
  return parts.length === 0 ? FALSE : parts.length === 1 ? (parts[0] as Cond) : { op: 'or', args: parts };
}

const INVERSE: Readonly<Record<Comparison, Comparison>> = {
  lt: 'ge',
  le: 'gt',
  gt: 'le',
  ge: 'lt',
  eq: 'ne',
  ne: 'eq',
};

/**
 * The condition that holds where `c` is false: a comparison is false only when both sides have a
 * value, so `not(lt(a, b))` holds where a >= b, never where a or b is null (as SQL's `NOT (a < b)`).
 * @example not(lt(ref('a'), num(1))) // { op: 'ge', a: ref('a'), b: num(1) }
 */
export function not(c: Cond): Cond {
  switch (c.op) {
    case 'true':
      return FALSE;
    case 'false':
      return TRUE;
    case 'isNull':
      return { op: 'isNotNull', a: c.a };
    case 'isNotNull':
      return { op: 'isNull', a: c.a };
    case 'bit':
      return { op: 'noBit', a: c.a, bit: c.bit };
    case 'noBit':
      return { op: 'bit', a: c.a, bit: c.bit };
    case 'and':
      return or(...c.args.map(not));
    case 'or':
      return and(...c.args.map(not));
    default:
      return { op: INVERSE[c.op], a: c.a, b: c.b };
  }
}

/** The clock `elapsed` and `after` run on, for one ticket. */
export interface TicketClock {
  elapsedMs(ticket: number, fromMs: number, toMs: number): number;
  afterMs(ticket: number, fromMs: number, ms: number): number;
}

/** Calendar time: every millisecond counts. */
export const CALENDAR: TicketClock = {
  elapsedMs: (_ticket, fromMs, toMs) => toMs - fromMs,
  afterMs: (_ticket, fromMs, ms) => fromMs + ms,
};

/** One ticket for the interpreter: its values by name (null or absent: no value). */
export type TicketValues = Readonly<Record<Ref, number | null | undefined>>;

/**
 * The value of `e` for one ticket (the reference semantics; the engine compiles the same).
 * @example evaluate(sub(ref('solved'), ref('created')), { created: 1000, solved: 4000 }) // 3000
 * @example evaluate(coalesce(ref('solved'), ref('closed')), { closed: 7 }) // 7
 */
export function evaluate(e: Expr, values: TicketValues, clock: TicketClock = CALENDAR, ticket = 0): number | null {
  switch (e.op) {
    case 'ref': {
      const v = values[e.name];
      return v === undefined || v === null || Number.isNaN(v) ? null : v;
    }
    case 'num':
    case 'param':
      return e.value;
    case 'null':
      return null;
    case 'add':
    case 'sub': {
      const a = evaluate(e.a, values, clock, ticket);
      const b = evaluate(e.b, values, clock, ticket);
      return a === null || b === null ? null : e.op === 'add' ? a + b : a - b;
    }
    case 'coalesce':
      for (const arg of e.args) {
        const v = evaluate(arg, values, clock, ticket);
        if (v !== null) return v;
      }
      return null;
    case 'if':
      return holds(e.cond, values, clock, ticket)
        ? evaluate(e.then, values, clock, ticket)
        : evaluate(e.else, values, clock, ticket);
    case 'elapsed': {
      const from = evaluate(e.from, values, clock, ticket);
      const to = evaluate(e.to, values, clock, ticket);
      return from === null || to === null ? null : clock.elapsedMs(ticket, from, to);
    }
    case 'after': {
      const from = evaluate(e.from, values, clock, ticket);
      const ms = evaluate(e.ms, values, clock, ticket);
      return from === null || ms === null ? null : clock.afterMs(ticket, from, ms);
    }
  }
}

/**
 * Whether `c` holds (is true) for one ticket.
 * @example holds(le(ref('replies'), num(1)), { replies: 1 }) // true
 * @example holds(not(le(ref('replies'), num(1))), {}) // false
 */
export function holds(c: Cond, values: TicketValues, clock: TicketClock = CALENDAR, ticket = 0): boolean {
  const value = (e: Expr) => evaluate(e, values, clock, ticket);
  switch (c.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'isNull':
      return value(c.a) === null;
    case 'isNotNull':
      return value(c.a) !== null;
    case 'bit':
    case 'noBit': {
      const v = value(c.a);
      if (v === null) return false;
      const set = ((v >>> c.bit) & 1) === 1;
      return c.op === 'bit' ? set : !set;
    }
    case 'and':
      return c.args.every((arg) => holds(arg, values, clock, ticket));
    case 'or':
      return c.args.some((arg) => holds(arg, values, clock, ticket));
    default: {
      const a = value(c.a);
      const b = value(c.b);
      if (a === null || b === null) return false;
      switch (c.op) {
        case 'lt':
          return a < b;
        case 'le':
          return a <= b;
        case 'gt':
          return a > b;
        case 'ge':
          return a >= b;
        case 'eq':
          return a === b;
        case 'ne':
          return a !== b;
      }
    }
  }
}

/** Every name an expression or condition reads. */
export function refsOf(node: Expr | Cond, into: Set<Ref> = new Set()): Set<Ref> {
  switch (node.op) {
    case 'ref':
      into.add(node.name);
      break;
    case 'add':
    case 'sub':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
      refsOf(node.a, into);
      refsOf(node.b, into);
      break;
    case 'coalesce':
      for (const arg of node.args) refsOf(arg, into);
      break;
    case 'if':
      refsOf(node.cond, into);
      refsOf(node.then, into);
      refsOf(node.else, into);
      break;
    case 'elapsed':
      refsOf(node.from, into);
      refsOf(node.to, into);
      break;
    case 'after':
      refsOf(node.from, into);
      refsOf(node.ms, into);
      break;
    case 'isNull':
    case 'isNotNull':
    case 'bit':
    case 'noBit':
      refsOf(node.a, into);
      break;
    case 'and':
    case 'or':
      for (const arg of node.args) refsOf(arg, into);
      break;
  }
  return into;
}
