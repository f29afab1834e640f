/**
 * What a metric is. Most metrics are declarative: a rule per ticket of the cohort (the tickets
 * created in the row's period and group), in the expression language of derive/expr.ts, which every
 * engine evaluates (the fast engine compiles it, the reference interpreter and the SQL emitter read
 * it). A rule is one of
 * - rate: per ticket, counted in the denominator only, in the numerator too, or not counted;
 * - duration: a value per ticket (ms), statistics over those with one;
 * - total: a number per ticket, its count, sum and mean over those with one;
 * - count: the tickets a condition holds for.
 * A metric that looks across tickets of several cohorts (the backlog, throughput, distinct
 * customers) computes its cell itself instead (`compute`).
 */
import type { Cond, Expr, Ref } from '../derive/expr.js';
import type { DeriveOptions } from '../derive/types.js';
import type { Tickets } from '../model/ticket.js';
import type { Buckets } from './summarize.js';
import type { MetricValue } from './values.js';

export { CALENDAR_CLOCK, isBusinessClock, type Clock, type NamedSchedule } from '../derive/types.js';

/** A configured metric (config `metrics:`, see custom.ts). */
export type CustomUnit = 'number' | 'seconds' | 'minutes' | 'hours' | 'days';

export interface CustomMetricSpec {
  /** The metric's id (report column prefix, check name). */
  id: string;
  /** The header of the column the values come from. */
  column: string;
  /** The column's unit. */
  unit: CustomUnit;
  /** The figures shown as headline (tables, --compare). */
  stat: readonly string[];
  /** A label for tables (default: the id). */
  label?: string | undefined;
}

export type FcrVariant = 'one_touch_no_reopen' | 'no_customer_followup' | 'no_repeat';
export type ResolutionRateVariant = 'cohort' | 'throughput';

export interface TicketMetricOptions extends DeriveOptions {
  fcrVariant: FcrVariant;
  resolutionRate: ResolutionRateVariant;
  /** The config's own numeric metrics (`metrics:`), each read from a column of the input. */
  custom?: readonly CustomMetricSpec[] | undefined;
}

/** Per ticket of the cohort: in the denominator where `counted` holds, in the numerator where `hit` holds too. */
export interface RateRule {
  readonly kind: 'rate';
  readonly counted: Cond;
  readonly hit: Cond;
}

/** Per ticket of the cohort: a duration in ms (null: left out of n). */
export interface DurationRule {
  readonly kind: 'duration';
  readonly valueMs: Expr;
}

/** Per ticket of the cohort: a number (null: left out of n); n, sum and mean. */
export interface TotalRule {
  readonly kind: 'total';
  readonly value: Expr;
}

/** The tickets of the cohort `counted` holds for. */
export interface CountRule {
  readonly kind: 'count';
  readonly counted: Cond;
}

/**
 * Per ticket of the cohort: a number (null: left out of n); n, sum, mean, the order statistics and
 * the distribution over `buckets` (a TotalValue with `stats`). Whole counts >= 0 (`buckets.kind`
 * `whole`) are tallied into a histogram, the other values gathered.
 */
export interface StatsRule {
  readonly kind: 'stats';
  readonly value: Expr;
  readonly buckets: Buckets;
  /** The values' unit, stated in the value (`days`, `hours`); none for counts. */
  readonly unit?: string;
}

export type TicketRule = RateRule | DurationRule | TotalRule | CountRule | StatsRule;

/**
 * What a metric that looks across cohorts counts, for engines that cannot run its `compute` (the
 * SQL path): the group's tickets open at the period's end (a count, or their age as a duration),
 * the group's tickets resolved in the period over the cohort (a rate), or the cohort's distinct
 * values of a field, those with a ticket the condition holds for over all (a rate).
 */
export type AcrossRule =
  | { readonly kind: 'open_at_end'; readonly figure: 'count' | 'age' }
  | { readonly kind: 'resolved_in_period' }
  | { readonly kind: 'distinct'; readonly key: Ref; readonly hit: Cond };

/** What metrics read besides their rule: for `unavailable` and for the cells they compute themselves. */
export interface MetricContext {
  readonly table: Tickets;
  readonly options: TicketMetricOptions;
  /** `resolved_at` by ticket (NaN: not resolved before as-of). */
  readonly resolvedAt: Float64Array;
  /** An instant or duration derivation by ticket (NaN: none), made once per context. */
  derived(name: Ref): Float64Array;
  /** The value of an expression for a ticket (NaN: none), compiled once per call: no array is made. */
  valueOf(e: Expr): (ticket: number) => number;
  /** A flag derivation (1 or 0) by ticket, made once per context. */
  flag(name: Ref): Uint8Array;
  /**
   * Time elapsed for ticket `ticket` between two instants on the run's clock (calendar, or the
   * ticket's business-hours schedule), ms; NaN when either instant is NaN.
   */
  elapsedMs(ticket: number, startMs: number, endMs: number): number;
  /** A scratch buffer of at least `size` values (one buffer, reused: valid until the next call). */
  scratchFor(size: number): Float64Array;
  /** How each duration was obtained, for the report's definitions. */
  readonly sources: Record<string, string>;
  /**
   * Ticket indices ascending by creation, ties in index order, when the context has made them (the
   * fast engine's does; null or absent otherwise).
   */
  readonly createdOrder?: Int32Array | null;
}

/** The part of the report a row covers. */
export interface RowScope {
  /** Period bounds, epoch ms, half-open. */
  start: number;
  end: number;
  /** Every ticket of the row's group (any creation date), ascending by creation. */
  groupTickets: Int32Array;
  /**
   * Work the metrics of one row share (one pass for several metrics), by name; a report makes one per
   * row (and per --compare previous row). Without it each metric computes alone.
   */
  shared?: Map<string, unknown>;
}

/** Evaluates a metric over a cohort, as the engine does for the report's cells. */
export type Evaluate = (metric: MetricDefinition, cohort: Int32Array, scope: RowScope) => MetricValue;

export interface MetricDefinition {
  id: string;
  kind: 'duration' | 'rate' | 'count' | 'total';
  /** A total that states its order statistics and distribution too (see TotalValue). */
  stats?: boolean;
  unit?: 'minutes' | 'hours';
  /** Figures shown in compact tables and compared with --compare. */
  headline: readonly ('value' | 'n' | 'median' | 'p90' | 'p95' | 'min' | 'max' | 'sum' | 'mean')[];
  /** Human label: "First reply time". */
  label: string;
  /** The definition as used with these options (stated in every report). */
  describe(options: TicketMetricOptions): string;
  /** Why it cannot be computed from this input, or null. */
  unavailable(ctx: MetricContext): string | null;
  /** The per-ticket rule with these options; null (or absent): the metric computes its cells itself. */
  rule?(options: TicketMetricOptions): TicketRule | null;
  /** The value over `cohort` (tickets created in the row's period and group), for metrics without a rule. */
  compute?(ctx: MetricContext, cohort: Int32Array, scope: RowScope): MetricValue;
  /** What `compute` counts, declared, for the SQL path (metrics without a rule). */
  across?(options: TicketMetricOptions): AcrossRule | null;
}
