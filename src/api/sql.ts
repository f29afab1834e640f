/**
 * The ticket report on a SQL engine (`report --engine duckdb|postgres`): the inputs are read where they
 * are (CSV or Parquet files through DuckDB, a table of a DuckDB file or of a PostgreSQL server), the
 * generated statements (sql/statement.ts) compute the accounting and the figures, and the rows become
 * the same report model every renderer reads. What the SQL path does not do is refused before
 * anything is read, naming the option; what it checks differently is stated in the warnings.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputError, usageError } from '../errors.js';
import { ticketMetricsFor } from '../metrics/index.js';
import type { TicketRunOptions } from '../options/resolve.js';
import { resolveClock } from '../options/clock.js';
import type { Config } from '../options/schema.js';
import { DEFAULT_MAX_DUPLICATE_SHARE } from '../report/accounting.js';
import type { DurationReconciliation, Report, ReportRow, ReportTotals } from '../report/model.js';
import type { DialectName } from '../sql/dialect.js';
import { SqlUnsupported } from '../sql/expr.js';
import { openDuckdb, openPostgres, type SqlRow, type SqlRunner } from '../sql/run.js';
import {
  accountingStatement,
  materializedSource,
  reconciliationStatement,
  reportStatement,
  type SqlSource,
  type SqlStatement,
} from '../sql/statement.js';
import { releaseTemp, removeOnExit } from './temp.js';
import { exec, query, sourceOf, sqlUnsupportedError, type SqlInput } from './sql-relation.js';
import { accountingOf, reportFromRows, type RowsContext } from './sql-rows.js';

export type { SqlInput } from './sql-relation.js';

export interface SqlReportResult {
  report: Report;
  /** Lines for standard error before the accounting: what the SQL path checks differently. */
  warnings: string[];
  maxBadRows: number;
  maxDuplicateShare: number;
  /** Where the rejected rows are listed, for the message past --max-bad-rows (not here: --rejects is refused). */
  rejectsList: string;
}

/**
 * Where the run's business hours come from (`--hours NAME`, the config's `report.hours` or
 * `report.hours_by`), or null for calendar time: the clock every duration, backlog age and SLA
 * verdict of the JS engine runs on, which the SQL path does not count.
 */
export function businessHoursSource(run: TicketRunOptions, config: Config): string | null {
  if (resolveClock(config, run.metrics.hours, (field) => field).kind !== 'business') return null;
  if (run.metrics.hours !== undefined) return `--hours ${run.metrics.hours}`;
  if (config.report.hours_by !== undefined) return `config report.hours_by (field ${config.report.hours_by.field})`;
  return `config report.hours: ${config.report.hours}`;
}

/** The metric options a statement is built with, from the run and the config (the report and `sql` alike). */
export function sqlMetricOptions(run: TicketRunOptions, config: Config) {
  return {
    asOf: run.window.asOf ?? 0,
    repeatWindowDays: run.metrics.repeatWindowDays,
    repeatSame: run.metrics.repeatSame,
    fcrVariant: run.metrics.fcrVariant,
    resolutionRate: run.metrics.resolutionRate,
    recompute: run.metrics.recompute,
    resolutionInstant: run.metrics.resolutionInstant,
    custom: run.metrics.custom,
    ...(config.sla === undefined ? {} : { sla: config.sla }),
  };
}

/** Refuses what the SQL path cannot do, naming the option; before anything is read. */
export function refuseUnsupported(
  run: TicketRunOptions,
  config: Config,
  input: SqlInput,
  html: boolean,
  command = 'report',
): void {
  const who = command === 'sql' ? 'sql' : `--engine ${input.engine}`;
  const refuse = (what: string, hint: string) => {
    throw usageError('sql_unsupported', `${who}: ${what}`, { where: command === 'sql' ? 'sql' : '--engine', hint });
  };
  const withoutEngine =
    command === 'sql'
      ? 'Leave the option out; opsmetrics report (the JS engine) computes it from an export.'
      : 'Run without --engine (the JS engine computes it), or leave the option out.';
  if (run.events.length > 0) {
    // The fold (case creation and resolution from the events, handoffs, rework, variants, the process
    // block) is JS code, not a rule the statement can be generated from.
    refuse(
      `event logs (--events${run.eventLog.variants ? ', --variants' : ''}) are folded by the JS engine only: ` +
        'SQL computes no case durations, handoffs, rework, variants or process block',
      withoutEngine,
    );
  }
  if (html) {
    throw usageError(
      'sql_unsupported',
      `${who}: --format html: the HTML page needs complaint classes and insights, which SQL does not compute`,
      { where: '--format', hint: 'Write --format xlsx (the workbook of the same figures), or run without --engine.' },
    );
  }
  if (run.complaints)
    refuse(
      'complaint classes (--complaints, --insights, --explain, config complaints:) are text rules SQL does not run',
      withoutEngine,
    );
  // Every duration, backlog age and SLA verdict runs on the clock: with business hours from a flag or
  // the config alike, no figure of the statement would be the JS engine's.
  const hours = businessHoursSource(run, config);
  if (hours !== null) {
    refuse(
      `business hours (${hours}) are counted by the JS engine only; SQL counts calendar time`,
      hours.startsWith('--')
        ? withoutEngine
        : command === 'sql'
          ? 'Use a config without report.hours and report.hours_by for SQL; opsmetrics report (the JS engine) counts business hours.'
          : 'Run without --engine (the JS engine counts business hours), or use a config without report.hours and report.hours_by.',
    );
  }
  if (run.window.compare !== null) refuse('--compare previous is not computed in SQL', withoutEngine);
  if (run.input.dateFormat !== undefined) {
    refuse(
      `--date-format ${run.input.dateFormat}: SQL reads ISO 8601 text and typed timestamp columns only`,
      withoutEngine,
    );
  }
  const byColumn = Object.keys(run.input.dateFormats.byColumn);
  if (byColumn.length > 0) {
    refuse(`--date-format ${byColumn[0]}=...: SQL reads ISO 8601 text and typed timestamp columns only`, withoutEngine);
  }
  if (run.input.rejects !== undefined) {
    refuse('--rejects: the SQL engine counts rejected rows by reason but does not list them', withoutEngine);
  }
  if (command !== 'report') return;
  if (input.source !== undefined) {
    if (input.db === undefined || input.table !== undefined || input.files.length > 0) {
      throw usageError(
        'bad_option',
        `--source ${input.source} reads the connector's tables of --db, not --table or files`,
        {
          where: '--source',
          hint: 'e.g. --engine duckdb --db warehouse.duckdb --source fivetran-zendesk --schema zendesk',
        },
      );
    }
    return;
  }
  if (input.engine === 'postgres' && (input.db === undefined || input.table === undefined)) {
    throw usageError('bad_option', '--engine postgres needs --db <postgres://...> and --table <name>', {
      where: '--engine',
      hint: 'e.g. --engine postgres --db postgres://user@host/helpdesk --table tickets',
    });
  }
  if (input.table !== undefined && input.db === undefined) {
    throw usageError('bad_option', '--table needs --db (the DuckDB file or PostgreSQL URL holding it)', {
      where: '--table',
      hint: 'e.g. --engine duckdb --db warehouse.duckdb --table tickets',
    });
  }
  if (input.db === undefined && input.files.length === 0) {
    throw usageError('bad_option', `--engine ${input.engine} needs export files or --db and --table`, {
      where: '--engine',
      hint: 'e.g. opsmetrics report tickets.parquet --engine duckdb',
    });
  }
}

export async function sqlTicketReport(
  input: SqlInput,
  run: TicketRunOptions,
  config: Config,
  version: string,
  options: { html?: boolean; runner?: SqlRunner } = {},
): Promise<SqlReportResult> {
  refuseUnsupported(run, config, input, options.html ?? false);
  const dialect: DialectName = input.engine;
  // DuckDB's spill folder (tens of GB past the memory limit), removed after the run, and at exit
  // when a signal ends the run first.
  const spill = join(tmpdir(), `opsmetrics-duckdb-${process.pid}-${Date.now()}`);
  removeOnExit(spill);
  const runner =
    options.runner ??
    (input.engine === 'postgres'
      ? await openPostgres(input.db as string)
      : await openDuckdb({
          ...(input.db === undefined ? {} : { path: input.db }),
          ...(input.memoryLimit === undefined ? {} : { memoryLimit: input.memoryLimit }),
          ...(input.threads === undefined ? {} : { threads: input.threads }),
          tempDirectory: spill,
        }));
  try {
    return await reportOn(runner, input, run, config, version, dialect);
  } finally {
    if (options.runner === undefined) await runner.close();
    releaseTemp(spill);
  }
}

async function reportOn(
  runner: SqlRunner,
  input: SqlInput,
  run: TicketRunOptions,
  config: Config,
  version: string,
  dialect: DialectName,
): Promise<SqlReportResult> {
  const window = run.window;
  const warnings: string[] = [`opsmetrics: computed in SQL on ${input.engine} (docs/warehouse.md)`];
  const found = await sourceOf(runner, input, run, dialect, warnings);
  let relation = found.relation;
  const metricOptions = sqlMetricOptions(run, config);
  const rowOptions = {
    maxDurationDays: run.input.maxDurationDays,
    onBadValue: run.input.onBadValue,
    plausibleYears: run.input.plausibleYears,
  };
  const dimensions = relation.dimensions;
  const mainSlice: Slice = {
    asOf: window.asOf,
    since: window.since,
    until: window.until,
    period: window.period,
    by: window.by,
  };
  /** The report statement over `slice` (the run's window, period and groups, or the totals' wider cells). */
  const statementOf = (source: SqlSource, slice: Slice) => {
    try {
      return reportStatement(dialect, source, ticketMetricsFor(metricOptions), {
        ...metricOptions,
        ...rowOptions,
        asOfGiven: slice.asOf,
        since: slice.since,
        until: slice.until,
        timezone: window.timezone,
        period: slice.period,
        weekStart: window.weekStart,
        by: slice.by.map((name) => ({ name, key: dimensions[name] ?? name })),
      });
    } catch (error) {
      if (error instanceof SqlUnsupported) throw sqlUnsupportedError(error, 'report', `--engine ${input.engine}`);
      throw error;
    }
  };
  // Written once before any row is read: what it refuses (SLA targets in business hours) is refused
  // before DuckDB reads the input.
  statementOf(relation.source, mainSlice);
  // DuckDB reads the input once into a temporary table (spilled to disk past its memory limit) that
  // the statements read; a server's table is read where it is.
  if (dialect === 'duckdb') {
    const once = materializedSource(dialect, relation.source, 'om_input');
    for (const sql of once.create) await exec(runner, sql, 'read the input');
    relation = { ...relation, source: once.source };
  }
  const accounting = await query(runner, accountingStatement(dialect, relation.source, rowOptions), 'read the rows');
  const source = relation.source;
  /** The report statement over `slice` (the run's window, period and groups, or the totals' wider cells). */
  const compute = async (slice: Slice, what: string) => {
    const statement = statementOf(source, slice);
    for (const sql of statement.preamble) await runner.exec(sql);
    return { statement, rows: await query(runner, statement.sql, what) };
  };
  const { statement, rows } = await compute(mainSlice, 'compute the report');

  // The accounting, as the JS reader's: read = used + outside the window + duplicates + rejected.
  const ingest = accountingOf(accounting, found.files, found.profileName, run.input.plausibleYears);
  // Export files: the blank records as the JS reader counts them (empty lines DuckDB dropped among them).
  if (found.blank !== undefined) ingest.skipped.blank = found.blank;
  if (found.rejects !== undefined) {
    // A line of spaces is a blank line (counted above), not a line DuckDB could not read; a line is
    // counted once, however many errors DuckDB stored for it.
    const rejects = await query(
      runner,
      `SELECT error_type, COUNT(*) AS n FROM (SELECT file_id, line, MIN(error_type) AS error_type FROM ${found.rejects} ` +
        `WHERE TRIM(COALESCE(csv_line, ''), ' \t') <> '' GROUP BY file_id, line) om_r GROUP BY error_type`,
      'count the unreadable lines',
    );
    for (const r of rejects) {
      const n = Number(r.n);
      ingest.read += n;
      ingest.rejected += n;
      ingest.issues.push({
        code: 'bad_quoting',
        column: null,
        count: n,
        action: 'rejected',
        message: `DuckDB's CSV reader could not read these lines (${String(r.error_type)})`,
        hint: 'Run without --engine for the line-by-line issues, or fix the export.',
        samples: [],
      });
    }
    if (rejects.length > 0) {
      warnings.push(
        'opsmetrics: note: lines DuckDB cannot read are counted as rejected, ' +
          'without the per-line detail of the JS reader.',
      );
    }
  }
  if (ingest.read === 0) {
    throw inputError('no_records', `${found.label} has no data rows`, {
      where: found.label,
      hint: 'Check that the export finished and covers the period you want.',
    });
  }
  const asOf = Number(rows[0]?.as_of_ms ?? window.asOf ?? window.until ?? window.since ?? 0);
  const rowsContext: RowsContext = {
    ...metricOptions,
    asOf,
    window,
    inputTimezone: found.inputTimezone,
    version,
    present: new Set(Object.keys(relation.source.fields)),
  };
  const report = reportFromRows(rows, statement.metrics, statement.skipped, rowsContext);
  if (window.totals) {
    const sliced = (slice: Slice, computed: { statement: SqlStatement; rows: SqlRow[] }): SlicedRows => {
      const sliceWindow = {
        ...window,
        since: slice.since,
        until: slice.until,
        period: slice.period,
        by: [...slice.by],
      };
      const { metrics, skipped } = computed.statement;
      return {
        rows: reportFromRows(computed.rows, metrics, skipped, { ...rowsContext, window: sliceWindow }).rows,
        // The window's bounds as computed (the first creation when no --since), to the millisecond.
        start: Number(computed.rows[0]?.period_start_ms),
        end: Number(computed.rows[0]?.period_end_ms),
      };
    };
    report.totals = await sqlTotals(
      report,
      { ...window, asOf },
      sliced(mainSlice, { statement, rows }),
      async (slice) => sliced(slice, await compute(slice, 'compute the totals')),
    );
  }
  // The export's durations beside the timestamps' (metrics/reconciliation.ts), over the window's tickets:
  // the window starts where its first period does (the first creation unless --since), ends at --until or as-of.
  const starts = rows.map((r) => Number(r.period_start_ms));
  const windowStart = starts.length > 0 ? Math.min(...starts) : (window.since ?? asOf);
  const reconciliation = reconciliationStatement(dialect, relation.source, {
    ...metricOptions,
    ...rowOptions,
    asOf,
    windowStart,
    windowEnd: window.until ?? asOf,
  });
  if (reconciliation !== null) {
    const [figures = {}] = await query(runner, reconciliation.sql, 'compare the export durations');
    report.reconciliation = reconciliationOf(figures, reconciliation.compared);
  }
  const tickets = ingest.read - ingest.rejected - ingest.skipped.duplicate - (ingest.skipped.deleted ?? 0);
  const used = rows.reduce((sum, r) => sum + Number(r.created ?? 0), 0);
  report.input = { ...ingest, used, skipped: { ...ingest.skipped, outside_period: tickets - used } };
  const maxDuplicateShare =
    run.input.maxDuplicateShare ?? (relation.source.fields.version !== undefined ? 1 : DEFAULT_MAX_DUPLICATE_SHARE);
  return {
    report,
    warnings,
    maxBadRows: run.input.maxBadRows,
    maxDuplicateShare,
    // --rejects is the JS reader's: it reads CSV exports, not a table or a Parquet file.
    rejectsList:
      found.rejects !== undefined
        ? 'run without --engine, with --rejects FILE, for the list of rows'
        : 'the SQL engine lists no rows; the issues above say which check each failed',
  };
}

/** The reconciliation of the statement's row (reconciliationStatement): minutes, medians R type 7 of p = 0.5. */
function reconciliationOf(
  row: SqlRow,
  compared: readonly { metric: string; theirs: string }[],
): Record<string, DurationReconciliation> {
  const out: Record<string, DurationReconciliation> = {};
  for (const { metric, theirs } of compared) {
    const n = Number(row[`${metric}_n`] ?? 0);
    const median = (figure: string) => {
      if (n === 0) return null;
      const lo = Number(row[`${metric}_${figure}_lo`]);
      const hi = Number(row[`${metric}_${figure}_hi`]);
      const h = (n - 1) * 0.5;
      return (lo + (h - Math.floor(h)) * (hi - lo)) / 60_000;
    };
    out[metric] = {
      theirs,
      n,
      ours_median_min: median('ours'),
      theirs_median_min: median('theirs'),
      median_abs_diff_min: median('diff'),
      within_1_min: n === 0 ? null : Number(row[`${metric}_within`] ?? 0) / n,
    };
  }
  return out;
}

/** The cells one report statement computes: a window (as-of fixed), its periods and its groups. */
interface Slice {
  asOf: number | null;
  since: number | null;
  until: number | null;
  period: TicketRunOptions['window']['period'];
  by: readonly string[];
}

/** A statement's rows as report rows, and the bounds of its first row's period (epoch ms). */
interface SlicedRows {
  rows: ReportRow[];
  start: number;
  end: number;
}

/**
 * `Report.totals` as the JS engine computes them (report/build.ts ticketTotals), each from a statement
 * over wider cells: the whole window over every group and the window of equal length before it, and
 * with both --period and --by each period over every group and each group over the window. As-of
 * stays the report's, so that the backlog and the SLA verdicts are read at the same instant. `main`
 * is the report's own statement: without --period and --by its one row is the whole window.
 */
async function sqlTotals(
  report: Report,
  window: { since: number | null; until: number | null; asOf: number },
  main: SlicedRows,
  rowsOf: (slice: Slice) => Promise<SlicedRows>,
): Promise<ReportTotals> {
  const { since, until, asOf } = window;
  const { period, by } = report.window;
  const grouped = by.length > 0;
  const whole = !grouped && period === null ? main : await rowsOf({ asOf, since, until, period: null, by: [] });
  const now = whole.rows[0];
  const length = Math.max(0, whole.end - whole.start);
  const before = (await rowsOf({ asOf, since: whole.start - length, until: whole.start, period: null, by: [] }))
    .rows[0];
  if (now === undefined || before === undefined) {
    throw new Error('a report statement without --period and --by gives one row');
  }
  const windowRow: ReportRow = {
    period: now.period,
    group: {},
    metrics: now.metrics,
    previous: { period: { ...before.period, label: 'previous' }, metrics: before.metrics },
  };
  if (!grouped || period === null) return { window: windowRow };
  const periods = await rowsOf({ asOf, since: whole.start, until: whole.end, period, by: [] });
  const groups = await rowsOf({ asOf, since: whole.start, until: whole.end, period: null, by });
  return { window: windowRow, periods: periods.rows, groups: groups.rows };
}
