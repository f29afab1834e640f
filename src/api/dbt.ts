/**
 * `opsmetrics sql --dbt DIR`: the report's SQL as a dbt model, with a schema.yml declaring the source
 * tables it reads and testing its output (keys present, counts never null, one row per period
 * without groups). The model reads every table through `{{ source('opsmetrics', '<table>') }}`, and
 * schema.yml declares each of them, in the schema (and database) the statement would have read:
 * the part of `--table` before the table, `--schema` for the connector's tables, else the target's
 * schema (what an unqualified name reads). Names are quoted as the statement quotes them.
 */
import type { DialectName } from '../sql/dialect.js';
import { FIVETRAN_TABLES } from '../sql/fivetran.js';
import type { SqlText } from './sql-text.js';

/** The name of the dbt source the model reads (a project must not have another source of that name). */
export const DBT_SOURCE = 'opsmetrics';

export interface DbtModel {
  readonly name: string;
  readonly sql: string;
  readonly schema: string;
}

/** The dbt source the model reads: its database, schema, and tables (the name, and the stored name). */
export interface DbtSource {
  readonly database?: string | undefined;
  /** The schema, or dbt's target schema (`{{ target.schema }}`) when none is named. */
  readonly schema: string;
  readonly tables: readonly { name: string; identifier: string }[];
}

const TARGET_SCHEMA = '{{ target.schema }}';

/**
 * The source of a statement: one table (`--table [database.][schema.]table`), or the connector's
 * tables in `--schema` (`source`), named as the connector stores them (upper case in Snowflake).
 * @example dbtSourceOf({ table: 'helpdesk.tickets', dialect: 'duckdb' })
 * // { schema: 'helpdesk', tables: [{ name: 'tickets', identifier: 'tickets' }] }
 * @example dbtSourceOf({ table: 'tickets', dialect: 'duckdb' }).schema // '{{ target.schema }}'
 * @example dbtSourceOf({ table: 'zendesk', dialect: 'snowflake', source: 'fivetran-zendesk' }).tables[0]
 * // { name: 'ticket', identifier: 'TICKET' }
 */
export function dbtSourceOf(spec: {
  table: string;
  dialect: DialectName;
  source?: 'fivetran-zendesk' | undefined;
}): DbtSource {
  if (spec.source === 'fivetran-zendesk') {
    const stored = (name: string) => (spec.dialect === 'snowflake' ? name.toUpperCase() : name);
    return {
      schema: spec.table === '' ? TARGET_SCHEMA : stored(spec.table),
      tables: FIVETRAN_TABLES.map((name) => ({ name, identifier: stored(name) })),
    };
  }
  const parts = spec.table.split('.');
  const table = parts.at(-1) as string;
  return {
    ...(parts.length > 2 ? { database: parts.at(-3) } : {}),
    schema: parts.length > 1 ? (parts.at(-2) as string) : TARGET_SCHEMA,
    tables: [{ name: table, identifier: table }],
  };
}

/** The FROM item of one table of the source: `{{ source('opsmetrics', '<name>') }}`. */
export const dbtRelation = (name: string): string => `{{ source('${DBT_SOURCE}', '${name}') }}`;

/** A YAML scalar: quoted when it holds anything but plain name characters. */
const yamlText = (text: string) => (/^[A-Za-z_][\w-]*$/.test(text) ? text : JSON.stringify(text));

/** The model file and its schema.yml of a statement generated with its tables as `dbtRelation`s. */
export function dbtModel(
  text: SqlText,
  options: { source: DbtSource; version: string; by: readonly string[] },
): DbtModel {
  const name = 'opsmetrics_ticket_report';
  const hooks = text.preamble.map((s) => JSON.stringify(s));
  const config =
    hooks.length === 0
      ? "{{ config(materialized='table') }}"
      : `{{ config(materialized='table', pre_hook=[${hooks.join(', ')}]) }}`;
  const comment = text.text.split('\n').filter((l) => l.startsWith('-- '));
  const sql = `${config}\n${comment.join('\n')}\n${text.sql}\n`;
  const counts = text.metrics.flatMap((m) =>
    m.kind === 'count' ? [m.id] : m.kind === 'rate' ? [`${m.id}_num`, `${m.id}_den`] : [`${m.id}_n`],
  );
  const notNull = ['period', 'period_start_ms', 'period_end_ms', 'as_of_ms', ...counts];
  const { source } = options;
  const schemaLines = [
    `# Written by opsmetrics ${options.version} (opsmetrics sql --dbt): the model's source and tests.`,
    'version: 2',
    '',
    'sources:',
    `  - name: ${DBT_SOURCE}`,
    ...(source.database === undefined ? [] : [`    database: ${yamlText(source.database)}`]),
    `    schema: ${yamlText(source.schema)}`,
    '    # Quoted as the statement quotes them: the names are the tables as the database stores them.',
    '    quoting:',
    ...(source.database === undefined ? [] : ['      database: true']),
    '      schema: true',
    '      identifier: true',
    '    tables:',
    ...source.tables.flatMap((t) => [
      `      - name: ${yamlText(t.name)}`,
      ...(t.identifier === t.name ? [] : [`        identifier: ${yamlText(t.identifier)}`]),
    ]),
    '',
    'models:',
    `  - name: ${name}`,
    '    description: >',
    '      The opsmetrics ticket report: one row per period and group, the columns named as the',
    "      CSV output of opsmetrics report. Definitions in the Metrics section of opsmetrics' README",
    '      (README.md#metrics).',
    '    columns:',
    ...notNull.flatMap((column) => [
      `      - name: ${column}`,
      '        tests:',
      '          - not_null',
      ...(column === 'period_start_ms' && options.by.length === 0 ? ['          - unique'] : []),
    ]),
  ];
  return { name, sql, schema: `${schemaLines.join('\n')}\n` };
}
