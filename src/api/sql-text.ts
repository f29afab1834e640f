import { formatInstant } from '../calendar/zone.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import { planColumns } from '../ingest/columns.js';
import { parseMappingName } from '../ingest/fields.js';
import type { TicketProfile } from '../ingest/profiles/types.js';
import { openRecordSource } from '../ingest/records.js';
import { ticketMetricsFor } from '../metrics/index.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { TicketRunOptions } from '../options/resolve.js';
import type { Config } from '../options/schema.js';
import { DIALECT, type DialectName } from '../sql/dialect.js';
import { SqlUnsupported } from '../sql/expr.js';
import { FIVETRAN_TABLES, fivetranZendeskSource } from '../sql/fivetran.js';
import { relationSource, type RelationColumn } from '../sql/source.js';
import { reportStatement, type SqlSource } from '../sql/statement.js';
import { openInput } from './inputs.js';
import { refuseUnsupported, sqlMetricOptions } from './sql.js';
import { fivetranDimensions, numberColumns, sqlUnsupportedError, tableName } from './sql-relation.js';

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
  const metricOptions = sqlMetricOptions(run, config);
  let statement: ReturnType<typeof reportStatement>;
  try {
    statement = reportStatement(spec.dialect, relation.source, ticketMetricsFor(metricOptions), {
      ...metricOptions,
      maxDurationDays: run.input.maxDurationDays,
      onBadValue: run.input.onBadValue,
      plausibleYears: run.input.plausibleYears,
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
