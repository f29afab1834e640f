import { type AppError, inputError, usageError } from '../errors.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import { countBlankRecords } from '../ingest/blank-records.js';
import { openRecordSource } from '../ingest/records.js';
import { customUnitMs } from '../metrics/custom.js';
import type { TicketRunOptions } from '../options/resolve.js';
import type { InputAccounting } from '../report/model.js';
import { DIALECT, type DialectName } from '../sql/dialect.js';
import { SqlUnsupported, type SqlUnsupportedReason } from '../sql/expr.js';
import type { SqlRow, SqlRunner } from '../sql/run.js';
import { FIVETRAN_TABLES, fivetranZendeskSource } from '../sql/fivetran.js';
import { columnClass, relationSource, type RelationColumn } from '../sql/source.js';
import type { SqlSource } from '../sql/statement.js';
import type { TicketField } from '../model/ticket.js';
import { openInput } from './inputs.js';

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

export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

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
export const numberColumns = (run: TicketRunOptions) =>
  run.metrics.custom.map((m) => ({ id: m.id, column: m.column, unitMs: customUnitMs(m.unit) }));

/** A table name as written (`schema.table` allowed), quoted part by part. */
export function tableName(name: string, dialect: DialectName): string {
  return name
    .split('.')
    .map((part) => DIALECT[dialect].ident(part))
    .join('.');
}

export interface Relation {
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
export async function fileRelation(
  runner: SqlRunner,
  files: readonly string[],
  run: TicketRunOptions,
): Promise<Relation> {
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
export async function tableRelation(runner: SqlRunner, input: SqlInput, dialect: DialectName): Promise<Relation> {
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

export interface FoundSource {
  relation: { source: SqlSource; dimensions: Record<string, string> };
  profileName: string;
  inputTimezone: string;
  label: string;
  files: InputAccounting['files'];
  rejects?: string | undefined;
  blank?: number | undefined;
}

/** The statement's source: the connector's Zendesk schema, a table, or export files. */
export async function sourceOf(
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
export function engineFailed(runner: SqlRunner, what: string, error: unknown): AppError {
  const message = (error as Error).message.split('\n')[0] ?? '';
  const hint = /out of memory/i.test(message)
    ? 'Give DuckDB more memory (--engine-memory, e.g. 2GB) or fewer threads (--engine-threads): each thread ' +
      'needs buffers of its own.'
    : 'Check the input (a column of an unexpected type, a damaged file); run without --engine to compare.';
  return inputError('engine_failed', `${runner.engine} could not ${what}: ${message}`, { where: '--engine', hint });
}

/** Runs a statement that returns nothing; the engine's error as an input error. */
export async function exec(runner: SqlRunner, sql: string, what: string): Promise<void> {
  try {
    await runner.exec(sql);
  } catch (error) {
    throw engineFailed(runner, what, error);
  }
}

/** The engine's error, as an input error naming the statement's step. */
export async function query(runner: SqlRunner, sql: string, what: string): Promise<SqlRow[]> {
  try {
    return await runner.query(sql);
  } catch (error) {
    throw engineFailed(runner, what, error);
  }
}
