/**
 * The SQL `opsmetrics sql` prints (api/sql.ts ticketReportSql), in every dialect, over a matrix of the
 * options that change its text: no period, days, ISO and Sunday weeks, months; one and two `--by`
 * dimensions; the resolution-rate and FCR variants; repeats by category; a window and an as-of; SLA
 * targets by priority (one key holding a quote and a backslash); null tokens; emptied bad values;
 * typed (zoned and naive) and text columns; the connector's Zendesk tables.
 *
 * BigQuery, Snowflake, Trino and Spark cannot run here: each statement (and each preamble statement)
 * is parsed by a parser of its dialect (test/sql/parsers.ts), which must find nothing, and each parser
 * is shown to refuse SQL its dialect refuses, so a parser that takes anything cannot pass the test.
 * DuckDB and PostgreSQL (PGlite) bind each statement against tables of those columns with EXPLAIN.
 * What no parser sees (a name's case in Snowflake) is checked on the text. docs/warehouse.md says
 * which dialect is executed and which only parsed.
 */
import { freshPglite } from '../helpers/pglite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ColumnTypes, ticketReportSql } from '../../src/api/sql-text.js';
import { AppError } from '../../src/errors.js';
import { type Config, type ReportFlags, resolveTicketRun } from '../../src/index.js';
import { parseConfig } from '../../src/options/schema.js';
import { DIALECTS, type DialectName } from '../../src/sql/dialect.js';
import { openDuckdb, postgresRunner, type SqlRunner } from '../../src/sql/run.js';
import { type SyntaxCheck, syntaxCheck } from './parsers.js';

const NONE: Config = { input: {}, report: {}, schedules: {} };
const SLA = parseConfig(
  [
    'sla:',
    `  first_reply: { urgent: 1h, high: 4h, "very high": 2h, "it's \\\\ late": 3h, default: 1d }`,
    '  resolution: { urgent: 8h, high: 1d, default: 3d }',
    '',
  ].join('\n'),
  'sla.yml',
);

/** A table of the normalized fields: instants, counts, dimensions. */
const INSTANTS = ['created', 'first_reply', 'solved', 'closed', 'updated'];
const COUNTS = ['reopens', 'agent_replies'];
const COLUMNS = ['id', ...INSTANTS, 'priority', 'team', 'channel', 'customer', 'category', ...COUNTS];

interface Case {
  name: string;
  flags: ReportFlags;
  config: Config;
}
const CASES: Case[] = [
  { name: 'no period', flags: {}, config: NONE },
  { name: 'days in Kolkata, SLA', flags: { period: 'day', tz: 'Asia/Kolkata' }, config: SLA },
  { name: 'ISO weeks by team', flags: { period: 'week', by: 'team', tz: 'America/New_York' }, config: NONE },
  {
    name: 'Sunday weeks by team and priority, SLA',
    flags: { period: 'week', weekStart: 'sunday', by: 'team,priority', tz: 'America/Santiago' },
    config: SLA,
  },
  {
    name: 'months, throughput, FCR without a repeat',
    flags: { period: 'month', resolutionRate: 'throughput', fcr: 'no_repeat', tz: 'Europe/Berlin' },
    config: NONE,
  },
  {
    name: 'FCR without a follow-up, repeats by category, by channel',
    flags: { fcr: 'no_customer_followup', repeatSame: 'category', repeatWindow: '3', by: 'channel' },
    config: SLA,
  },
  {
    name: 'a window and an as-of, days',
    flags: { since: '2025-01-01', until: '2025-03-01', asOf: '2025-03-02T12:00:00Z', period: 'day', tz: 'UTC' },
    config: NONE,
  },
  {
    name: 'bad values emptied, null tokens, weeks by priority, SLA',
    flags: { onBadValue: 'null', nullToken: ['-', "n'a", 'x\\y'], period: 'week', by: 'priority' },
    config: SLA,
  },
];

const FIVETRAN_CASES: Case[] = [
  { name: 'weeks by team', flags: { period: 'week', by: 'team' }, config: SLA },
  {
    name: 'FCR without a follow-up, by priority',
    flags: { fcr: 'no_customer_followup', by: 'priority' },
    config: NONE,
  },
  {
    name: 'days in Berlin, throughput',
    flags: { period: 'day', tz: 'Europe/Berlin', resolutionRate: 'throughput' },
    config: NONE,
  },
];

const typesOf = (dialect: DialectName): ColumnTypes[] =>
  dialect === 'duckdb' || dialect === 'postgres' ? ['timestamp', 'naive', 'text'] : ['timestamp', 'naive'];

interface Generated {
  label: string;
  statements: string[];
}

/** Every statement of the matrix in one dialect: preamble statements and report, deduplicated. */
function generate(dialect: DialectName): Generated[] {
  const out = new Map<string, string>();
  const add = (label: string, sql: string) => {
    if (!out.has(sql)) out.set(sql, label);
  };
  for (const types of typesOf(dialect)) {
    for (const c of CASES) {
      const flags = types === 'timestamp' ? c.flags : { inputTz: 'Europe/Berlin', ...c.flags };
      const run = resolveTicketRun(flags, c.config, {});
      const spec = {
        dialect,
        table: `helpdesk.tickets_${types}`,
        header: COLUMNS,
        columnTypes: types,
        label: 'matrix',
      };
      const result = ticketReportSql(spec, run, c.config, '0.0.0-test');
      const label = `${c.name} (${types} columns)`;
      for (const [k, sql] of result.preamble.entries()) add(`${label}, preamble ${k + 1}`, sql);
      add(label, result.sql);
    }
  }
  for (const naive of [false, true]) {
    for (const c of FIVETRAN_CASES) {
      const run = resolveTicketRun(c.flags, c.config, {});
      const columnTypes: ColumnTypes = naive ? 'naive' : 'timestamp';
      const spec = {
        dialect,
        table: naive ? 'zendesk_naive' : 'zendesk',
        header: [],
        columnTypes,
        label: '--source fivetran-zendesk',
        source: 'fivetran-zendesk' as const,
      };
      const result = ticketReportSql(spec, run, c.config, '0.0.0-test');
      const label = `fivetran-zendesk, ${c.name} (${columnTypes})`;
      for (const [k, sql] of result.preamble.entries()) add(`${label}, preamble ${k + 1}`, sql);
      add(label, result.sql);
    }
  }
  const byLabel = new Map<string, string[]>();
  for (const [sql, label] of out) byLabel.set(label, [...(byLabel.get(label) ?? []), sql]);
  return [...byLabel].map(([label, statements]) => ({ label, statements }));
}

/** SQL its dialect refuses, and the parser must refuse: a syntax error, then that dialect's own. */
const REFUSED: Record<Exclude<DialectName, 'duckdb' | 'postgres'>, string[]> = {
  bigquery: [
    'SELECT a FROM WHERE b = 1',
    'SELECT x::INT64 FROM t',
    'SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) FROM t',
    // A window's ORDER BY takes no NULLS FIRST / LAST in BigQuery (the statement once wrote it).
    'SELECT ROW_NUMBER() OVER (PARTITION BY g ORDER BY x DESC NULLS LAST) FROM t',
    'SELECT a <=> b FROM t',
  ],
  snowflake: ['SELECT a FROM WHERE b = 1', 'SELECT x FROM t WHERE x = = 1', 'SELECT a FROM t LIMIT 1, 2'],
  trino: [
    'SELECT a FROM WHERE b = 1',
    'SELECT ts + INTERVAL 1 DAY FROM t',
    'SELECT x::bigint FROM t',
    "SELECT 'it\\'s' FROM t",
    'SELECT a FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1',
  ],
  spark: [
    'SELECT a FROM WHERE b = 1',
    'SELECT TOP 5 x FROM t',
    'SELECT x FROM TABLE(GENERATOR(ROWCOUNT => 10))',
    'SELECT SAFE_CAST(x AS INT64) FROM t',
  ],
};

/**
 * Names quoted in lower case that are also written unquoted: Snowflake folds an unquoted name to
 * upper case, so the two are different names there (`"om_ord"` is not `om_ord`).
 */
function caseClashes(sql: string): string[] {
  const code = sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  const quoted = new Set([...code.matchAll(/"((?:[^"]|"")+)"/g)].map((m) => m[1] as string));
  const bare = new Set(
    [...code.replace(/"(?:[^"]|"")+"/g, ' ').matchAll(/[A-Za-z_][A-Za-z0-9_$]*/g)].map((m) => m[0].toUpperCase()),
  );
  return [...quoted].filter((name) => name !== name.toUpperCase() && bare.has(name.toUpperCase()));
}

describe.each(['bigquery', 'snowflake', 'trino', 'spark'] as const)('%s: parsed by its own parser', (dialect) => {
  let check: SyntaxCheck;
  beforeAll(async () => {
    check = await syntaxCheck(dialect);
  }, 120_000);
  const generated = generate(dialect);

  it('generates the matrix', () => {
    expect(generated.length).toBeGreaterThanOrEqual(CASES.length * 2 + FIVETRAN_CASES.length * 2);
  });
  it.each(generated.map((g) => [g.label, g] as const))('%s', (_, g) => {
    for (const sql of g.statements) expect(check.errors(sql), `${check.parser}: ${g.label}`).toEqual([]);
  });
  it.each(REFUSED[dialect].map((sql) => [sql]))('the parser refuses %s', (sql) => {
    // Trino and Spark: errors() gives full LL's errors once SLL found one, so SLL alone cannot refuse.
    expect(check.errors(sql).length, `${check.parser} took it`).toBeGreaterThan(0);
  });
  if (dialect === 'trino' || dialect === 'spark') {
    // Small statements: full LL on a generated statement costs 5-10 s of CPU and shows nothing more.
    it('full LL prediction (the second stage) takes what the dialect takes, and refuses broken SQL', () => {
      const valid = 'SELECT a, COUNT(*) AS n FROM t WHERE b = 1 GROUP BY a ORDER BY n DESC';
      expect(check.errors(valid)).toEqual([]);
      expect(check.llErrors?.(valid)).toEqual([]);
      expect(check.llErrors?.('SELECT a FROM WHERE b = 1').length).toBeGreaterThan(0);
    });
  }
  it('refuses text columns: the dialect parses no values from text', () => {
    const run = resolveTicketRun({}, NONE, {});
    const spec = { dialect, table: 'tickets', header: COLUMNS, columnTypes: 'text' as const, label: 'matrix' };
    let error: unknown;
    try {
      ticketReportSql(spec, run, NONE, '0.0.0-test');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('sql_unsupported');
    expect((error as AppError).message).toMatch(/as text/);
  });
  if (dialect === 'snowflake') {
    it('writes each name in one case: quoted lower-case names are never also unquoted', () => {
      for (const g of generated) {
        for (const sql of g.statements) expect(caseClashes(sql), g.label).toEqual([]);
      }
      expect(caseClashes('SELECT "om_ord" FROM t ORDER BY om_ord')).toEqual(['om_ord']);
    });
  }
});

/** Tables of the matrix's columns in each column type, and the connector's tables. */
function tables(dialect: 'duckdb' | 'postgres'): string[] {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const ddl: string[] = ['CREATE SCHEMA helpdesk', 'CREATE SCHEMA zendesk', 'CREATE SCHEMA zendesk_naive'];
  for (const types of ['timestamp', 'naive', 'text'] as const) {
    const type = (column: string) =>
      types === 'text'
        ? text
        : INSTANTS.includes(column)
          ? types === 'timestamp'
            ? 'TIMESTAMPTZ'
            : 'TIMESTAMP'
          : COUNTS.includes(column)
            ? 'BIGINT'
            : text;
    ddl.push(`CREATE TABLE helpdesk.tickets_${types} (${COLUMNS.map((c) => `"${c}" ${type(c)}`).join(', ')})`);
  }
  for (const [schema, ts] of [
    ['zendesk', 'TIMESTAMPTZ'],
    ['zendesk_naive', 'TIMESTAMP'],
  ]) {
    ddl.push(
      `CREATE TABLE ${schema}.ticket (id BIGINT, created_at ${ts}, updated_at ${ts}, status ${text}, ` +
        `priority ${text}, via_channel ${text}, type ${text}, requester_id BIGINT, group_id BIGINT, ` +
        'assignee_id BIGINT, _fivetran_deleted BOOLEAN)',
      `CREATE TABLE ${schema}.ticket_field_history (ticket_id BIGINT, field_name ${text}, value ${text}, ` +
        `updated ${ts}, user_id BIGINT)`,
      `CREATE TABLE ${schema}.ticket_comment (id BIGINT, ticket_id BIGINT, created ${ts}, public BOOLEAN, ` +
        `user_id BIGINT, body ${text})`,
      `CREATE TABLE ${schema}."user" (id BIGINT, name ${text}, role ${text})`,
      `CREATE TABLE ${schema}."group" (id BIGINT, name ${text})`,
    );
  }
  return ddl;
}

describe.each(['duckdb', 'postgres'] as const)('%s: bound by the engine (EXPLAIN)', (dialect) => {
  let runner: SqlRunner;
  beforeAll(async () => {
    runner = dialect === 'duckdb' ? await openDuckdb() : postgresRunner(await freshPglite());
    for (const sql of tables(dialect)) await runner.exec(sql);
  }, 120_000);
  afterAll(async () => {
    await runner?.close();
  });
  const generated = generate(dialect);

  it.each(generated.map((g) => [g.label, g] as const))('%s', async (_, g) => {
    for (const sql of g.statements) await runner.query(`EXPLAIN ${sql}`);
  });
  it.each([['SELECT a FROM WHERE b = 1'], ['SELECT no_such_column FROM helpdesk.tickets_timestamp']])(
    'the engine refuses %s',
    async (sql) => {
      await expect(runner.query(`EXPLAIN ${sql}`)).rejects.toThrow();
    },
  );
});

it('covers every dialect', () => {
  expect([...DIALECTS].sort()).toEqual(['bigquery', 'duckdb', 'postgres', 'snowflake', 'spark', 'trino']);
});
