/**
 * The fast engine's evaluation of metric definitions over a period's cells. A rule (metrics/types.ts)
 * is compiled once per context; rates, counts and totals are tallied over every cell in one pass in
 * creation order (cell-values.ts), durations gathered per cell the same way and summarized by rank
 * selection (summarize.ts). A metric without a rule computes each cell itself.
 */
import type { Expr } from '../derive/expr.js';
import { rate, statsFromHistogram, summarizeDurations, summarizeStats, type Buckets } from '../metrics/summarize.js';
import type { MetricDefinition, RowScope, TicketRule } from '../metrics/types.js';
import type { MetricValue } from '../metrics/values.js';
import { cellTally, type CellValues } from './cell-values.js';
import {
  compileCountStep,
  compileFill,
  compileHistogramStep,
  compileRateStep,
  compileTotalStep,
  compileValue,
  HISTOGRAM_SIZE,
} from './compile.js';
import type { TicketContext } from './context.js';

/** A rule made ready to evaluate over cohorts. */
type Prepared =
  | { kind: 'rate'; key: string; step: (acc: Int32Array, c: number, t: number) => void }
  | { kind: 'count'; key: string; step: (acc: Int32Array, c: number, t: number) => void }
  | { kind: 'total'; key: string; step: (acc: Float64Array, c: number, t: number) => void }
  | { kind: 'duration'; values: Float64Array; unit: 'minutes' | 'hours' }
  /** Whole counts: a histogram tally per cell, the values gathered only for a cell it cannot summarize. */
  | {
      kind: 'histogram';
      key: string;
      step: (acc: Float64Array, c: number, t: number) => void;
      value: (t: number) => number;
      cap: number;
    }
  /** Other numbers: gathered per cell, as durations are. */
  | { kind: 'stats'; values: Float64Array; buckets: Buckets; unit: string | undefined }
  /** A count of every ticket of the cohort: its size, no tally. */
  | { kind: 'size' }
  | { kind: 'custom' };

const prepared = new WeakMap<TicketContext, Map<string, Prepared>>();

/** The values of a duration rule by ticket: a derivation's own array when the rule reads one as it is. */
function durationValues(ctx: TicketContext, valueMs: Expr): Float64Array {
  if (valueMs.op === 'ref') {
    const column = ctx.column(valueMs.name);
    if (column.data instanceof Float64Array && column.missing === 'nan') return column.data;
  }
  const out = new Float64Array(ctx.table.length);
  compileFill(valueMs, (name) => ctx.column(name), ctx.compileClock)(out, ctx.table.length);
  return out;
}

function prepare(ctx: TicketContext, metric: MetricDefinition): Prepared {
  let byId = prepared.get(ctx);
  if (byId === undefined) prepared.set(ctx, (byId = new Map()));
  const known = byId.get(metric.id);
  if (known !== undefined) return known;
  const rule: TicketRule | null = metric.rule?.(ctx.options) ?? null;
  const source = (name: string) => ctx.column(name);
  let made: Prepared;
  if (rule === null) made = { kind: 'custom' };
  else if (rule.kind === 'rate')
    made = { kind: 'rate', key: metric.id, step: compileRateStep(rule.counted, rule.hit, source, ctx.compileClock) };
  else if (rule.kind === 'count' && rule.counted.op === 'true') made = { kind: 'size' };
  else if (rule.kind === 'count')
    made = { kind: 'count', key: metric.id, step: compileCountStep(rule.counted, source, ctx.compileClock) };
  else if (rule.kind === 'total')
    made = { kind: 'total', key: metric.id, step: compileTotalStep(rule.value, source, ctx.compileClock) };
  else if (rule.kind === 'stats' && rule.buckets.kind === 'whole')
    made = {
      kind: 'histogram',
      key: metric.id,
      step: compileHistogramStep(rule.value, source, ctx.compileClock),
      value: compileValue(rule.value, source, ctx.compileClock),
      cap: rule.buckets.cap,
    };
  else if (rule.kind === 'stats')
    made = { kind: 'stats', values: durationValues(ctx, rule.value), buckets: rule.buckets, unit: rule.unit };
  else made = { kind: 'duration', values: durationValues(ctx, rule.valueMs), unit: metric.unit ?? 'minutes' };
  byId.set(metric.id, made);
  return made;
}

/** Statistics of a per-ticket duration array over a cohort, skipping tickets without a value. */
export function durationOver(
  ctx: TicketContext,
  valuesMs: Float64Array,
  cohort: Int32Array,
  unit: 'minutes' | 'hours',
  cells?: CellValues,
): MetricValue {
  const scratch = ctx.scratchFor(cohort.length);
  // Gathered for every cell of the period at once when the report laid them out (cell-values.ts).
  let k = cells?.valuesOver(valuesMs, cohort, scratch) ?? -1;
  if (k < 0) {
    k = 0;
    for (let j = 0; j < cohort.length; j++) {
      const v = valuesMs[cohort[j] as number] as number;
      if (!Number.isNaN(v)) scratch[k++] = v;
    }
  }
  return summarizeDurations(scratch.subarray(0, k), unit);
}

/**
 * The value of `metric` over `cohort` (one of `ctx.cells`' cells when laid out, else alone).
 * @example
 * // A rate rule over four tickets' agent reply counts (-1: unknown, out of the denominator): of the three
 * // known, two have at most 1 reply. The context gives the compiled rule its columns.
 * const replies = Int32Array.of(1, 3, -1, 0);
 * const ctx = {
 *   table: { length: 4 },
 *   options,
 *   compileClock: { calendar: true, clock: CALENDAR },
 *   column: () => ({ data: replies, missing: 'negative' }),
 * };
 * const counted = isNotNull(ref('agent_replies'));
 * const oneTouch = { id: 'one_touch', rule: () => ({ kind: 'rate', counted, hit: le(ref('agent_replies'), num(1)) }) };
 * const all = Int32Array.of(0, 1, 2, 3);
 * evaluateMetric(ctx, oneTouch, all, { start: 0, end: DAY, groupTickets: all })
 * // { kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 }
 */
export function evaluateMetric(
  ctx: TicketContext,
  metric: MetricDefinition,
  cohort: Int32Array,
  scope: RowScope,
): MetricValue {
  const p = prepare(ctx, metric);
  switch (p.kind) {
    case 'rate': {
      const { acc, cell } = cellTally(ctx.cells, p.key, cohort, (cells) => new Int32Array(2 * cells), p.step);
      return rate(acc[2 * cell + 1] as number, acc[2 * cell] as number);
    }
    case 'count': {
      const { acc, cell } = cellTally(ctx.cells, p.key, cohort, (cells) => new Int32Array(cells), p.step);
      return { kind: 'count', value: acc[cell] as number };
    }
    case 'total': {
      const { acc, cell } = cellTally(ctx.cells, p.key, cohort, (cells) => new Float64Array(2 * cells), p.step);
      const n = acc[2 * cell] as number;
      const sum = acc[2 * cell + 1] as number;
      return { kind: 'total', n, sum, mean: n === 0 ? null : sum / n };
    }
    case 'duration':
      return durationOver(ctx, p.values, cohort, p.unit, ctx.cells);
    case 'histogram': {
      const width = HISTOGRAM_SIZE + 2;
      const { acc, cell } = cellTally(ctx.cells, p.key, cohort, (cells) => new Float64Array(width * cells), p.step);
      const base = cell * width;
      const max = acc[base + 1] as number;
      const tallied = Number.isNaN(max)
        ? null
        : statsFromHistogram(acc, base + 2, HISTOGRAM_SIZE, acc[base] as number, max, p.cap);
      if (tallied !== null) return tallied;
      // Large or fractional values: the cell's values gathered and summarized.
      const scratch = ctx.scratchFor(cohort.length);
      let k = 0;
      for (let j = 0; j < cohort.length; j++) {
        const v = p.value(cohort[j] as number);
        if (!Number.isNaN(v)) scratch[k++] = v;
      }
      return summarizeStats(scratch.subarray(0, k), { kind: 'whole', cap: p.cap });
    }
    case 'stats': {
      const scratch = ctx.scratchFor(cohort.length);
      let k = ctx.cells?.valuesOver(p.values, cohort, scratch) ?? -1;
      if (k < 0) {
        k = 0;
        for (let j = 0; j < cohort.length; j++) {
          const v = p.values[cohort[j] as number] as number;
          if (!Number.isNaN(v)) scratch[k++] = v;
        }
      }
      return summarizeStats(scratch.subarray(0, k), p.buckets, p.unit);
    }
    case 'size':
      return { kind: 'count', value: cohort.length };
    case 'custom':
      if (metric.compute === undefined) throw new Error(`metric ${metric.id} has neither a rule nor a compute`);
      return metric.compute(ctx, cohort, scope);
  }
}
