/**
 * `report --engine duckdb` on the exports themselves (DuckDB reads the CSV as text, the generated SQL
 * parses it as the JS reader does): the same report as the JS engine, figures and row accounting.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPglite } from '../helpers/pglite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdb, postgresRunner, type SqlRunner } from '../../src/sql/run.js';
import { randomExport } from './random.js';
import { loadConfig, loadTickets, resolveTicketRun, ticketReport, type ReportFlags } from '../../src/index.js';
import { sqlTicketReport } from '../../src/api/sql.js';
import { AppError } from '../../src/errors.js';
import { tableRows } from '../../src/report/flatten.js';
import type { Report, ReportRow } from '../../src/report/model.js';

function sameReport(js: Report, sql: Report): string[] {
  const out: string[] = [];
  const a = tableRows(js);
  const b = tableRows(sql);
  if (a.keys.join() !== b.keys.join()) out.push(`columns: ${a.keys.join()} vs ${b.keys.join()}`);
  if (a.rows.length !== b.rows.length) out.push(`rows: ${a.rows.length} vs ${b.rows.length}`);
  a.rows.forEach((row, i) => {
    row.forEach((cell, k) => {
      const other = b.rows[i]?.[k] ?? null;
      const close =
        typeof cell === 'number' && typeof other === 'number'
          ? Math.abs(cell - other) <= 1e-9 * Math.max(1, Math.abs(cell))
          : cell === other;
      if (!close) out.push(`row ${i} ${a.keys[k]}: JS ${cell}, SQL ${other}`);
    });
  });
  for (const key of ['read', 'used', 'rejected', 'nulled'] as const) {
    if (js.input[key] !== sql.input[key]) out.push(`input.${key}: JS ${js.input[key]}, SQL ${sql.input[key]}`);
  }
  for (const key of ['outside_period', 'duplicate', 'blank'] as const) {
    if (js.input.skipped[key] !== sql.input.skipped[key]) {
      out.push(`input.skipped.${key}: JS ${js.input.skipped[key]}, SQL ${sql.input.skipped[key]}`);
    }
  }
  if (js.window.as_of !== sql.window.as_of) out.push(`as_of: ${js.window.as_of} vs ${sql.window.as_of}`);
  // The export's durations beside the timestamps', figure by figure.
  const keys = (r: Report) => Object.keys(r.reconciliation ?? {}).sort();
  if (keys(js).join() !== keys(sql).join()) out.push(`reconciliation: ${keys(js).join()} vs ${keys(sql).join()}`);
  for (const key of keys(js)) {
    const a = js.reconciliation?.[key] as Record<string, unknown>;
    const b = (sql.reconciliation?.[key] ?? {}) as Record<string, unknown>;
    for (const [figure, x] of Object.entries(a)) {
      const y = b[figure];
      const close =
        typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) : x === y;
      if (!close) out.push(`reconciliation.${key}.${figure}: JS ${x}, SQL ${y}`);
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'om-engine-'));

/**
 * One PostgreSQL database (PGlite) for the file, opened by the first test that needs it: opening one
 * costs about 1 s of CPU, a table in it a few milliseconds. Each test reads a table of its own.
 */
let postgres: Promise<SqlRunner> | undefined;
const pglite = () => {
  postgres ??= freshPglite().then(postgresRunner);
  return postgres;
};
afterAll(async () => {
  await (await postgres)?.close();
});
const random = (seed: number, rows: number, style: 'utc' | 'naive' | 'messy') => {
  const file = join(dir, `random-${seed}-${style}.csv`);
  writeFileSync(file, randomExport(seed, rows, style));
  return file;
};
const generic: ReportFlags = {
  profile: 'generic',
  map: [
    'id=id',
    'created=created',
    'first_reply=first_reply',
    'solved=solved',
    'priority=priority',
    'team=team',
    'customer=customer',
    'category=category',
    'reopens=reopens',
    'agent_replies=agent_replies',
    'updated=updated',
    'first_reply_minutes=frt_min',
  ],
};

/**
 * An export with what issue #19 reads: a reopened flag (yes/no, a spelling outside them), a reopen
 * time, a vendor FCR flag, a transfer count, a configured metric's column (bad and negative values
 * too), tickets closed without a resolution time.
 */
const definitions = join(dir, 'definitions.csv');
writeFileSync(
  definitions,
  [
    'id,created,solved,closed,team,reopened,reopen_time,fcr,transfers,handle_min,score',
    '1,2025-11-03T09:00:00Z,2025-11-03T10:00:00Z,2025-11-05T10:00:00Z,A,no,,Y,0,12.5,3',
    '2,2025-11-03T11:00:00Z,,2025-11-04T09:00:00Z,A,yes,2025-11-04T08:00:00Z,N,2,30,4',
    '3,2025-11-04T08:30:00Z,2025-11-06T12:00:00Z,,B,maybe,,?,1,abc,5',
    '4,2025-11-05T14:00:00Z,,,B,,,Y,,45,',
    '5,2025-11-06T10:00:00Z,2025-11-06T10:30:00Z,2025-11-10T10:30:00Z,A,NO,,y,4,-5,2',
    '6,2025-11-10T09:00:00Z,,2025-11-11T09:00:00Z,B,Yes,2025-11-10T12:00:00Z,n,0,8,1',
    '7,2025-11-11T16:00:00Z,2025-11-12T09:00:00Z,,A,no,,Y,12,60,5',
    '8,2025-11-12T09:15:00Z,,,A,no,,N,3,15,4',
    '9,2025-11-13T07:00:00Z,2025-11-13T08:00:00Z,2025-11-14T08:00:00Z,B,no,,,1,20.25,3',
    '10,2025-11-14T12:00:00Z,,2025-11-17T12:00:00Z,A,yes,not a date,Y,2,5,2',
    '',
  ].join('\n'),
);
const definitionsConfig = join(dir, 'definitions.yml');
writeFileSync(
  definitionsConfig,
  [
    'metrics:',
    '  handle_time: { column: handle_min, unit: minutes, stat: [mean, p90] }',
    '  score: { column: score, stat: [mean] }',
    '',
  ].join('\n'),
);
const definitionFlags = (reopen: string): ReportFlags => ({
  config: definitionsConfig,
  profile: 'generic',
  map: [
    'id=id',
    'created=created',
    'solved=solved',
    'closed=closed',
    'team=team',
    reopen,
    'vendor_fcr=fcr',
    'group_transfers=transfers',
  ],
  inputTz: 'UTC',
  asOf: '2025-11-20',
  maxBadRows: '100',
  period: 'week',
  by: 'team',
});

/**
 * Rows of empty cells as spreadsheets write them (`,,,,`), cells of spaces, quoted empty cells, a line
 * of spaces and empty lines, before the header too; and a header-only export beside another.
 */
const blankRows = join(dir, 'blank-rows.csv');
writeFileSync(
  blankRows,
  [
    '',
    '',
    'id,created,solved,team',
    '1,2025-11-03T09:00:00Z,2025-11-03T10:00:00Z,A',
    ',,,',
    '2,2025-11-04T09:00:00Z,,B',
    '   ',
    '"","","",""',
    '  , ,\t,',
    '',
    '3,2025-11-05T09:00:00Z,"2025-11-05T12:00:00Z",A',
    ',,,,',
    ',,,',
    '',
    '',
  ].join('\n'),
);
const headerOnly = join(dir, 'header-only.csv');
writeFileSync(headerOnly, 'id,created,solved,team\n\n,,,\n');
const blankFlags: ReportFlags = {
  profile: 'generic',
  map: ['id=id', 'created=created', 'solved=solved', 'team=team'],
  inputTz: 'UTC',
  by: 'team',
};

const CASES: [string, string[], ReportFlags][] = [
  ['blank rows and lines: skipped and counted, not rejected', [blankRows], blankFlags],
  ['a header-only export beside another', [blankRows, headerOnly], blankFlags],
  [
    'issue #19 definitions: flags, counts, a configured metric',
    [definitions],
    { ...definitionFlags('reopened=reopened'), resolutionInstant: 'solved' },
  ],
  [
    'issue #19 definitions, nulled: a reopen time, solved else closed',
    [definitions],
    { ...definitionFlags('reopened_at=reopen_time'), onBadValue: 'null' },
  ],
  [
    'zendesk',
    ['fixtures/zendesk/tickets.csv'],
    { inputTz: 'America/New_York', tz: 'America/New_York', period: 'week', by: 'priority' },
  ],
  [
    'freshdesk',
    ['fixtures/freshdesk/tickets.csv'],
    { inputTz: 'Asia/Kolkata', tz: 'Asia/Kolkata', period: 'week', by: 'team' },
  ],
  ['servicenow', ['fixtures/servicenow/incidents.csv'], { inputTz: 'UTC', by: 'priority' }],
  ['servicenow audit', ['fixtures/servicenow/incident_audit.csv'], { inputTz: 'UTC', period: 'day' }],
  [
    'broken rows',
    ['fixtures/broken/bad-dates.csv'],
    { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100' },
  ],
  [
    'broken rows, nulled',
    ['fixtures/broken/bad-dates.csv'],
    { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100', onBadValue: 'null' },
  ],
  // Creation years 0201, 0001, 1969 and 2101 (implausible_date) beside the first and last instants of 1970-2100.
  ['implausible years', ['fixtures/broken/implausible-years.csv'], { ...blankFlags, maxBadRows: '100' }],
  [
    'implausible years, nulled',
    ['fixtures/broken/implausible-years.csv'],
    { ...blankFlags, maxBadRows: '100', onBadValue: 'null' },
  ],
  [
    'implausible years, widened',
    ['fixtures/broken/implausible-years.csv'],
    { ...blankFlags, maxBadRows: '100', plausibleYears: '1-2200' },
  ],
  ['numbers', ['fixtures/broken/numbers.csv'], { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100' }],
  [
    'numbers, --decimal-point',
    ['fixtures/broken/numbers.csv'],
    { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100', decimalPoint: true },
  ],
  [
    'numbers, --decimal-comma',
    ['fixtures/broken/numbers.csv'],
    { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100', decimalComma: true },
  ],
  [
    'durations',
    ['fixtures/broken/durations.csv'],
    { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100' },
  ],
  ['random, UTC, weeks by team', [random(11, 500, 'utc')], { ...generic, inputTz: 'UTC', period: 'week', by: 'team' }],
  [
    'random, naive New York times',
    [random(12, 500, 'naive')],
    { ...generic, inputTz: 'America/New_York', tz: 'America/New_York', period: 'day' },
  ],
  [
    'random, messy values rejected',
    [random(13, 600, 'messy')],
    { ...generic, inputTz: 'Europe/Berlin', maxBadRows: '10000', by: 'priority' },
  ],
  [
    'random, messy values nulled',
    [random(14, 600, 'messy')],
    { ...generic, inputTz: 'UTC', maxBadRows: '10000', onBadValue: 'null', period: 'month' },
  ],
  ['two files', [random(15, 200, 'utc'), random(16, 200, 'utc')], { ...generic, inputTz: 'UTC', period: 'week' }],
];

describe('report --engine duckdb on CSV exports', () => {
  it.each(CASES)('%s', async (_name, files, flags) => {
    const config = await loadConfig(flags.config);
    const run = resolveTicketRun({ quiet: true, ...flags }, config, {});
    const loaded = await loadTickets(files, run, config, { version: 'test' });
    const { report } = await ticketReport(loaded, { insights: false, explain: false });
    const sql = await sqlTicketReport({ engine: 'duckdb', files }, run, config, 'test');
    expect(sameReport(report, sql.report)).toEqual([]);
  });
});

describe('report --engine on an event log', () => {
  it.each(['duckdb', 'postgres'] as const)(
    '%s refuses it before reading anything (sql_unsupported)',
    async (engine) => {
      const config = await loadConfig(undefined);
      const run = resolveTicketRun({ quiet: true, events: ['fixtures/events/log.csv'] }, config, {});
      const input = { engine, files: [], db: 'postgres://localhost/none', table: 'tickets' };
      const error = await sqlTicketReport(input, run, config, 'test').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('sql_unsupported');
      expect((error as AppError).message).toMatch(/event logs \(--events\) are folded by the JS engine only/);
    },
  );
});

/** The JS report of `files` beside the SQL report of a table made from them by DuckDB. */
async function jsReport(files: string[], flags: ReportFlags) {
  const config = await loadConfig(flags.config);
  const run = resolveTicketRun({ quiet: true, ...flags }, config, {});
  const loaded = await loadTickets(files, run, config, { version: 'test' });
  return { run, config, report: (await ticketReport(loaded, { insights: false, explain: false })).report };
}

/** The random export as a typed table: instants as TIMESTAMPTZ, counts as integers. */
const TYPED = (csv: string) =>
  `SELECT id, CAST(created AS TIMESTAMPTZ) AS created, CAST(first_reply AS TIMESTAMPTZ) AS first_reply, ` +
  'CAST(solved AS TIMESTAMPTZ) AS solved, priority, team, customer, category, CAST(reopens AS INTEGER) AS reopens, ' +
  'CAST(agent_replies AS INTEGER) AS agent_replies, CAST(updated AS TIMESTAMPTZ) AS updated, ' +
  `CAST(frt_min AS DOUBLE) AS frt_min FROM read_csv('${csv}', all_varchar = true)`;

describe('report --engine on typed tables', () => {
  const flags: ReportFlags = { ...generic, inputTz: 'UTC', period: 'week', by: 'priority' };

  it('reads Parquet files (typed columns)', async () => {
    const csv = random(21, 400, 'utc');
    const parquet = join(dir, 'tickets.parquet');
    const db = await openDuckdb();
    await db.exec(`COPY (${TYPED(csv)}) TO '${parquet}' (FORMAT parquet)`);
    await db.close();
    const { run, config, report } = await jsReport([csv], flags);
    const sql = await sqlTicketReport({ engine: 'duckdb', files: [parquet] }, run, config, 'test');
    expect(sameReport(report, sql.report)).toEqual([]);
  });

  it('reads several Parquet files as one export, in file order', async () => {
    const csvs = [random(24, 300, 'utc'), random(25, 300, 'utc')];
    const files = csvs.map((_, k) => join(dir, `part-${k}.parquet`));
    const db = await openDuckdb();
    for (const [k, csv] of csvs.entries()) await db.exec(`COPY (${TYPED(csv)}) TO '${files[k]}' (FORMAT parquet)`);
    await db.close();
    const { run, config, report } = await jsReport(csvs, flags);
    const sql = await sqlTicketReport({ engine: 'duckdb', files }, run, config, 'test');
    expect(sameReport(report, sql.report)).toEqual([]);
  });

  it('reads a table of a DuckDB database file', async () => {
    const csv = random(22, 400, 'utc');
    const file = join(dir, 'helpdesk.duckdb');
    const db = await openDuckdb({ path: file, readWrite: true });
    await db.exec(`CREATE TABLE tickets AS ${TYPED(csv)}`);
    await db.close();
    const { run, config, report } = await jsReport([csv], flags);
    const sql = await sqlTicketReport({ engine: 'duckdb', files: [], db: file, table: 'tickets' }, run, config, 'test');
    // A table has no row order: ties are broken by id, which the random ids keep in file order only per ticket.
    expect(sameReport(report, sql.report).filter((d) => !d.includes('repeat'))).toEqual([]);
  });

  it('reads a PostgreSQL table (PGlite)', async () => {
    const csv = random(23, 400, 'utc');
    const duck = await openDuckdb();
    const rows = await duck.query(`SELECT * FROM (${TYPED(csv)})`);
    await duck.close();
    const runner = await pglite();
    await runner.exec(
      'CREATE TABLE typed_tickets (id text, created timestamptz, first_reply timestamptz, solved timestamptz, priority text, ' +
        'team text, customer text, category text, reopens integer, agent_replies integer, updated timestamptz, frt_min double precision)',
    );
    const lit = (v: unknown) =>
      v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
    const values = rows.map((r) => `(${Object.values(r).map(lit).join(', ')})`);
    await runner.exec(`INSERT INTO typed_tickets VALUES ${values.join(',\n')}`);
    const { run, config, report } = await jsReport([csv], flags);
    const sql = await sqlTicketReport(
      { engine: 'postgres', files: [], db: 'pglite', table: 'typed_tickets' },
      run,
      config,
      'test',
      { runner },
    );
    expect(sameReport(report, sql.report).filter((d) => !d.includes('repeat'))).toEqual([]);
  }, 60_000);
});

/**
 * Numbers in every form a spreadsheet writes, read with and without a declared decimal separator: the
 * same values and the same rows rejected or emptied as the JS reader, on DuckDB (a CSV file) and on
 * PostgreSQL (a text table in PGlite).
 */
describe('numbers with a declared decimal separator', () => {
  const forms = [
    '12',
    '1.5',
    '1,5',
    '1.000',
    '1,000',
    '1.234,5',
    '1,234.5',
    '1 234',
    '1 234,5',
    "1'234.5",
    '1.234.567',
    '1,234,567',
    '0,125',
    '0.125',
    '.5',
    ',5',
    '-3',
    '+2.5',
    '1.2.3',
    '1,2,3',
    '12,34',
    '1.23,4',
    '1,23.4',
    '007',
    '1.',
    ',',
    '.',
    'abc',
    '1e3',
    '1\u00a0234,5',
  ];
  const file = join(dir, 'number-forms.csv');
  writeFileSync(
    file,
    [
      'id;created;frt;reopens',
      ...forms.map(
        (text, k) =>
          `${k + 1};2025-11-${String(3 + (k % 20)).padStart(2, '0')}T09:00:00Z;${text};${k % 3 === 0 ? text : '1'}`,
      ),
      '',
    ].join('\n'),
  );
  const flags = (decimal: ReportFlags): ReportFlags => ({
    profile: 'generic',
    map: ['id=id', 'created=created', 'first_reply_minutes=frt', 'reopens=reopens'],
    inputTz: 'UTC',
    maxBadRows: '1000',
    period: 'week',
    ...decimal,
  });
  const variants: [string, ReportFlags][] = [
    ['undeclared', {}],
    ['--decimal-point', { decimalPoint: true }],
    ['--decimal-comma', { decimalComma: true }],
    ['--decimal-comma, emptied', { decimalComma: true, onBadValue: 'null' }],
  ];

  it.each(variants)('%s on DuckDB', async (_name, decimal) => {
    const { run, config, report } = await jsReport([file], flags(decimal));
    const sql = await sqlTicketReport({ engine: 'duckdb', files: [file] }, run, config, 'test');
    expect(sameReport(report, sql.report)).toEqual([]);
  });

  // The export's rows as a text table, made once: every variant reads the same table.
  beforeAll(async () => {
    const runner = await pglite();
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
    await runner.exec('CREATE TABLE number_forms (id text, created text, frt text, reopens text)');
    await runner.exec(
      `INSERT INTO number_forms VALUES ${lines.map((l) => `(${l.split(';').map(lit).join(', ')})`).join(', ')}`,
    );
  }, 60_000);

  it.each(variants)('%s on PostgreSQL text columns', async (_name, decimal) => {
    const { run, config, report } = await jsReport([file], flags(decimal));
    const runner = await pglite();
    const sql = await sqlTicketReport(
      { engine: 'postgres', files: [], db: 'pglite', table: 'number_forms' },
      run,
      config,
      'test',
      { runner },
    );
    expect(sameReport(report, sql.report)).toEqual([]);
  });
});

describe('exports without rows', () => {
  it('a header-only export ends as without --engine (no_records), not with a DuckDB error', async () => {
    const config = await loadConfig(undefined);
    const run = resolveTicketRun({ quiet: true, ...blankFlags }, config, {});
    const error = (files: string[], call: () => Promise<unknown>) =>
      call().then(
        () => new Error(`${files.join(', ')}: no error`),
        (e: unknown) => e as AppError,
      );
    for (const files of [[headerOnly], ['fixtures/broken/header-only.csv'], [headerOnly, headerOnly]]) {
      const js = await error(files, () => loadTickets(files, run, config, { version: 'test' }));
      const sql = await error(files, () => sqlTicketReport({ engine: 'duckdb', files }, run, config, 'test'));
      expect(sql).toBeInstanceOf(AppError);
      expect([(sql as AppError).code, sql.message, (sql as AppError).where]).toEqual([
        (js as AppError).code,
        js.message,
        (js as AppError).where,
      ]);
    }
  });
});

/** Every difference between two lists of report rows: periods, groups and every figure (1e-9 relative). */
function sameRows(js: readonly ReportRow[], sql: readonly ReportRow[], where: string): string[] {
  const out: string[] = [];
  if (js.length !== sql.length) out.push(`${where}: ${js.length} rows vs ${sql.length}`);
  const same = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)))) out.push(`${path}: JS ${a}, SQL ${b}`);
    } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      // A count's distribution over buckets is a figure of the JS engine's JSON only (sql/statement.ts).
      const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'distribution'));
      for (const k of keys) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    } else if (a !== b) {
      out.push(`${path}: JS ${JSON.stringify(a)}, SQL ${JSON.stringify(b)}`);
    }
  };
  for (const [i, row] of js.entries()) same(row, sql[i], `${where}[${i}]`);
  return out;
}

describe('report --engine duckdb: the totals of the workbook (--format xlsx)', () => {
  const TOTALS: [string, string[], ReportFlags][] = [
    [
      'zendesk, weeks by priority',
      ['fixtures/zendesk/tickets.csv'],
      { inputTz: 'America/New_York', tz: 'America/New_York', period: 'week', by: 'priority' },
    ],
    ['servicenow, by priority', ['fixtures/servicenow/incidents.csv'], { inputTz: 'UTC', by: 'priority' }],
    ['servicenow audit, days', ['fixtures/servicenow/incident_audit.csv'], { inputTz: 'UTC', period: 'day' }],
    ['random, one window', [random(31, 500, 'utc')], { ...generic, inputTz: 'UTC' }],
    [
      'random, a window given, weeks by team',
      [random(32, 500, 'utc')],
      { ...generic, inputTz: 'UTC', since: '2025-11-03', until: '2025-11-24', period: 'week', by: 'team' },
    ],
  ];

  it.each(TOTALS)('%s: equal to the JS engine', async (_name, files, flags) => {
    const config = await loadConfig(flags.config);
    const run = resolveTicketRun({ quiet: true, totals: true, ...flags }, config, {});
    const loaded = await loadTickets(files, run, config, { version: 'test' });
    const { report } = await ticketReport(loaded, { insights: false, explain: false });
    const sql = await sqlTicketReport({ engine: 'duckdb', files }, run, config, 'test');
    expect(sameReport(report, sql.report)).toEqual([]);
    const [a, b] = [report.totals, sql.report.totals];
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(Object.keys(b ?? {}).sort()).toEqual(Object.keys(a ?? {}).sort());
    expect([
      ...sameRows([a?.window as ReportRow], [b?.window as ReportRow], 'window'),
      ...sameRows(a?.periods ?? [], b?.periods ?? [], 'periods'),
      ...sameRows(a?.groups ?? [], b?.groups ?? [], 'groups'),
    ]).toEqual([]);
  });

  it('leaves the totals out when no format asks for them', async () => {
    const config = await loadConfig(undefined);
    const run = resolveTicketRun({ quiet: true, inputTz: 'UTC', by: 'priority' }, config, {});
    const sql = await sqlTicketReport(
      { engine: 'duckdb', files: ['fixtures/servicenow/incidents.csv'] },
      run,
      config,
      't',
    );
    expect(sql.report.totals).toBeUndefined();
  });
});
