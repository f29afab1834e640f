import { quantileSorted } from 'simple-statistics';
import type { DurationField } from '../model/ticket.js';
import { add, isNotNull, lt, num, ref, sub, when, type Expr } from '../derive/expr.js';
import { firstResolutionOf, lastResolutionOf } from '../derive/resolution.js';
import type { DeriveOptions } from '../derive/types.js';
import type { MetricContext } from './types.js';

/**
 * Our figure beside the export's own for one duration metric, in minutes, over the tickets created in
 * the report window that have both. With a business clock: ours recomputed from timestamps on the
 * run's schedule, theirs from the export's business-hours column (the vendor's schedule). With a
 * calendar clock: ours from timestamps alone, theirs from the export's calendar duration column.
 * Medians follow `definitions.quantile_method`; every figure is null when n is 0.
 */
export interface DurationReconciliation {
  /** The export column compared with, as a ticket field: `first_reply_business_duration`. */
  theirs: string;
  /** Tickets with both values. */
  n: number;
  ours_median_min: number | null;
  theirs_median_min: number | null;
  /** Median over tickets of |ours - theirs|. */
  median_abs_diff_min: number | null;
  /** Share (0..1) of the n tickets where |ours - theirs| <= 1 minute. */
  within_1_min: number | null;
}

const MINUTE_MS = 60_000;
/** Zendesk writes whole minutes; a difference up to one minute is rounding, not disagreement. */
const AGREE_WITHIN_MS = MINUTE_MS;

type ComparedMetric = 'frt' | 'resolution_first' | 'resolution_full';

const COMPARED: readonly { metric: ComparedMetric; theirs: DurationField }[] = [
  { metric: 'frt', theirs: 'first_reply_business_duration' },
  { metric: 'resolution_first', theirs: 'first_resolution_business_duration' },
  { metric: 'resolution_full', theirs: 'full_resolution_business_duration' },
];

const COMPARED_CALENDAR: readonly { metric: ComparedMetric; theirs: DurationField }[] = [
  { metric: 'frt', theirs: 'first_reply_duration' },
  { metric: 'resolution_first', theirs: 'first_resolution_duration' },
  { metric: 'resolution_full', theirs: 'full_resolution_duration' },
];

/** The instant each compared duration ends at, by the timestamps alone, under the run's resolution instant. */
const stampOf = (metric: ComparedMetric, options: Pick<DeriveOptions, 'resolutionInstant'>): Expr =>
  metric === 'frt'
    ? ref('first_reply')
    : metric === 'resolution_first'
      ? firstResolutionOf(options)
      : lastResolutionOf(options);

/** The derivation of each compared duration. */
const DERIVED: Readonly<Record<ComparedMetric, string>> = {
  frt: 'frt_ms',
  resolution_first: 'resolution_first_ms',
  resolution_full: 'resolution_full_ms',
};

const medianMinutes = (valuesMs: Float64Array): number | null =>
  valuesMs.length === 0 ? null : quantileSorted(valuesMs.sort() as unknown as number[], 0.5) / MINUTE_MS;

/**
 * n, medians, median |difference| and share within a minute over tickets having both values (ours
 * and theirs of ticket t in ms, NaN for none: computed per ticket, not kept for the whole table).
 * The three medians are taken in turn in `scratch` (at least as long as `tickets`).
 */
function compare(
  theirs: DurationField,
  oursMs: (t: number) => number,
  theirsMs: (t: number) => number,
  tickets: Int32Array,
  scratch: Float64Array,
): DurationReconciliation {
  const medianOf = (value: (x: number, y: number) => number): number | null => {
    let n = 0;
    for (let j = 0; j < tickets.length; j++) {
      const t = tickets[j] as number;
      const x = oursMs(t);
      const y = theirsMs(t);
      if (!Number.isNaN(x) && !Number.isNaN(y)) scratch[n++] = value(x, y);
    }
    return medianMinutes(scratch.subarray(0, n));
  };
  let n = 0;
  let within = 0;
  for (let j = 0; j < tickets.length; j++) {
    const t = tickets[j] as number;
    const x = oursMs(t);
    const y = theirsMs(t);
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (Math.abs(x - y) <= AGREE_WITHIN_MS) within++;
    n++;
  }
  return {
    theirs,
    n,
    ours_median_min: medianOf((x) => x),
    theirs_median_min: medianOf((_, y) => y),
    median_abs_diff_min: medianOf((x, y) => Math.abs(x - y)),
    within_1_min: n === 0 ? null : within / n,
  };
}

/**
 * Our business-hours durations beside the export's business-hours columns: for each duration whose
 * column is mapped, over the tickets `tickets()` gives (asked only then) having both values, n, the
 * two medians, the median absolute difference (minutes) and the share of tickets within 1 minute.
 * Empty with a calendar clock (ours would not be business time). Pure, but for the context's
 * scratch buffer (the medians are taken there).
 *
 * @example
 * // ours 60 and 130 min, theirs 60 and 120 min -> n 2, ours_median_min 95, theirs_median_min 90,
 * // median_abs_diff_min 5 (of 0 and 10), within_1_min 0.5. (The reference context counts calendar time,
 * // as a schedule open around the clock would.)
 * const business = { ...options, clock: { kind: 'business', schedules: [], by: null } };
 * const ctx = referenceContext([
 *   { created: 0, first_reply: 60 * MIN, first_reply_business_duration: 60 * MIN },
 *   { created: 0, first_reply: 130 * MIN, first_reply_business_duration: 120 * MIN },
 * ], business);
 * reconcileBusinessDurations(ctx, () => Int32Array.of(0, 1))
 * // { frt: { theirs: 'first_reply_business_duration', n: 2, ours_median_min: 95, theirs_median_min: 90,
 * //   median_abs_diff_min: 5, within_1_min: 0.5 } }
 */
export function reconcileBusinessDurations(
  ctx: MetricContext,
  tickets: () => Int32Array,
): Record<string, DurationReconciliation> {
  const out: Record<string, DurationReconciliation> = {};
  if (ctx.options.clock?.kind !== 'business') return out;
  for (const { metric, theirs } of COMPARED) {
    if (!ctx.table.present.has(theirs)) continue;
    const theirsMs = ctx.table.durations[theirs];
    const list = tickets();
    // Our business duration where the timestamp is there (else it came from the vendor's column).
    const ours = ctx.valueOf(when(isNotNull(stampOf(metric, ctx.options)), ref(DERIVED[metric])));
    out[metric] = compare(theirs, ours, (t) => theirsMs[t] as number, list, ctx.scratchFor(list.length));
  }
  return out;
}

/**
 * The calendar counterpart: with a calendar clock, each duration computed from timestamps alone
 * (first reply - created; solved, else closed - created; first solved, else the last resolution of a
 * never-reopened ticket - created) beside the export's calendar duration column (Zendesk `... in
 * minutes`), for each metric where both are mapped. Whichever of the two the report used, this shows
 * how far apart they are. Events at or after as-of count as not happened, on both sides, as in the
 * report. Empty with a business clock (see reconcileBusinessDurations). Pure, but for the context's
 * scratch buffer.
 *
 * @example
 * // created 09:00, solved 11:00, export full resolution 119 min -> resolution_full: n 1,
 * // ours_median_min 120, theirs_median_min 119, median_abs_diff_min 1, within_1_min 1
 * const ticket = { created: 9 * HOUR, solved: 11 * HOUR, full_resolution_duration: 119 * MIN };
 * const ctx = referenceContext([ticket], options);
 * reconcileCalendarDurations(ctx, () => Int32Array.of(0))
 * // { resolution_full: { theirs: 'full_resolution_duration', n: 1, ours_median_min: 120, theirs_median_min: 119,
 * //   median_abs_diff_min: 1, within_1_min: 1 } }
 */
export function reconcileCalendarDurations(
  ctx: MetricContext,
  tickets: () => Int32Array,
): Record<string, DurationReconciliation> {
  const out: Record<string, DurationReconciliation> = {};
  const { table, options } = ctx;
  if (options.clock !== undefined && options.clock.kind !== 'calendar') return out;
  const wanted = calendarReconciliations(table.present, options);
  if (wanted.length === 0) return out;
  const created = table.instants.created;
  const asOf = options.asOf;
  for (const { metric, theirs, ours: oursExpr } of wanted) {
    const column = table.durations[theirs];
    const ours = ctx.valueOf(oursExpr);
    const happenedTheirs = (i: number) => {
      const d = column[i] as number;
      return (created[i] as number) + d < asOf ? d : NaN;
    };
    const list = tickets();
    out[metric] = compare(theirs, ours, happenedTheirs, list, ctx.scratchFor(list.length));
  }
  return out;
}

/** One duration compared on the calendar clock: its metric, the export's column, and ours as an expression. */
export interface CalendarReconciliation {
  readonly metric: ComparedMetric;
  /** The export's calendar duration (a ticket field, ms). */
  readonly theirs: DurationField;
  /** Ours: the span from creation to the instant it ends at by the timestamps, if that is before as-of. */
  readonly ours: Expr;
  /** Theirs as the report counts it: the export's duration, if creation plus it is before as-of. */
  readonly theirsBeforeAsOf: Expr;
}

/**
 * The durations reconcileCalendarDurations compares for the fields `present` (each whose export column
 * and timestamps are both there), with ours and theirs as expressions: what the JS engine computes per
 * ticket, and the SQL engine writes as SQL (sql/statement.ts reconciliationStatement).
 * @example calendarReconciliations(new Set(['created', 'solved', 'full_resolution_duration']), options).map((c) => c.metric)
 * // ['resolution_full']
 */
export function calendarReconciliations(
  present: ReadonlySet<string>,
  options: Pick<DeriveOptions, 'resolutionInstant'> & { asOf: number },
): CalendarReconciliation[] {
  const has = (f: string) => present.has(f);
  const stampsPresent: Record<ComparedMetric, boolean> = {
    frt: has('first_reply'),
    resolution_first: has('first_solved') || has('solved') || has('closed'),
    resolution_full: has('solved') || has('closed'),
  };
  return COMPARED_CALENDAR.filter((c) => present.has(c.theirs) && stampsPresent[c.metric]).map(({ metric, theirs }) => {
    // When the event happened by the timestamps; then the span from creation, if before as-of.
    const stamp = stampOf(metric, options);
    return {
      metric,
      theirs,
      ours: when(lt(stamp, num(options.asOf)), sub(stamp, ref('created'))),
      theirsBeforeAsOf: when(lt(add(ref('created'), ref(theirs)), num(options.asOf)), ref(theirs)),
    };
  });
}
