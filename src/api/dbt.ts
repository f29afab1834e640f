/**
 * `opsmetrics sql --dbt DIR`: the report's SQL as a dbt model, with a schema.yml declaring its source
 * table and testing its output (keys present, counts never null, one row per period without groups).
 */
import type { SqlText } from './sql.js';

export interface DbtModel {
  readonly name: string;
  readonly sql: string;
  readonly schema: string;
}

/** The source the model reads: `{{ source('opsmetrics', '<table>') }}`. */
export const dbtSource = (table: string): string => `{{ source('opsmetrics', '${table.split('.').at(-1)}') }}`;

/** The model file and its schema.yml of a statement generated with relationSql = dbtSource(table). */
export function dbtModel(text: SqlText, options: { table: string; version: string; by: readonly string[] }): DbtModel {
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
  const parts = options.table.split('.');
  const schemaLines = [
    `# Written by opsmetrics ${options.version} (opsmetrics sql --dbt): the model's source and tests.`,
    'version: 2',
    '',
    'sources:',
    '  - name: opsmetrics',
    ...(parts.length > 1 ? [`    schema: ${parts.at(-2)}`] : []),
    '    tables:',
    `      - name: ${parts.at(-1)}`,
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
