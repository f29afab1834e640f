/**
 * `opsmetrics sql`: print the SQL of a ticket report (or write it as a dbt model) for a table with an
 * export's columns or the normalized field names, in one of six dialects.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadConfig,
  readHeader,
  resolveTicketRun,
  ticketReportSql,
  type ColumnTypes,
  type ReportFlags,
} from '../../index.js';
import { ExitCode, usageError } from '../../errors.js';
import type { DialectName } from '../../sql/dialect.js';
import { refuseOutputsOverInputs } from '../../api/output-file.js';
import { nowFrom } from '../env.js';
import { writeFileAtomic, writeStdout } from '../io.js';

export interface SqlFlags extends ReportFlags {
  dialect?: DialectName;
  table?: string;
  columns?: string;
  columnTypes?: ColumnTypes;
  dbt?: string;
  source?: 'fivetran-zendesk';
  schema?: string;
}

export async function runSql(
  file: string | undefined,
  flags: SqlFlags,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  refuseOutputsOverInputs({ '--output': flags.output }, [
    ...(file === undefined ? [] : [file]),
    ...(flags.config === undefined ? [] : [flags.config]),
  ]);
  const config = await loadConfig(flags.config);
  // `--columns` here names the table's columns (not those of an export without a header row).
  const run = resolveTicketRun({ ...flags, columns: undefined }, config, env, nowFrom(env));
  const dialect = flags.dialect ?? 'duckdb';
  let header: string[];
  let label: string;
  if (flags.source !== undefined) {
    header = [];
    label = `--source ${flags.source}`;
  } else if (flags.columns !== undefined) {
    header = flags.columns
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    label = '--columns';
  } else if (file !== undefined) {
    header = await readHeader(file, run.input);
    label = file;
  } else {
    throw usageError('bad_option', "sql needs the table's columns: an export file, or --columns", {
      where: 'sql',
      hint: 'e.g. opsmetrics sql tickets.csv --dialect bigquery, or --columns id,created,first_reply,solved,team',
    });
  }
  const columnTypes =
    flags.columnTypes ?? (flags.columns === undefined && flags.source === undefined ? 'text' : 'timestamp');
  // With a connector's source, the tables are found in the schema.
  const table = flags.source === undefined ? (flags.table ?? 'tickets') : (flags.schema ?? '');
  const source = flags.source;
  if (flags.dbt !== undefined) {
    const { dbtModel, dbtRelation, dbtSourceOf } = await import('../../api/dbt.js');
    // Every table the statement reads is a table of the model's source, declared in schema.yml.
    const spec = { dialect, table, header, columnTypes, label, source, relationOf: dbtRelation };
    const model = dbtModel(ticketReportSql(spec, run, config, version), {
      source: dbtSourceOf({ table, dialect, source }),
      version,
      by: run.window.by,
    });
    await mkdir(flags.dbt, { recursive: true });
    await writeFileAtomic(join(flags.dbt, `${model.name}.sql`), model.sql);
    await writeFileAtomic(join(flags.dbt, 'schema.yml'), model.schema);
    if (!run.quiet) {
      process.stderr.write(
        `opsmetrics: wrote ${join(flags.dbt, `${model.name}.sql`)} and ${join(flags.dbt, 'schema.yml')}\n`,
      );
    }
    return ExitCode.ok;
  }
  const result = ticketReportSql({ dialect, table, header, columnTypes, label, source }, run, config, version);
  if (flags.output !== undefined && flags.output !== '-') await writeFileAtomic(flags.output, result.text);
  else await writeStdout(result.text);
  return ExitCode.ok;
}
