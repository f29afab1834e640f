/**
 * Builds the ticket report: groups tickets by the `--by` dimensions, cuts the window into periods,
 * and computes every metric per (period, group). Pure: the table and options in, the Report out.
 */
import { CellValues, type CellMemory } from '../engine/cell-values.js';
import { createTicketContext, describeClock, type TicketContext } from '../engine/context.js';
import { evaluateMetric } from '../engine/evaluate.js';
import { reconcileBusinessDurations, reconcileCalendarDurations } from '../metrics/reconciliation.js';
import { ticketMetricsFor } from '../metrics/index.js';
import { complaintMetrics } from '../metrics/complaints.js';
import { buildProcessSummary } from '../metrics/events/process.js';
import { eventLogReason } from '../metrics/events/common.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import type { MetricDefinition, RowScope, TicketMetricOptions } from '../metrics/types.js';
import type { TicketTable } from '../engine/ticket-table.js';
import type { EngineOptions } from '../engine/options.js';
import type { InputAccounting, MetricValue, Report, ReportRow, ReportTotals } from './model.js';
import { ticketAssumptions, type TicketIngestFacts } from './ticket-assumptions.js';

export type { TicketIngestFacts } from './ticket-assumptions.js';
import { SCHEMA_VERSION } from './model.js';
import { columnSpecs } from './columns.js';

export { columnSpecs } from './columns.js';
import {
  lowerBound,
  periodBuckets,
  reportWindow,
  windowGroups,
  type Bucket,
  type Group,
  type ReportSlicing,
} from './slicing.js';

/** The metric options plus the report's window and slicing (see ReportSlicing). */
export interface TicketReportOptions extends TicketMetricOptions, ReportSlicing {
  /** The engine's switches (the repeat-contact thread); DEFAULT_ENGINE's when absent. */
  engine?: EngineOptions | undefined;
  /** Whether a flag or the config chose `resolutionInstant` (else it is the default). */
  resolutionInstantGiven?: boolean | undefined;
}

/** Input accounting known before the report (the report adds used / outside_period). */
export type IngestAccounting = Omit<InputAccounting, 'used' | 'skipped'> & {
  skipped: Omit<InputAccounting['skipped'], 'outside_period'>;
};

/** One (period, group) cell of the report: the group's tickets created in the period, and its scope. */
interface Cell {
  cohort: Int32Array;
  scope: RowScope;
  group: Group;
}

function cellOf(ctx: TicketContext, group: Group, start: number, end: number): Cell {
  const created = ctx.table.instants.created;
  const cohort = group.members.subarray(
    lowerBound(group.members, created, start),
    lowerBound(group.members, created, end),
  );
  return { cohort, scope: { start, end, groupTickets: group.members, shared: new Map() }, group };
}

const size = (cell: Cell) => cell.cohort.length + cell.scope.groupTickets.length;

/** One more than the highest group number of the cells (tickets of higher numbers are in no cell). */
const groupCount = (cells: readonly Cell[]): number =>
  cells.reduce((most, cell) => Math.max(most, (cell.group.number ?? -1) + 1), 0);

/**
 * Every metric of every cell (one period's), in metric order within a cell. Computed metric by metric:
 * a metric reads a few per-ticket arrays, which then stay in the CPU cache from one cell to the next
 * (cell by cell, every array would be read again from memory for each cell).
 */
function computeCells(
  ctx: TicketContext,
  metricDefs: readonly MetricDefinition[],
  cells: readonly Cell[],
  unavailable: Map<string, string>,
  memory?: CellMemory,
): Record<string, MetricValue>[] {
  const results = cells.map((): Record<string, MetricValue> => ({}));
  // Smaller cells first: a metric's first calls then run quickly through all of its code, so the
  // JavaScript engine has seen every part of it before it compiles it for the big cells.
  const bySize = cells.map((_, c) => c).sort((a, b) => size(cells[a] as Cell) - size(cells[b] as Cell) || a - b);
  // Per-ticket arrays gathered over all cells in one pass (cell-values.ts), when the groups are numbered.
  const numbers = cells[0]?.group.numbers;
  ctx.cells =
    numbers === undefined
      ? undefined
      : CellValues.of(
          cells.map(({ cohort, scope, group }) => ({
            cohort,
            start: scope.start,
            end: scope.end,
            group: group.numbers === numbers ? (group.number ?? -1) : -1,
          })),
          numbers,
          groupCount(cells),
          ctx.table.instants.created,
          ctx.createdOrder,
          memory,
        );
  try {
    for (const m of metricDefs) {
      const reason = unavailable.get(m.id);
      for (const c of bySize) {
        const { cohort, scope } = cells[c] as Cell;
        (results[c] as Record<string, MetricValue>)[m.id] =
          reason === undefined ? evaluateMetric(ctx, m, cohort, scope) : { kind: 'unavailable', reason };
      }
    }
  } finally {
    ctx.cells = undefined;
  }
  return results;
}

/** The latest instant in the table, rounded up to the next whole minute: the default as-of. */
export function latestInstant(table: TicketTable): number | null {
  let latest = -Infinity;
  // Unmapped fields share one column of "missing", which is not read; each other column once.
  for (const column of new Set(Object.values(table.instants)))
    if (!table.isMissingColumn(column)) latest = Math.max(latest, largest(column, table.length));
  return latest === -Infinity ? null : Math.floor(latest / 60_000) * 60_000 + 60_000;
}

/** The largest of `column[0, n)`, NaN skipped; -Infinity if none. */
function largest(column: Float64Array, n: number): number {
  let latest = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = column[i] as number;
    if (v > latest) latest = v;
  }
  return latest;
}

/** How `check` builds its reports: one context for every grouping, only the metrics its checks judge. */
export interface PartialBuild {
  /** A context made by createTicketContext for this table and these options (it does not depend on `by`). */
  context?: TicketContext;
  /**
   * Only these metrics, by id, in the rows, columns and definitions; the reconciliation and process
   * sections are left out. Undefined: the whole report.
   */
  only?: ReadonlySet<string>;
  /** What ingest knows for the `assumptions` section; without it the report has none. */
  facts?: TicketIngestFacts | undefined;
}

export function buildTicketReport(
  table: TicketTable,
  options: TicketReportOptions,
  ingest: IngestAccounting,
  partial: PartialBuild = {},
): Report {
  const ctx = partial.context ?? createTicketContext(table, options, options.engine);
  const only = partial.only;
  const created = table.instants.created;
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, created[i] as number);
  const windowStart = options.since ?? (first === Infinity ? options.asOf : first);
  const windowEnd = options.until ?? options.asOf;

  let used = 0;
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (c >= windowStart && c < windowEnd) used++;
  }
  // The window's tickets, made when a section asks for them (an event log's process summary, a
  // reconciliation): 4 bytes a ticket that most reports do without.
  let inWindow: Int32Array | undefined;
  const windowTickets = (): Int32Array => {
    if (inWindow === undefined) {
      inWindow = new Int32Array(used);
      for (let i = 0, k = 0; k < used; i++) {
        const c = created[i] as number;
        if (c >= windowStart && c < windowEnd) inWindow[k++] = i;
      }
    }
    return inWindow;
  };
  const process = only === undefined ? buildProcessSummary(ctx, windowTickets) : null;
  const reconciliation =
    only === undefined
      ? { ...reconcileCalendarDurations(ctx, windowTickets), ...reconcileBusinessDurations(ctx, windowTickets) }
      : {};

  const metricDefs = [...ticketMetricsFor(options), ...complaintMetrics(table)].filter(
    (m) => only === undefined || only.has(m.id),
  );
  const unavailable = new Map<string, string>();
  for (const m of metricDefs) {
    const reason = eventLogReason(ctx, m.id, m.unavailable(ctx));
    if (reason !== null) unavailable.set(m.id, reason);
  }
  const groups = windowGroups(table, options.by, windowStart, windowEnd, ctx.createdOrder);
  // The cells' values and tickets' cells in the spare memory's buffers when there are (else per period).
  const spareRuns = table.spare?.take('cellValues', 8 * table.length);
  const spareCells = table.spare?.take('cellOf', 4 * table.length);
  const cellMemory = {
    runs: spareRuns === undefined ? undefined : new Float64Array(spareRuns, 0, table.length),
    cellOf: spareCells === undefined ? undefined : new Int32Array(spareCells, 0, table.length),
  };
  // The spare memory's arrays are made (REPORT_SPARE): what is left of it is let go.
  table.spare = undefined;
  const compare = options.compare === 'previous';
  const rows: ReportRow[] = [];
  for (const bucket of periodBuckets(windowStart, windowEnd, options)) {
    // The period's cells, group by group: the row's, then (with --compare previous) the previous period's.
    const cells: Cell[] = [];
    for (const group of groups) {
      cells.push(cellOf(ctx, group, bucket.start, bucket.end));
      if (compare) cells.push(cellOf(ctx, group, bucket.previous.start, bucket.previous.end));
    }
    const metrics = computeCells(ctx, metricDefs, cells, unavailable, cellMemory);
    let c = 0;
    for (const group of groups) {
      const row: ReportRow = {
        period: bucket.ref,
        group: Object.fromEntries(options.by.map((d, k) => [d.name, group.values[k] ?? null])),
        metrics: metrics[c++] as Record<string, MetricValue>,
      };
      if (compare) row.previous = { period: bucket.previous.ref, metrics: metrics[c++] as Record<string, MetricValue> };
      rows.push(row);
    }
  }

  const totals =
    options.totals === true && only === undefined
      ? ticketTotals(ctx, metricDefs, unavailable, cellMemory, { windowStart, windowEnd, first, options, groups, rows })
      : undefined;

  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: options.version },
    kind: 'tickets',
    window: reportWindow(options),
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
    ...(partial.facts === undefined
      ? {}
      : { assumptions: ticketAssumptions(ctx, options, partial.facts, ingest, windowStart, windowEnd) }),
    columns: columnSpecs(metricDefs),
    rows,
    ...(Object.keys(reconciliation).length > 0 ? { reconciliation } : {}),
    ...(process === null ? {} : { process }),
    ...(totals === undefined ? {} : { totals }),
  };
}

/** What `ticketTotals` cuts: the window, the report's options, groups and rows. */
interface TotalsScope {
  windowStart: number;
  windowEnd: number;
  /** The earliest creation instant of the table. */
  first: number;
  options: TicketReportOptions;
  groups: readonly Group[];
  rows: readonly ReportRow[];
}

/**
 * `Report.totals`: the whole window over every group with the window before it, and with both
 * `--period` and `--by` each period over every group and each group over the window. A total the
 * rows already hold (no --period and no --by: the one row) is taken from them, not computed again.
 */
function ticketTotals(
  ctx: TicketContext,
  metricDefs: readonly MetricDefinition[],
  unavailable: Map<string, string>,
  memory: CellMemory,
  scope: TotalsScope,
): ReportTotals {
  const { windowStart, windowEnd, first: earliest, options, groups, rows } = scope;
  const compute = (cells: Cell[]) => computeCells(ctx, metricDefs, cells, unavailable, memory);
  const grouped = options.by.length > 0;
  const [whole] = periodBuckets(windowStart, windowEnd, { ...options, period: null }) as [Bucket];
  const all = grouped ? windowGroups(ctx.table, [], windowStart, windowEnd, ctx.createdOrder)[0] : groups[0];
  if (all === undefined) throw new Error('windowGroups gives one group without --by');
  const first = rows[0];
  let window: ReportRow;
  if (!grouped && options.period === null && first?.previous !== undefined) {
    window = first;
  } else {
    // No ticket before the window (no --since): the window before it is empty, and every figure of
    // it is that of no tickets; its cell over no tickets saves a pass over the table.
    const none: Group = { values: [], members: new Int32Array(0) };
    const beforeCell = cellOf(ctx, earliest >= whole.start ? none : all, whole.previous.start, whole.previous.end);
    // No --period and no --by: the one row is the window over every group, computed already.
    const [now, before] = (
      !grouped && options.period === null && first !== undefined
        ? [first.metrics, ...compute([beforeCell])]
        : compute([cellOf(ctx, all, whole.start, whole.end), beforeCell])
    ) as [Record<string, MetricValue>, Record<string, MetricValue>];
    window = { period: whole.ref, group: {}, metrics: now, previous: { period: whole.previous.ref, metrics: before } };
  }
  if (!grouped || options.period === null) return { window };
  const buckets = periodBuckets(windowStart, windowEnd, options);
  const periods = compute(buckets.map((b) => cellOf(ctx, all, b.start, b.end))).map(
    (metrics, k): ReportRow => ({ period: (buckets[k] as Bucket).ref, group: {}, metrics }),
  );
  const byGroup = compute(groups.map((g) => cellOf(ctx, g, whole.start, whole.end))).map(
    (metrics, k): ReportRow => ({
      period: whole.ref,
      group: Object.fromEntries(options.by.map((d, i) => [d.name, (groups[k] as Group).values[i] ?? null])),
      metrics,
    }),
  );
  return { window, periods, groups: byGroup };
}
