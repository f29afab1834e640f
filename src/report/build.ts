/**
 * Builds the ticket report: groups tickets by the `--by` dimensions, cuts the window into periods,
 * and computes every metric per (period, group). Pure: the table and options in, the Report out.
 */
import { nextPeriodStart, periodLabel, periodStart, type PeriodUnit } from '../calendar/period.js';
import { formatInstant } from '../calendar/zone.js';
import { createTicketContext, describeClock } from '../metrics/context.js';
import { orderByValue } from '../metrics/order.js';
import { reconcileBusinessDurations, reconcileCalendarDurations } from '../metrics/reconciliation.js';
import { ticketMetricsFor } from '../metrics/index.js';
import { complaintMetrics } from '../metrics/complaints.js';
import { buildProcessSummary } from '../metrics/events/process.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import type { MetricDefinition, RowScope, TicketContext, TicketMetricOptions } from '../metrics/types.js';
import type { TicketTable } from '../model/ticket.js';
import type { ColumnSpec, InputAccounting, MetricValue, PeriodRef, Report, ReportRow } from './model.js';
import { SCHEMA_VERSION } from './model.js';

export interface TicketReportOptions extends TicketMetricOptions {
  /** Window bounds (epoch ms, half-open); null = from the first ticket / up to as-of. */
  since: number | null;
  until: number | null;
  timezone: string;
  inputTimezone: string;
  period: PeriodUnit | null;
  weekStart: 'monday' | 'sunday';
  /** Dimension names as the user gave them, and the table column each maps to. */
  by: readonly { name: string; key: string }[];
  compare: 'previous' | null;
  version: string;
}

/** Input accounting known before the report (the report adds used / outside_period). */
export type IngestAccounting = Omit<InputAccounting, 'used' | 'skipped'> & { skipped: Omit<InputAccounting['skipped'], 'outside_period'> };

const UNIT_SUFFIX = { minutes: 'min', hours: 'h' } as const;
const DURATION_FIGURES = ['n', 'mean', 'median', 'p90', 'p95', 'min', 'max'] as const;

/** The flattened columns of each metric, units in the names. */
export function columnSpecs(metrics: readonly MetricDefinition[]): ColumnSpec[] {
  const specs: ColumnSpec[] = [];
  for (const m of metrics) {
    const headline = new Set<string>(m.headline);
    if (m.kind === 'count') {
      specs.push({ key: m.id, metric: m.id, figure: 'value', label: m.label, headline: headline.has('value'), percent: false });
    } else if (m.kind === 'rate') {
      specs.push({ key: `${m.id}_pct`, metric: m.id, figure: 'value', label: `${m.label} %`, headline: headline.has('value'), percent: true });
      specs.push({ key: `${m.id}_num`, metric: m.id, figure: 'numerator', label: `${m.label} num`, headline: false, percent: false });
      specs.push({ key: `${m.id}_den`, metric: m.id, figure: 'denominator', label: `${m.label} den`, headline: false, percent: false });
    } else if (m.kind === 'total') {
      specs.push({ key: `${m.id}_n`, metric: m.id, figure: 'n', label: `${m.label} n`, headline: false, percent: false });
      specs.push({ key: `${m.id}_sum`, metric: m.id, figure: 'sum', label: `${m.label} sum`, headline: headline.has('sum'), percent: false });
      specs.push({ key: `${m.id}_mean`, metric: m.id, figure: 'mean', label: `${m.label} mean`, headline: headline.has('mean'), percent: false });
    } else {
      const suffix = UNIT_SUFFIX[m.unit ?? 'minutes'];
      for (const figure of DURATION_FIGURES) {
        const key = figure === 'n' ? `${m.id}_n` : `${m.id}_${figure}_${suffix}`;
        const label = figure === 'n' ? `${m.label} n` : `${m.label} ${figure} (${suffix})`;
        specs.push({ key, metric: m.id, figure, label, headline: headline.has(figure), percent: false });
      }
    }
  }
  return specs;
}

interface Bucket {
  start: number;
  end: number;
  ref: PeriodRef;
  /** The bucket a --compare previous row is compared with. */
  previous: { start: number; end: number; ref: PeriodRef };
}

function periodRef(label: string, start: number, end: number, zone: string): PeriodRef {
  return { label, start: formatInstant(start, zone), end: formatInstant(end, zone) };
}

function buckets(windowStart: number, windowEnd: number, options: TicketReportOptions): Bucket[] {
  const zone = options.timezone;
  if (options.period === null || !(windowEnd > windowStart)) {
    const length = Math.max(0, windowEnd - windowStart);
    return [{
      start: windowStart,
      end: windowEnd,
      ref: periodRef('all', windowStart, windowEnd, zone),
      previous: { start: windowStart - length, end: windowStart, ref: periodRef('previous', windowStart - length, windowStart, zone) },
    }];
  }
  const unit = options.period;
  const result: Bucket[] = [];
  for (let natural = periodStart(windowStart, unit, zone, options.weekStart); natural < windowEnd; ) {
    const next = nextPeriodStart(natural, unit, zone);
    const start = Math.max(natural, windowStart);
    const end = Math.min(next, windowEnd);
    const prevStart = periodStart(natural - 1, unit, zone, options.weekStart);
    result.push({
      start,
      end,
      ref: periodRef(periodLabel(natural, unit, zone, options.weekStart), start, end, zone),
      previous: { start: prevStart, end: natural, ref: periodRef(periodLabel(prevStart, unit, zone, options.weekStart), prevStart, natural, zone) },
    });
    natural = next;
  }
  return result;
}

interface Group {
  values: (string | null)[];
  /** Tickets of the group ascending by creation. */
  tickets: Int32Array;
}

function groupTickets(table: TicketTable, by: TicketReportOptions['by']): Group[] {
  const n = table.length;
  const created = table.instants.created;
  const columns = by.map((d) => table.dim(d.key));
  // A ticket's group key: its codes as the digits of one number (code k in base `radixes[k]`), exact
  // while the number of combinations stays within 2^53, else the codes joined as text.
  const radixes = columns.map((column) => (column ? column.dictionary.values.length : 1));
  const numeric = radixes.reduce((product, r) => product * r, 1) <= Number.MAX_SAFE_INTEGER;
  const ids = new Map<number | string, number>();
  const groupOf = new Int32Array(n);
  const values: (string | null)[][] = [];
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    let key: number | string = numeric ? 0 : '';
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k];
      const code = column ? (column.codes[i] as number) : 0;
      key = numeric ? (key as number) * (radixes[k] as number) + code : `${key}${code},`;
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = values.length;
      ids.set(key, id);
      values.push(columns.map((column) => (column ? column.dictionary.value(column.codes[i] as number) : null)));
      sizes.push(0);
    }
    groupOf[i] = id;
    sizes[id] = (sizes[id] as number) + 1;
  }
  const lists = sizes.map((size) => new Int32Array(size));
  const fill = new Int32Array(sizes.length);
  // Dealt in creation order, each group's list comes out sorted; with a NaN creation time, sorted after.
  const byCreated = orderByValue(created, n);
  for (let p = 0; p < n; p++) {
    const i = byCreated === null ? p : (byCreated[p] as number);
    const g = groupOf[i] as number;
    (lists[g] as Int32Array)[fill[g] as number] = i;
    fill[g] = (fill[g] as number) + 1;
  }
  const groups = values.map((v, g) => {
    const tickets = lists[g] as Int32Array;
    if (byCreated === null) tickets.sort((a, b) => (created[a] as number) - (created[b] as number) || a - b);
    return { values: v, tickets };
  });
  const text = (v: string | null) => v ?? '\uffff';
  groups.sort((a, b) => {
    for (let k = 0; k < a.values.length; k++) {
      const c = text(a.values[k] ?? null).localeCompare(text(b.values[k] ?? null), 'en');
      if (c !== 0) return c;
    }
    return 0;
  });
  return groups;
}

/** First index in `tickets` (ascending by creation) created at or after `at`. */
function lowerBound(tickets: Int32Array, created: Float64Array, at: number): number {
  let lo = 0;
  let hi = tickets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((created[tickets[mid] as number] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function computeMetrics(ctx: TicketContext, metricDefs: readonly MetricDefinition[], group: Group, start: number, end: number, unavailable: Map<string, string>): Record<string, MetricValue> {
  const created = ctx.table.instants.created;
  const cohort = group.tickets.subarray(lowerBound(group.tickets, created, start), lowerBound(group.tickets, created, end));
  const scope: RowScope = { start, end, groupTickets: group.tickets };
  const metrics: Record<string, MetricValue> = {};
  for (const m of metricDefs) {
    const reason = unavailable.get(m.id);
    metrics[m.id] = reason === undefined ? m.compute(ctx, cohort, scope) : { kind: 'unavailable', reason };
  }
  return metrics;
}

/** The latest instant in the table, rounded up to the next whole minute: the default as-of. */
export function latestInstant(table: TicketTable): number | null {
  let latest = -Infinity;
  for (const column of Object.values(table.instants)) {
    for (let i = 0; i < table.length; i++) {
      const v = column[i] as number;
      if (v > latest) latest = v;
    }
  }
  return latest === -Infinity ? null : Math.floor(latest / 60_000) * 60_000 + 60_000;
}

export function buildTicketReport(table: TicketTable, options: TicketReportOptions, ingest: IngestAccounting): Report {
  const ctx = createTicketContext(table, options);
  const created = table.instants.created;
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, created[i] as number);
  const windowStart = options.since ?? (first === Infinity ? options.asOf : first);
  const windowEnd = options.until ?? options.asOf;

  const inWindow: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (c >= windowStart && c < windowEnd) inWindow.push(i);
  }
  const used = inWindow.length;
  const windowTickets = Int32Array.from(inWindow);
  const process = buildProcessSummary(ctx, windowTickets);
  const reconciliation = { ...reconcileCalendarDurations(ctx, windowTickets), ...reconcileBusinessDurations(ctx, windowTickets) };

  const metricDefs = [...ticketMetricsFor(options), ...complaintMetrics(table)];
  const unavailable = new Map<string, string>();
  for (const m of metricDefs) {
    const reason = m.unavailable(ctx);
    if (reason !== null) unavailable.set(m.id, reason);
  }
  // A group appears when it has a ticket created in the window; its other tickets still feed backlog and repeats.
  // Without --by there is always one row per period, even an empty one.
  const all = groupTickets(table, options.by);
  const groups = options.by.length === 0 ? (all.length ? all : [{ values: [], tickets: new Int32Array(0) }]) : all.filter((g) => {
    const k = lowerBound(g.tickets, created, windowStart);
    return k < g.tickets.length && (created[g.tickets[k] as number] as number) < windowEnd;
  });
  const rows: ReportRow[] = [];
  for (const bucket of buckets(windowStart, windowEnd, options)) {
    for (const group of groups) {
      const row: ReportRow = {
        period: bucket.ref,
        group: Object.fromEntries(options.by.map((d, k) => [d.name, group.values[k] ?? null])),
        metrics: computeMetrics(ctx, metricDefs, group, bucket.start, bucket.end, unavailable),
      };
      if (options.compare === 'previous') {
        row.previous = { period: bucket.previous.ref, metrics: computeMetrics(ctx, metricDefs, group, bucket.previous.start, bucket.previous.end, unavailable) };
      }
      rows.push(row);
    }
  }

  const zone = options.timezone;
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: options.version },
    kind: 'tickets',
    window: {
      since: options.since === null ? null : formatInstant(options.since, zone),
      until: options.until === null ? null : formatInstant(options.until, zone),
      as_of: formatInstant(options.asOf, zone),
      timezone: zone,
      input_timezone: options.inputTimezone,
      period: options.period,
      week_start: options.weekStart,
      by: options.by.map((d) => d.name),
      compare: options.compare,
    },
    definitions: {
      metrics: Object.fromEntries(metricDefs.map((m) => [m.id, m.describe(options)])),
      fcr_variant: `fcr.${options.fcrVariant}`,
      resolution_rate_variant: options.resolutionRate,
      repeat_window_days: options.repeatWindowDays,
      repeat_same: options.repeatSame,
      sources: ctx.sources,
      quantile_method: QUANTILE_METHOD,
      clock: describeClock(options.clock),
    },
    input: {
      ...ingest,
      used,
      skipped: { ...ingest.skipped, outside_period: table.length - used },
    },
    columns: columnSpecs(metricDefs),
    rows,
    ...(Object.keys(reconciliation).length > 0 ? { reconciliation } : {}),
    ...(process === null ? {} : { process }),
  };
}
