/**
 * The expression language (derive/expr.ts) written as SQL: the same definitions the fast engine
 * compiles and the reference interpreter evaluates. SQL's NULL is the language's null, and as the
 * language keeps negations on comparisons and null tests, a condition holds exactly where SQL's
 * `CASE WHEN` takes it. Names are the statement's columns; an expression derivation is written in
 * place, a computed one (repeat flags, SLA verdicts) is a column an earlier step made.
 */
import type { Cond, Expr, Ref } from '../derive/expr.js';
import { exprDerivation } from '../derive/index.js';
import type { DeriveOptions } from '../derive/types.js';
import type { Dialect } from './dialect.js';

/**
 * What a refusal is about, for the hint the command gives: a text column the dialect does not parse,
 * a column of another type than its field's, dates in a vendor's format, SLA targets or a run in
 * business hours, or anything else.
 */
export type SqlUnsupportedReason = 'text_column' | 'column_type' | 'dates' | 'sla_clock' | 'business_hours' | 'other';

/** Thrown for what the SQL path cannot write; the message names the thing and why. */
export class SqlUnsupported extends Error {
  constructor(
    message: string,
    readonly reason: SqlUnsupportedReason = 'other',
  ) {
    super(message);
  }
}

/** The SQL column of a field or computed derivation (dots are not identifiers everywhere). */
export const columnName = (name: Ref): string => name.replaceAll('.', '__');

export interface SqlExprContext {
  readonly dialect: Dialect;
  readonly options: DeriveOptions;
  /** The SQL of a name that is no expression derivation: a column of the current step, by default. */
  column?: (name: Ref) => string;
}

/** An expression as SQL. */
export function sqlValue(e: Expr, ctx: SqlExprContext, seen: ReadonlySet<Ref> = new Set()): string {
  const value = (x: Expr) => sqlValue(x, ctx, seen);
  switch (e.op) {
    case 'ref': {
      const derivation = exprDerivation(e.name);
      if (derivation !== undefined) {
        if (seen.has(e.name)) throw new SqlUnsupported(`derivation ${e.name} refers to itself`);
        return `(${sqlValue(derivation.expr(ctx.options), ctx, new Set([...seen, e.name]))})`;
      }
      return ctx.column ? ctx.column(e.name) : ctx.dialect.ident(columnName(e.name));
    }
    case 'num':
      return Number.isInteger(e.value) ? String(e.value) : `CAST(${e.value} AS ${ctx.dialect.double})`;
    case 'param':
      return ctx.column ? ctx.column('$as_of') : 'as_of';
    case 'null':
      return 'NULL';
    case 'add':
      return `(${value(e.a)} + ${value(e.b)})`;
    case 'sub':
      return `(${value(e.a)} - ${value(e.b)})`;
    case 'coalesce':
      return `COALESCE(${e.args.map(value).join(', ')})`;
    case 'if':
      return `CASE WHEN ${sqlCond(e.cond, ctx, seen)} THEN ${value(e.then)} ELSE ${value(e.else)} END`;
    case 'elapsed':
      if (ctx.options.clock?.kind === 'business') {
        throw new SqlUnsupported('business hours (the SQL path counts calendar time only)', 'business_hours');
      }
      return `(${value(e.to)} - ${value(e.from)})`;
    case 'after':
      if (ctx.options.clock?.kind === 'business') {
        throw new SqlUnsupported('business hours (the SQL path counts calendar time only)', 'business_hours');
      }
      return `(${value(e.from)} + ${value(e.ms)})`;
  }
}

const OPERATOR = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '=', ne: '<>' } as const;

/** A condition as SQL (true exactly where the language's condition holds). */
export function sqlCond(c: Cond, ctx: SqlExprContext, seen: ReadonlySet<Ref> = new Set()): string {
  const value = (x: Expr) => sqlValue(x, ctx, seen);
  switch (c.op) {
    case 'true':
      return 'TRUE';
    case 'false':
      return 'FALSE';
    case 'isNull':
      return `(${value(c.a)} IS NULL)`;
    case 'isNotNull':
      return `(${value(c.a)} IS NOT NULL)`;
    case 'bit':
    case 'noBit':
      throw new SqlUnsupported('complaint classes (they are set by text rules the SQL path does not run)');
    case 'and':
    case 'or':
      return `(${c.args.map((arg) => sqlCond(arg, ctx, seen)).join(c.op === 'and' ? ' AND ' : ' OR ')})`;
    default:
      return `(${value(c.a)} ${OPERATOR[c.op]} ${value(c.b)})`;
  }
}
