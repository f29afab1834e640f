/**
 * The ticket report on a SQL engine (`report --engine duckdb|postgres`): the inputs are read where they
 * are (CSV or Parquet files through DuckDB, a table of a DuckDB file or of a PostgreSQL server), the
 * generated statements (sql/statement.ts) compute the accounting and the figures, and the rows become
 * the same report model every renderer reads. What the SQL path does not do is refused before
 * anything is read, naming the option; what it checks differently is stated in the warnings.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInstant } from '../calendar/zone.js';
import { durationSources } from '../derive/durations.js';
import { describeClock } from '../engine/context.js';
import { type AppError, inputError, usageError } from '../errors.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import { planColumns } from '../ingest/columns.js';
import { parseMappingName } from '../ingest/fields.js';
import type { TicketProfile } from '../ingest/profiles/types.js';
import { countBlankRecords } from '../ingest/blank-records.js';
import { openRecordSource } from '../ingest/records.js';
import { customUnitMs } from '../metrics/custom.js';
import { ticketMetricsFor } from '../metrics/index.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { TicketRunOptions } from '../options/resolve.js';
import { resolveClock } from '../options/clock.js';
import type { Config } from '../options/schema.js';
import { columnSpecs } from '../report/columns.js';
import { DEFAULT_MAX_DUPLICATE_SHARE } from '../report/accounting.js';
import {
  type InputAccounting,
  type DurationReconciliation,
  type MetricValue,
  type Report,
  type ReportRow,
  type ReportTotals,
  SCHEMA_VERSION,
} from '../report/model.js';
import { reportWindow } from '../report/slicing.js';
import { DIALECT, type DialectName } from '../sql/dialect.js';
import { SqlUnsupported, type SqlUnsupportedReason } from '../sql/expr.js';
import { openDuckdb, openPostgres, type SqlRow, type SqlRunner } from '../sql/run.js';
import { FIVETRAN_TABLES, fivetranZendeskSource } from '../sql/fivetran.js';
import { columnClass, relationSource, type RelationColumn } from '../sql/source.js';
import {
  accountingStatement,
  materializedSource,
  reconciliationStatement,
  reportStatement,
  type SqlReportOptions,
  type SqlSource,
  type SqlStatement,
} from '../sql/statement.js';
import type { TicketField } from '../model/ticket.js';
import { openInput } from './inputs.js';
import { releaseTemp, removeOnExit } from './temp.js';

/** Where the SQL engine reads from. */
export interface SqlInput {
  readonly engine: 'duckdb' | 'postgres';
  /** Export files (CSV, TSV, optionally .gz; Parquet), read by DuckDB. */
  readonly files: readonly string[];
  /** A DuckDB database file, or a PostgreSQL URL (postgres://...). */
  readonly db?: string | undefined;
  /** The table or view of `db` holding one row per ticket (or per ticket update, with a version column). */
  readonly table?: string | undefined;
  /** A connector's schema instead of a table: `fivetran-zendesk` (sql/fivetran.ts). */
  readonly source?: 'fivetran-zendesk' | undefined;
  /** The schema holding the source's tables (default: the search path). */
  readonly schema?: string | undefined;
  /** DuckDB's memory limit (`4GB`): past it, it spills to a temporary folder. Default: 80% of the RAM. */
  readonly memoryLimit?: string | undefined;
  /** DuckDB's worker threads. Default: one per core. */
  readonly threads?: number | undefined;
}

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

/** Refuses what the SQL path cannot do, naming the option; before anything is read. */
function refuseUnsupported(
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

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * What the SQL path cannot write, as the usage error (exit 2, `sql_unsupported`) each command gives:
 * `who` prefixes the message (`--engine duckdb`, `sql --dialect bigquery`), the hint says how to go on
 * from that command for what the refusal is about.
 */
export function sqlUnsupportedError(error: SqlUnsupported, command: 'sql' | 'report', who: string): AppError {
  const sql = command === 'sql';
  const hints: Record<SqlUnsupportedReason, string> = {
    text_column: sql
      ? 'Give the columns their types in the warehouse (--column-types timestamp or naive), or print the ' +
        'statement for DuckDB or PostgreSQL, which parse text.'
      : 'Run without --engine (the JS engine reads it).',
    column_type: sql
      ? 'Map the field to a column of its type, or say how the table stores its values (--column-types).'
      : 'Map the field to a column of its type, or run without --engine.',
    dates: sql
      ? 'Run opsmetrics report on the export (the JS engine reads that format), or load the dates into ' +
        'timestamp columns and print the statement with --column-types timestamp.'
      : 'Run without --engine (the JS engine reads that format).',
    sla_clock: sql
      ? 'Give the SLA targets clock: calendar (config sla:) for SQL; opsmetrics report (the JS engine) ' +
        'counts business hours.'
      : 'Give the SLA targets clock: calendar (config sla:), or run without --engine (the JS engine counts ' +
        'business hours).',
    business_hours: sql
      ? 'Use a config without report.hours and report.hours_by for SQL; opsmetrics report (the JS engine) ' +
        'counts business hours.'
      : 'Run without --engine (the JS engine counts business hours), or use a config without report.hours ' +
        'and report.hours_by.',
    other: sql
      ? 'Leave the option out; opsmetrics report (the JS engine) computes it from an export.'
      : 'Run without --engine (the JS engine computes it), or leave the option out.',
  };
  return usageError('sql_unsupported', `${who}: ${error.message}`, {
    where: sql ? '--dialect' : '--engine',
    hint: hints[error.reason],
  });
}

/**
 * The `--by` names as the connector source's fields; a name that is none is refused (`report --engine`
 * and `opsmetrics sql` alike), as an empty group column would look like tickets without the field.
 */
export function fivetranDimensions(source: SqlSource, by: readonly string[]): Record<string, string> {
  const unknown = by.filter((name) => source.fields[name as TicketField] === undefined);
  if (unknown.length > 0) {
    throw usageError('unknown_dimension', `--by ${unknown.join(',')}: the Zendesk schema source has no such field`, {
      where: '--by',
      hint: 'Group by team, agent, priority, channel, status, category or customer.',
    });
  }
  return Object.fromEntries(by.map((name) => [name, name]));
}

/** The number columns of the config's metrics (`metrics:`), as the JS reader reads them (api/tickets.ts). */
const numberColumns = (run: TicketRunOptions) =>
  run.metrics.custom.map((m) => ({ id: m.id, column: m.column, unitMs: customUnitMs(m.unit) }));

/** A table name as written (`schema.table` allowed), quoted part by part. */
function tableName(name: string, dialect: DialectName): string {
  return name
    .split('.')
    .map((part) => DIALECT[dialect].ident(part))
    .join('.');
}

interface Relation {
  relation: string;
  columns: RelationColumn[];
  order: string | undefined;
  files: InputAccounting['files'];
  label: string;
  /** Rows DuckDB's CSV reader could not read, by error type (a rejects table). */
  rejects?: string;
  /** The blank records of the files, counted as the JS reader counts them (DuckDB drops empty lines). */
  blank?: number;
}

/** The relation of export files read by DuckDB, with the header found as the JS reader finds it. */
async function fileRelation(runner: SqlRunner, files: readonly string[], run: TicketRunOptions): Promise<Relation> {
  const parquet = files.filter((f) => /\.parquet$/i.test(f));
  if (parquet.length > 0 && parquet.length < files.length) {
    throw usageError('bad_option', '--engine duckdb: Parquet and text exports cannot be mixed in one run', {
      where: files.join(', '),
      hint: 'Report on each kind separately, or convert them to one format.',
    });
  }
  if (files.includes('-')) {
    throw usageError('bad_option', '--engine duckdb reads files, not standard input', {
      where: '-',
      hint: 'Save the export to a file and name it.',
    });
  }
  const list = `[${files.map(sqlString).join(', ')}]`;
  if (parquet.length > 0) {
    // Each file's rows numbered, files one after the other: the order is unique across files.
    const relation = `(${files
      .map(
        (f, k) =>
          `SELECT *, ${k} * 1099511627776 + file_row_number AS om_line ` +
          `FROM read_parquet(${sqlString(f)}, file_row_number = true)`,
      )
      .join(' UNION ALL BY NAME ')})`;
    const described = await runner.query(`DESCRIBE SELECT * FROM read_parquet(${list})`);
    const columns = described.map((r) => ({ name: String(r.column_name), type: columnClass(String(r.column_type)) }));
    return {
      relation,
      columns,
      order: DIALECT.duckdb.ident('om_line'),
      files: files.map((path) => ({ path, profile: '', encoding: 'parquet', delimiter: null, rows: 0 })),
      label: files.join(', '),
    };
  }
  // The header, delimiter and encoding as the JS reader sees them, and whether a row follows the header.
  let header: string[] | undefined;
  let delimiter: string | null = null;
  const withRows: string[] = [];
  for (const file of files) {
    let rejectedRow = false;
    const source = await openRecordSource(openInput(file), {
      name: file,
      ...(run.input.delimiter ? { delimiter: run.input.delimiter } : {}),
      encoding: run.input.encoding as 'auto',
      onIssue: (issue) => {
        if (issue.action === 'rejected') rejectedRow = true;
      },
      maxFieldBytes: run.input.maxFieldBytes,
      columns: run.input.columns,
    });
    const it = source.records[Symbol.asyncIterator]();
    const first = await it.next();
    await it.return?.();
    if (!first.done || rejectedRow) withRows.push(file);
    if (source.format !== 'csv' && source.format !== 'tsv') {
      throw usageError(
        'sql_unsupported',
        `--engine duckdb: ${file} is ${source.format}; the SQL engine reads CSV, TSV and Parquet`,
        {
          where: file,
          hint: 'Run without --engine for JSON exports.',
        },
      );
    }
    if (!source.encoding.startsWith('utf-8')) {
      throw usageError('sql_unsupported', `--engine duckdb: ${file} is ${source.encoding}; DuckDB reads UTF-8 text`, {
        where: file,
        hint: 'Convert it (iconv -f WINDOWS-1252 -t UTF-8), or run without --engine.',
      });
    }
    if (header !== undefined && header.join('\u0000') !== source.header.join('\u0000')) {
      throw usageError('sql_unsupported', `--engine duckdb: ${file} has another header than ${files[0]}`, {
        where: file,
        hint: 'Report on each export separately, or run without --engine.',
      });
    }
    header = source.header;
    delimiter = source.delimiter;
  }
  // A header without rows is an export that failed or was filtered to nothing: no report, as without
  // --engine (DuckDB cannot even sniff such a file). Such a file beside others adds no row to read.
  if (withRows.length === 0) {
    throw inputError(
      'no_records',
      files.length === 1
        ? `${files[0] ?? ''} has a header but no data rows`
        : `the inputs (${files.join(', ')}) have headers but no data rows`,
      {
        where: files.length === 1 ? `${files[0] ?? ''}:2` : files.join(', '),
        hint: 'Check that the export finished and covers the period you want (re-run the export without filters).',
      },
    );
  }
  // Blank lines and rows of empty cells, counted as the JS reader counts them: DuckDB drops empty lines
  // without a trace and rejects a line of spaces.
  let blank = 0;
  // DuckDB skips lines up to the header's (blank lines before it included; no header: none), the same
  // number in every file it reads.
  const skips = new Set<number>();
  for (const file of files) {
    const counted = await countBlankRecords(openInput(file), delimiter ?? ',');
    blank += counted.blank;
    if (withRows.includes(file)) skips.add(run.input.columns === undefined ? counted.throughFirst : 0);
  }
  if (skips.size > 1) {
    throw usageError(
      'sql_unsupported',
      `--engine duckdb: the exports have blank lines before their headers, not as many in each`,
      {
        where: files.join(', '),
        hint: 'Report on each export separately, or run without --engine.',
      },
    );
  }
  const names = (header ?? []).map(sqlString).join(', ');
  const skip = [...skips][0] ?? 0;
  const table = 'om_rejects';
  const read = `[${withRows.map(sqlString).join(', ')}]`;
  const relation =
    `(SELECT *, ROW_NUMBER() OVER () AS om_line FROM read_csv(${read}, header = false, skip = ${skip}, ` +
    `names = [${names}], all_varchar = true, delim = ${sqlString(delimiter ?? ',')}, quote = '"', escape = '"', ` +
    `store_rejects = true, rejects_table = '${table}', rejects_scan = 'om_rejects_scan'))`;
  return {
    relation,
    columns: (header ?? []).map((name) => ({ name, type: 'text' as const })),
    order: DIALECT.duckdb.ident('om_line'),
    files: files.map((path) => ({ path, profile: '', encoding: 'utf-8', delimiter, rows: 0 })),
    label: files.join(', '),
    rejects: table,
    blank,
  };
}

/** The relation of a table in the database, and its columns' types. */
async function tableRelation(runner: SqlRunner, input: SqlInput, dialect: DialectName): Promise<Relation> {
  const name = input.table as string;
  const parts = name.split('.');
  const table = parts.at(-1) as string;
  const schema = parts.length > 1 ? parts.at(-2) : undefined;
  const rows = await runner.query(
    'SELECT column_name, data_type FROM information_schema.columns ' +
      `WHERE table_name = ${sqlString(table)}` +
      `${schema === undefined ? '' : ` AND table_schema = ${sqlString(schema)}`} ` +
      'ORDER BY ordinal_position',
  );
  if (rows.length === 0) {
    throw inputError('engine_failed', `--table ${name}: no such table or view in ${input.db}`, {
      where: '--table',
      hint: 'Name a table or view the database has (schema.table for another schema).',
    });
  }
  const columns = rows.map((r) => ({ name: String(r.column_name), type: columnClass(String(r.data_type)) }));
  return {
    relation: tableName(name, dialect),
    columns,
    order: undefined,
    files: [{ path: `${input.db}#${name}`, profile: '', encoding: dialect, delimiter: null, rows: 0 }],
    label: name,
  };
}

interface FoundSource {
  relation: { source: SqlSource; dimensions: Record<string, string> };
  profileName: string;
  inputTimezone: string;
  label: string;
  files: InputAccounting['files'];
  rejects?: string | undefined;
  blank?: number | undefined;
}

/** The statement's source: the connector's Zendesk schema, a table, or export files. */
async function sourceOf(
  runner: SqlRunner,
  input: SqlInput,
  run: TicketRunOptions,
  dialect: DialectName,
  warnings: string[],
): Promise<FoundSource> {
  const window = run.window;
  if (input.source === 'fivetran-zendesk') {
    const schema = input.schema ?? null;
    const ticketColumns = await runner.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'ticket'" +
        (schema === null ? '' : ` AND table_schema = ${sqlString(schema)}`),
    );
    const types = ticketColumns.filter((r) => String(r.column_name).toLowerCase() === 'created_at');
    if (types.length === 0) {
      throw inputError(
        'engine_failed',
        `--source fivetran-zendesk: no table ticket${schema === null ? '' : ` in schema ${schema}`}`,
        {
          where: '--source',
          hint: `The source reads the tables ${FIVETRAN_TABLES.join(', ')}; name their schema with --schema.`,
        },
      );
    }
    const naive = columnClass(String(types[0]?.data_type)) !== 'zoned';
    const deletedColumn = ticketColumns.some((r) => String(r.column_name).toLowerCase() === '_fivetran_deleted');
    if (!deletedColumn) {
      warnings.push(
        `opsmetrics: note: ${input.db}: the ticket table has no _fivetran_deleted column; only tickets with the ` +
          'status deleted are left out as deleted.',
      );
    }
    const source = fivetranZendeskSource(DIALECT[dialect], { schema, naive, deletedColumn });
    const dimensions = fivetranDimensions(source, window.by);
    return {
      relation: { source, dimensions },
      profileName: 'fivetran-zendesk',
      inputTimezone: 'UTC',
      label: `${input.db} (${FIVETRAN_TABLES.join(', ')})`,
      files: [
        {
          path: `${input.db}#${schema ?? ''}`,
          profile: 'fivetran-zendesk',
          encoding: dialect,
          delimiter: null,
          rows: 0,
        },
      ],
    };
  }
  const found =
    input.table !== undefined
      ? await tableRelation(runner, input, dialect)
      : await fileRelation(runner, input.files, run);
  const header = found.columns.map((c) => c.name);
  const profile = resolveProfile(
    run.input.profileName,
    header,
    Object.keys(run.input.map).length > 0,
    found.label,
    `report --engine ${input.engine}`,
  );
  const inputTimezone = run.input.userInputTz ?? profile.inputTimezone ?? window.timezone;
  if (
    !run.input.userInputTz &&
    profile.inputTimezone === undefined &&
    profile.inputTimezoneAdvice !== undefined &&
    found.columns.some((c) => c.type === 'text' || c.type === 'naive')
  ) {
    warnings.push(
      `opsmetrics: warning: ${found.label}: timestamps without an offset are read in ${inputTimezone} (the report ` +
        'zone) because no input zone was given; pass --input-tz with the zone the export was written in ' +
        `(${profile.inputTimezoneAdvice}).`,
    );
  }
  let relation: ReturnType<typeof relationSource>;
  try {
    relation = relationSource(DIALECT[dialect], found.relation, found.columns, {
      profile,
      map: run.input.map,
      unmap: run.input.unmap,
      numbers: numberColumns(run),
      by: window.by,
      inputTimezone,
      nullTokens: run.input.nullTokens,
      decimal: run.input.decimal,
      maxDurationDays: run.input.maxDurationDays,
      order: found.order,
    });
  } catch (error) {
    if (error instanceof SqlUnsupported) throw sqlUnsupportedError(error, 'report', `--engine ${input.engine}`);
    throw error;
  }
  if (found.order === undefined) {
    warnings.push(
      `opsmetrics: note: ${found.label}: a table has no row order; ties (the same creation instant, an id's rows ` +
        'of the same version and update) are broken by the id, not the file order.',
    );
  }
  return {
    relation,
    profileName: profile.name,
    inputTimezone,
    label: found.label,
    files: found.files,
    rejects: found.rejects,
    blank: found.blank,
  };
}

/** The engine's error as an input error naming the step, with a hint for what it is about. */
function engineFailed(runner: SqlRunner, what: string, error: unknown): AppError {
  const message = (error as Error).message.split('\n')[0] ?? '';
  const hint = /out of memory/i.test(message)
    ? 'Give DuckDB more memory (--engine-memory, e.g. 2GB) or fewer threads (--engine-threads): each thread ' +
      'needs buffers of its own.'
    : 'Check the input (a column of an unexpected type, a damaged file); run without --engine to compare.';
  return inputError('engine_failed', `${runner.engine} could not ${what}: ${message}`, { where: '--engine', hint });
}

/** Runs a statement that returns nothing; the engine's error as an input error. */
async function exec(runner: SqlRunner, sql: string, what: string): Promise<void> {
  try {
    await runner.exec(sql);
  } catch (error) {
    throw engineFailed(runner, what, error);
  }
}

/** The engine's error, as an input error naming the statement's step. */
async function query(runner: SqlRunner, sql: string, what: string): Promise<SqlRow[]> {
  try {
    return await runner.query(sql);
  } catch (error) {
    throw engineFailed(runner, what, error);
  }
}

const ISSUE_TEXT: Record<string, { message: string; hint: string }> = {
  missing_required: { message: 'a required value is empty', hint: 'Every ticket needs an id and a creation time.' },
  bad_date: {
    message: 'a date/time is not ISO 8601',
    hint: 'The SQL engine reads YYYY-MM-DD[ HH:MM[:SS]][zone]; run without --engine for other formats.',
  },
  bad_number: {
    message: 'a number does not parse',
    hint:
      'Numbers are read as without --engine: 1.234 and 1,234, or a decimal comma, need the decimal separator ' +
      'declared (--decimal-point, --decimal-comma); run without --engine to see the values.',
  },
  impossible_value: {
    message: "a negative count or duration, an instant before the ticket's creation, or a reply after the resolution",
    hint:
      'Check the export and the zones (--input-tz); ' +
      'with --on-bad-value null the value is dropped and the row kept.',
  },
};

/**
 * The ticket report of `input` on a SQL engine. `runner` is for tests (an engine already open);
 * otherwise the engine is opened and closed here.
 */
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
  const metricOptions = {
    asOf: window.asOf ?? 0,
    repeatWindowDays: run.metrics.repeatWindowDays,
    repeatSame: run.metrics.repeatSame,
    fcrVariant: run.metrics.fcrVariant,
    resolutionRate: run.metrics.resolutionRate,
    recompute: run.metrics.recompute,
    resolutionInstant: run.metrics.resolutionInstant,
    custom: run.metrics.custom,
    ...(config.sla === undefined ? {} : { sla: config.sla }),
  };
  const rowOptions = { maxDurationDays: run.input.maxDurationDays, onBadValue: run.input.onBadValue };
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
  const ingest = accountingOf(accounting, found.files, found.profileName);
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

type Accounting = Omit<InputAccounting, 'used' | 'skipped'> & {
  skipped: Omit<InputAccounting['skipped'], 'outside_period'>;
};

function accountingOf(rows: readonly SqlRow[], files: InputAccounting['files'], profile: string): Accounting {
  let read = 0;
  let rejected = 0;
  let folded = 0;
  let nulled = 0;
  let blank = 0;
  let deleted: number | undefined;
  const issues: InputAccounting['issues'] = [];
  for (const r of rows) {
    const n = Number(r.rows);
    const verdict = String(r.verdict);
    // A blank row is no row read (the JS reader skips it and counts it apart); a deleted ticket is a
    // row read and left out, as a row outside the window is.
    if (verdict === 'skip:blank') {
      blank += n;
      continue;
    }
    read += n;
    if (verdict === 'skip:deleted') {
      deleted = (deleted ?? 0) + n;
      continue;
    }
    folded += Number(r.folded);
    nulled += Number(r.nulled);
    if (verdict === 'ok') continue;
    rejected += n;
    const [code = verdict, column = null] = verdict.split(':');
    const text = ISSUE_TEXT[code] ?? { message: code, hint: '' };
    issues.push({ code, column, count: n, action: 'rejected', message: text.message, hint: text.hint, samples: [] });
  }
  return {
    files: files.map((f) => ({ ...f, profile, rows: files.length === 1 ? read : f.rows })),
    read,
    rejected,
    nulled,
    skipped: { duplicate: folded, blank, ...(deleted === undefined ? {} : { deleted }) },
    issues,
  };
}

interface RowsContext {
  asOf: number;
  repeatWindowDays: number;
  repeatSame: 'category' | null;
  fcrVariant: SqlReportOptions['fcrVariant'];
  resolutionRate: SqlReportOptions['resolutionRate'];
  recompute: boolean;
  resolutionInstant: SqlReportOptions['resolutionInstant'];
  custom: SqlReportOptions['custom'];
  sla?: SqlReportOptions['sla'];
  window: TicketRunOptions['window'];
  inputTimezone: string;
  version: string;
  present: ReadonlySet<string>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The value of one metric from a statement row (the columns named as the CSV's). */
function metricValue(m: MetricDefinition, row: SqlRow): MetricValue {
  const k = (suffix: string) => row[`${m.id}${suffix}`];
  if (m.kind === 'count') return { kind: 'count', value: Number(row[m.id] ?? 0) };
  if (m.kind === 'rate') {
    const numerator = Number(k('_num') ?? 0);
    const denominator = Number(k('_den') ?? 0);
    return { kind: 'rate', numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
  }
  if (m.kind === 'total') {
    const total = {
      kind: 'total' as const,
      n: Number(k('_n') ?? 0),
      sum: Number(k('_sum') ?? 0),
      mean: num(k('_mean')),
    };
    if (m.stats !== true) return total;
    // The order statistics of a total that states them; its distribution is the JS engine's only.
    const [median, p90, p95, min, max] = ['_median', '_p90', '_p95', '_min', '_max'].map((x) => num(k(x)));
    return { ...total, median, p90, p95, min, max } as MetricValue;
  }
  const unit = m.unit ?? 'minutes';
  const suffix = unit === 'hours' ? 'h' : 'min';
  const f = (figure: string) => num(k(`_${figure}_${suffix}`));
  return {
    kind: 'duration',
    unit,
    n: Number(k('_n') ?? 0),
    mean: f('mean'),
    median: f('median'),
    p90: f('p90'),
    p95: f('p95'),
    min: f('min'),
    max: f('max'),
  };
}

const groupText = (v: string | null) => v ?? '\uffff';

/** The report model of the statement's rows (accounting set by the caller). */
function reportFromRows(
  rows: readonly SqlRow[],
  metrics: readonly MetricDefinition[],
  skipped: readonly { id: string; reason: string }[],
  ctx: RowsContext,
): Report {
  const { window } = ctx;
  const zone = window.timezone;
  const out: ReportRow[] = rows.map((row) => ({
    period: {
      label: String(row.period),
      start: formatInstant(Number(row.period_start_ms), zone),
      end: formatInstant(Number(row.period_end_ms), zone),
    },
    group: Object.fromEntries(
      window.by.map((name) => [name, row[name] === null || row[name] === undefined ? null : String(row[name])]),
    ),
    metrics: Object.fromEntries([
      ...metrics.map((m) => [m.id, metricValue(m, row)] as const),
      ...skipped.map((s) => [s.id, { kind: 'unavailable', reason: s.reason.replace(/^unavailable: /, '') }] as const),
    ]),
  }));
  // Rows as the JS report orders them: by period, then groups by their values (missing last).
  const starts = rows.map((r) => Number(r.period_start_ms));
  const order = out.map((_, i) => i);
  order.sort((a, b) => {
    const d = (starts[a] as number) - (starts[b] as number);
    if (d !== 0) return d;
    for (const name of window.by) {
      const c = groupText((out[a] as ReportRow).group[name] ?? null).localeCompare(
        groupText((out[b] as ReportRow).group[name] ?? null),
        'en',
      );
      if (c !== 0) return c;
    }
    return 0;
  });
  const all = [
    ...metrics,
    ...skipped.map((s) => ticketMetricsFor(ctx).find((m) => m.id === s.id)).filter((m) => m !== undefined),
  ];
  const ordered = ticketMetricsFor(ctx).filter((m) => all.some((x) => x.id === m.id));
  const options = { ...ctx, clock: undefined };
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: ctx.version },
    kind: 'tickets',
    window: reportWindow({
      since: window.since,
      until: window.until,
      asOf: ctx.asOf,
      timezone: zone,
      inputTimezone: ctx.inputTimezone,
      period: window.period,
      weekStart: window.weekStart,
      by: window.by.map((name) => ({ name })),
      compare: null,
    }),
    definitions: {
      metrics: Object.fromEntries(ordered.map((m) => [m.id, m.describe(options)])),
      fcr_variant: `fcr.${ctx.fcrVariant}`,
      resolution_rate_variant: ctx.resolutionRate,
      repeat_window_days: ctx.repeatWindowDays,
      repeat_same: ctx.repeatSame,
      sources: durationSources(ctx.present as ReadonlySet<never>, options),
      quantile_method: QUANTILE_METHOD,
      clock: describeClock(undefined),
    },
    input: {
      files: [],
      read: 0,
      used: 0,
      skipped: { outside_period: 0, duplicate: 0, blank: 0 },
      rejected: 0,
      nulled: 0,
      issues: [],
    },
    columns: columnSpecs(ordered),
    rows: order.map((i) => out[i] as ReportRow),
  };
}

/** How the columns of the table `opsmetrics sql` writes for store their values. */
export type ColumnTypes = 'timestamp' | 'naive' | 'text';

/** What `opsmetrics sql` needs besides the run's options. */
export interface SqlTextSpec {
  readonly dialect: DialectName;
  /** The table or view the statement reads (`schema.table` allowed). */
  readonly table: string;
  /** Its columns (an export's header, or the names given with --columns). */
  readonly header: readonly string[];
  /**
   * `timestamp`: typed columns, instants as zoned timestamps (TIMESTAMP WITH TIME ZONE, BigQuery
   * TIMESTAMP); `naive`: typed, instants as wall times in the input zone; `text`: every column text
   * (an export loaded as it is; DuckDB and PostgreSQL only).
   */
  readonly columnTypes: ColumnTypes;
  /** What the header came from, for messages. */
  readonly label: string;
  /**
   * The FROM item written instead of a table's quoted name, by the table's name (the last part of
   * `table`, or one of the connector's tables): a dbt `{{ source(...) }}` (api/dbt.ts).
   */
  readonly relationOf?: ((table: string) => string) | undefined;
  /** A connector's schema instead of one table (`table` is then its schema). */
  readonly source?: 'fivetran-zendesk' | undefined;
}

export interface SqlText {
  /** The statements, each ended by `;`, after a comment stating what they compute. */
  readonly text: string;
  readonly sql: string;
  readonly preamble: readonly string[];
  readonly metrics: readonly MetricDefinition[];
  readonly skipped: readonly { id: string; reason: string }[];
  /** Mapping name -> column. */
  readonly resolved: Record<string, string>;
}

/**
 * The columns named as mapping names (`created`, `first_reply`, `first_reply_minutes`, ...) mapped to
 * themselves: a table of the normalized fields needs no mapping.
 * @example identityMap(['id', 'created', 'Queue']) // { id: 'id', created: 'created' }
 */
export function identityMap(header: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const name of header) {
    const target = parseMappingName(name);
    if (target !== null && target.kind !== 'extra') map[name] = name;
  }
  return map;
}

/** The ticket report's SQL for a table: what `opsmetrics sql` prints. */
export function ticketReportSql(spec: SqlTextSpec, run: TicketRunOptions, config: Config, version: string): SqlText {
  refuseUnsupported(
    run,
    config,
    { engine: spec.dialect === 'postgres' ? 'postgres' : 'duckdb', files: ['x'] },
    false,
    'sql',
  );
  const d = DIALECT[spec.dialect];
  const window = run.window;
  const fail = (error: unknown): never => {
    if (error instanceof SqlUnsupported) throw sqlUnsupportedError(error, 'sql', `sql --dialect ${spec.dialect}`);
    throw error;
  };
  let relation: { source: SqlSource; resolved: Record<string, string>; dimensions: Record<string, string> };
  let profileName: string;
  let inputTimezone: string;
  if (spec.source === 'fivetran-zendesk') {
    const source = fivetranZendeskSource(d, {
      schema: spec.table === '' ? null : spec.table,
      naive: spec.columnTypes === 'naive',
      relation: spec.relationOf,
    });
    relation = { source, resolved: {}, dimensions: fivetranDimensions(source, window.by) };
    profileName = 'fivetran-zendesk';
    inputTimezone = 'UTC';
  } else {
    const mapped = Object.keys(run.input.map).length > 0;
    const profile = resolveProfile(run.input.profileName, spec.header, true, spec.label, 'sql');
    const map =
      mapped || profile.signature.length > 0 ? run.input.map : { ...identityMap(spec.header), ...run.input.map };
    inputTimezone = run.input.userInputTz ?? profile.inputTimezone ?? window.timezone;
    profileName = profile.name;
    const columns = columnsOf(spec.header, spec.columnTypes, profile, map, window.by, run);
    try {
      const name = spec.relationOf?.(spec.table.split('.').at(-1) as string) ?? tableName(spec.table, spec.dialect);
      relation = relationSource(d, name, columns, {
        profile,
        map,
        unmap: run.input.unmap,
        numbers: numberColumns(run),
        by: window.by,
        inputTimezone,
        nullTokens: run.input.nullTokens,
        decimal: run.input.decimal,
        maxDurationDays: run.input.maxDurationDays,
      });
    } catch (error) {
      return fail(error);
    }
  }
  const metricOptions = {
    asOf: window.asOf ?? 0,
    repeatWindowDays: run.metrics.repeatWindowDays,
    repeatSame: run.metrics.repeatSame,
    fcrVariant: run.metrics.fcrVariant,
    resolutionRate: run.metrics.resolutionRate,
    recompute: run.metrics.recompute,
    resolutionInstant: run.metrics.resolutionInstant,
    custom: run.metrics.custom,
    ...(config.sla === undefined ? {} : { sla: config.sla }),
  };
  let statement: ReturnType<typeof reportStatement>;
  try {
    statement = reportStatement(spec.dialect, relation.source, ticketMetricsFor(metricOptions), {
      ...metricOptions,
      maxDurationDays: run.input.maxDurationDays,
      onBadValue: run.input.onBadValue,
      asOfGiven: window.asOf,
      since: window.since,
      until: window.until,
      timezone: window.timezone,
      period: window.period,
      weekStart: window.weekStart,
      by: window.by.map((name) => ({ name, key: relation.dimensions[name] ?? name })),
    });
  } catch (error) {
    return fail(error);
  }
  const line = (text: string) => `-- ${text}`;
  const zone = window.timezone;
  const asOfText =
    window.asOf === null ? 'from the data (the minute after the latest instant)' : formatInstant(window.asOf, zone);
  const comment = [
    line(`opsmetrics ${version}: the ticket report as SQL (${spec.dialect}), one row per period and group.`),
    line(
      spec.source === undefined
        ? `Table: ${spec.table} (${spec.columnTypes} columns); profile ${profileName}; input zone ${inputTimezone}.`
        : `Source: the ${spec.source} tables (${FIVETRAN_TABLES.join(', ')}) ` +
            `of schema ${spec.table || '(search path)'}.`,
    ),
    ...(spec.source === undefined
      ? [
          line(
            `Columns: ${Object.entries(relation.resolved)
              .map(([field, column]) => `${field}=${column}`)
              .join(', ')}`,
          ),
        ]
      : []),
    line(
      `Window: ${window.since === null ? 'first ticket' : formatInstant(window.since, zone)} .. ` +
        `${window.until === null ? 'as-of' : formatInstant(window.until, zone)}; as-of ` +
        `${asOfText}` +
        '; ' +
        `zone ${zone}; period ${window.period ?? 'none'}` +
        `${window.period === 'week' ? ` (from ${window.weekStart})` : ''}; ` +
        `by ${window.by.join(', ') || 'nothing'}.`,
    ),
    line(
      `Variants: fcr.${metricOptions.fcrVariant}; resolution rate ${metricOptions.resolutionRate}; ` +
        `repeat window ${metricOptions.repeatWindowDays} days${metricOptions.repeatSame ? ' (same category)' : ''}.`,
    ),
    ...(relation.source.skip ?? []).map((rule) =>
      line(
        rule.reason === 'deleted'
          ? 'Left out: deleted tickets (_fivetran_deleted true, or status deleted), as dbt_zendesk leaves them out.'
          : 'Left out: rows whose cells are all empty (blank lines of an export), as opsmetrics report skips them.',
      ),
    ),
    line(`Percentiles: ${QUANTILE_METHOD}.`),
    line('Instants are epoch milliseconds; durations are in the unit their column names (min, h).'),
    ...statement.skipped.map((s) => line(`Not computed: ${s.id}: ${s.reason}.`)),
    line(
      "docs/warehouse.md says how to run it and what it computes; the metric definitions are the README's " +
        '(README.md#metrics).',
    ),
  ];
  const text = `${comment.join('\n')}\n${[...statement.preamble, statement.sql].map((s) => `${s};\n`).join('')}`;
  return {
    text,
    sql: statement.sql,
    preamble: statement.preamble,
    metrics: statement.metrics,
    skipped: statement.skipped,
    resolved: relation.resolved,
  };
}

/** The columns with their storage class: every one text, or by the field each feeds. */
function columnsOf(
  header: readonly string[],
  types: ColumnTypes,
  profile: TicketProfile,
  map: Readonly<Record<string, string>>,
  by: readonly string[],
  run: TicketRunOptions,
): RelationColumn[] {
  if (types === 'text') return header.map((name) => ({ name, type: 'text' }));
  const { fields } = planColumns(header, { profile, map, by, unmap: run.input.unmap, numbers: numberColumns(run) });
  const kindOf = new Map(
    fields.map((f) => [
      f.column,
      f.target.kind === 'flag' && f.target.from === 'timestamp' ? 'instant' : f.target.kind,
    ]),
  );
  return header.map((name, k) => {
    const kind = kindOf.get(k);
    const type =
      kind === 'instant'
        ? types === 'naive'
          ? 'naive'
          : 'zoned'
        : kind === 'duration' || kind === 'count' || kind === 'number'
          ? 'number'
          : 'text';
    return { name, type } as RelationColumn;
  });
}

/** The header of an export, as the JS reader reads it (delimiter sniffed, encoding guessed). */
export async function readHeader(file: string, input: TicketRunOptions['input']): Promise<string[]> {
  const source = await openRecordSource(openInput(file), {
    name: file,
    ...(input.delimiter ? { delimiter: input.delimiter } : {}),
    encoding: input.encoding as 'auto',
    onIssue: () => {},
    maxFieldBytes: input.maxFieldBytes,
  });
  await source.records[Symbol.asyncIterator]().return?.();
  return source.header;
}
