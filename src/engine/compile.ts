/**
 * The expression language (derive/expr.ts) compiled to JavaScript: one generated function per rule,
 * a loop body over typed arrays with no call per value, as fast as the hand-written loops it
 * replaces. Nulls are NaN inside the generated code; a column whose missing values are negative
 * (counts, codes of -1) reads as NaN there. The interpreter in expr.ts is the reference: a property
 * test holds the two equal.
 */
import type { Cond, Expr, Ref } from '../derive/expr.js';
import type { TicketClock } from '../derive/expr.js';

/** A column the compiled code reads: its values by ticket, and how a missing value is written. */
export interface CompiledColumn {
  readonly data: ArrayLike<number>;
  /** `nan`: NaN is missing (instants, durations); `negative`: a value below 0 is; `none`: never missing. */
  readonly missing: 'nan' | 'negative' | 'none';
}

/** Resolves the names an expression reads to columns. */
export type ColumnSource = (name: Ref) => CompiledColumn;

/** Whether the run's clock is plain calendar time (elapsed = to - from), which needs no call. */
export interface CompileClock {
  readonly calendar: boolean;
  readonly clock: TicketClock;
}

class Generator {
  private lines: string[] = [];
  private locals = 0;
  readonly columns: CompiledColumn[] = [];
  private readonly columnIndex = new Map<Ref, number>();

  constructor(
    private readonly source: ColumnSource,
    private readonly calendar: boolean,
  ) {}

  private local(): string {
    return `v${this.locals++}`;
  }

  /** Statements emitted by `fn`, apart from the current ones. */
  block(fn: () => string): { code: string; result: string } {
    const outer = this.lines;
    this.lines = [];
    const result = fn();
    const code = this.lines.join('\n');
    this.lines = outer;
    return { code, result };
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  body(): string {
    return this.lines.join('\n');
  }

  /** A plain expression (a local, a literal or an array read) evaluated once. */
  private simple(text: string): string {
    if (/^(v\d+|-?[\d.e+]+|NaN)$/.test(text)) return text;
    const v = this.local();
    this.emit(`const ${v} = ${text};`);
    return v;
  }

  private column(name: Ref): string {
    let k = this.columnIndex.get(name);
    if (k === undefined) {
      k = this.columns.length;
      this.columns.push(this.source(name));
      this.columnIndex.set(name, k);
    }
    const column = this.columns[k] as CompiledColumn;
    const read = `c${k}[t]`;
    if (column.missing !== 'negative') return read;
    const v = this.local();
    this.emit(`let ${v} = ${read}; if (${v} < 0) ${v} = NaN;`);
    return v;
  }

  value(e: Expr): string {
    switch (e.op) {
      case 'ref':
        return this.column(e.name);
      case 'num':
      case 'param':
        return Number.isFinite(e.value) ? String(e.value) : 'NaN';
      case 'null':
        return 'NaN';
      case 'add':
      case 'sub':
        return `(${this.value(e.a)} ${e.op === 'add' ? '+' : '-'} ${this.value(e.b)})`;
      case 'coalesce': {
        const v = this.local();
        this.emit(`let ${v} = ${this.value(e.args[0] as Expr)};`);
        let close = '';
        for (const arg of e.args.slice(1)) {
          const next = this.block(() => this.value(arg));
          this.emit(`if (${v} !== ${v}) {\n${next.code}\n${v} = ${next.result};`);
          close += '}';
        }
        this.emit(close);
        return v;
      }
      case 'if': {
        const v = this.local();
        const cond = this.cond(e.cond);
        const then = this.block(() => this.value(e.then));
        const otherwise = this.block(() => this.value(e.else));
        this.emit(
          `let ${v};\nif (${cond}) {\n${then.code}\n${v} = ${then.result};\n} ` +
            `else {\n${otherwise.code}\n${v} = ${otherwise.result};\n}`,
        );
        return v;
      }
      case 'elapsed': {
        const from = this.simple(this.value(e.from));
        const to = this.simple(this.value(e.to));
        if (this.calendar) return `(${to} - ${from})`;
        return `(${from} !== ${from} || ${to} !== ${to} ? NaN : clock.elapsedMs(t, ${from}, ${to}))`;
      }
      case 'after': {
        const from = this.simple(this.value(e.from));
        const ms = this.simple(this.value(e.ms));
        if (this.calendar) return `(${from} + ${ms})`;
        return `(${from} !== ${from} || ${ms} !== ${ms} ? NaN : clock.afterMs(t, ${from}, ${ms}))`;
      }
    }
  }

  cond(c: Cond): string {
    switch (c.op) {
      case 'true':
        return 'true';
      case 'false':
        return 'false';
      case 'isNull': {
        const a = this.simple(this.value(c.a));
        return `(${a} !== ${a})`;
      }
      case 'isNotNull': {
        const a = this.simple(this.value(c.a));
        return `(${a} === ${a})`;
      }
      case 'bit':
      case 'noBit': {
        const a = this.simple(this.value(c.a));
        return `(${a} === ${a} && ((${a} >>> ${c.bit}) & 1) === ${c.op === 'bit' ? 1 : 0})`;
      }
      case 'and':
      case 'or': {
        // Lazily: a part's statements run only when the parts before it did not decide.
        const v = this.local();
        const [first, ...rest] = c.args;
        this.emit(`let ${v} = ${this.cond(first as Cond)};`);
        let close = '';
        for (const arg of rest) {
          const next = this.block(() => this.cond(arg));
          this.emit(`if (${c.op === 'and' ? '' : '!'}${v}) {\n${next.code}\n${v} = ${next.result};`);
          close += '}';
        }
        this.emit(close);
        return v;
      }
      case 'ne': {
        const a = this.simple(this.value(c.a));
        const b = this.simple(this.value(c.b));
        return `(${a} === ${a} && ${b} === ${b} && ${a} !== ${b})`;
      }
      default: {
        const op = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===' }[c.op];
        return `(${this.value(c.a)} ${op} ${this.value(c.b)})`;
      }
    }
  }
}

/** Makes a function from generated text over the columns `c0, c1, ...` and the clock. */
function build<T>(gen: Generator, clock: TicketClock, params: string, body: string): T {
  const names = gen.columns.map((_, k) => `c${k}`);
  const factory = new Function(...names, 'clock', `'use strict';\nreturn function (${params}) {\n${body}\n};`) as (
    ...args: unknown[]
  ) => T;
  return factory(...gen.columns.map((c) => c.data), clock);
}

/**
 * `fill(out, n)`: the value of `e` for tickets 0 to n - 1, NaN where it has none.
 * @example
 * // b - a per ticket; a NaN (no value) gives NaN
 * const columns = { a: Float64Array.of(1, 2, NaN), b: Float64Array.of(5, 7, 9) };
 * const source = (name) => ({ data: columns[name], missing: 'nan' });
 * const out = new Float64Array(3);
 * compileFill(sub(ref('b'), ref('a')), source, { calendar: true, clock: CALENDAR })(out, 3);
 * out // Float64Array.of(4, 5, NaN)
 */
export function compileFill(
  e: Expr,
  source: ColumnSource,
  clock: CompileClock,
): (out: Float64Array, n: number) => void {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.value(e));
  return build(gen, clock.clock, 'out, n', `for (let t = 0; t < n; t++) {\n${code}\nout[t] = ${result};\n}`);
}

/** `value(t)`: the value of `e` for ticket t, NaN where it has none. */
export function compileValue(e: Expr, source: ColumnSource, clock: CompileClock): (t: number) => number {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.value(e));
  return build(gen, clock.clock, 't', `${code}\nreturn ${result};`);
}

/** `test(t)`: whether `c` holds for ticket t. */
export function compileTest(c: Cond, source: ColumnSource, clock: CompileClock): (t: number) => boolean {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.cond(c));
  return build(gen, clock.clock, 't', `${code}\nreturn ${result};`);
}

/**
 * A rate's tally step `add(acc, c, t)`: ticket t of cell c counts in `acc[2c]` (the denominator)
 * where `counted` holds, and also in `acc[2c + 1]` (the numerator) where `hit` holds too.
 */
export function compileRateStep(
  counted: Cond,
  hit: Cond,
  source: ColumnSource,
  clock: CompileClock,
): (acc: Int32Array, c: number, t: number) => void {
  const gen = new Generator(source, clock.calendar);
  const outer = gen.block(() => gen.cond(counted));
  const inner = gen.block(() => gen.cond(hit));
  return build(
    gen,
    clock.clock,
    'acc, c, t',
    `${outer.code}\nif (${outer.result}) {\nacc[2 * c]++;\n${inner.code}\nif (${inner.result}) acc[2 * c + 1]++;\n}`,
  );
}

/** A count's tally step: ticket t of cell c counts in `acc[c]` where `counted` holds. */
export function compileCountStep(
  counted: Cond,
  source: ColumnSource,
  clock: CompileClock,
): (acc: Int32Array, c: number, t: number) => void {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.cond(counted));
  return build(gen, clock.clock, 'acc, c, t', `${code}\nif (${result}) acc[c]++;`);
}

/** A total's tally step: a ticket with a value adds 1 to `acc[2c]` (n) and the value to `acc[2c + 1]` (sum). */
export function compileTotalStep(
  value: Expr,
  source: ColumnSource,
  clock: CompileClock,
): (acc: Float64Array, c: number, t: number) => void {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.value(value));
  return build(
    gen,
    clock.clock,
    'acc, c, t',
    `${code}\nconst value = ${result};\nif (value === value) {\nacc[2 * c] += 1;\nacc[2 * c + 1] += value;\n}`,
  );
}

/** Buckets of a whole-count histogram (cell-values.ts tally): values 0 .. HISTOGRAM_SIZE - 2, then an overflow. */
export const HISTOGRAM_SIZE = 64;

/**
 * A whole-count histogram's tally step: per cell c, `acc[c * (HISTOGRAM_SIZE + 2)]` holds the sum,
 * the next entry the largest value (NaN once a value is no whole number >= 0), then one count per
 * value (the last bucket every value from HISTOGRAM_SIZE - 1 on).
 */
export function compileHistogramStep(
  value: Expr,
  source: ColumnSource,
  clock: CompileClock,
): (acc: Float64Array, c: number, t: number) => void {
  const gen = new Generator(source, clock.calendar);
  const { code, result } = gen.block(() => gen.value(value));
  const width = HISTOGRAM_SIZE + 2;
  return build(
    gen,
    clock.clock,
    'acc, c, t',
    `${code}\nconst value = ${result};\nif (value === value) {\nconst base = c * ${width};\n` +
      `acc[base] += value;\nif (!(value >= 0 && value === Math.floor(value))) acc[base + 1] = NaN;\n` +
      `else if (value > acc[base + 1]) acc[base + 1] = value;\n` +
      `acc[base + 2 + (value < ${HISTOGRAM_SIZE - 1} ? value : ${HISTOGRAM_SIZE - 1})]++;\n}`,
  );
}
