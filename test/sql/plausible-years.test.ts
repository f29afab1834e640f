/**
 * Row rule 0 (ingest/row-rules.ts) on the SQL path: a creation outside the plausible years is an
 * `implausible_date` row issue there as in the JS reader, whatever the engine reads (a CSV on DuckDB,
 * a text or a timestamptz column on PostgreSQL). The rows of fixtures/broken/implausible-years.csv,
 * counted by hand: 2 (0201), 3 (1969-12-31T23:59:59Z), 5 (2101-01-01), 8 (0001) are outside 1970-2100;
 * 4 (1970-01-01T00:00:00Z) and 6 (2100-12-31T23:59:59Z) are its first and last seconds; 9 (0201) has an
 * unreadable solved time too, which rejects it first unless --on-bad-value null empties that value.
 */
import { readFileSync } from 'node:fs';
import { freshPglite } from '../helpers/pglite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlTicketReport } from '../../src/api/sql.js';
import { loadConfig, loadTickets, resolveTicketRun, ticketReport, type ReportFlags } from '../../src/index.js';
import type { Report } from '../../src/report/model.js';
import { postgresRunner, type SqlRunner } from '../../src/sql/run.js';

const FILE = 'fixtures/broken/implausible-years.csv';
const base: ReportFlags = {
  profile: 'generic',
  map: ['id=id', 'created=created', 'solved=solved', 'team=team'],
  inputTz: 'UTC',
  maxBadRows: '100',
  quiet: true,
};

/** read, used, rejected, and the rows of each issue code rejected. */
const counts = (r: Report) => ({
  read: r.input.read,
  used: r.input.used,
  rejected: r.input.rejected,
  implausible: r.input.issues.filter((i) => i.code === 'implausible_date').reduce((n, i) => n + i.count, 0),
});

const VARIANTS: [string, ReportFlags, ReturnType<typeof counts>][] = [
  ['default 1970-2100', {}, { read: 9, used: 4, rejected: 5, implausible: 4 }],
  ['--on-bad-value null', { onBadValue: 'null' }, { read: 9, used: 4, rejected: 5, implausible: 5 }],
  ['--plausible-years 1-2200', { plausibleYears: '1-2200' }, { read: 9, used: 8, rejected: 1, implausible: 0 }],
  ['--plausible-years 2000-2030', { plausibleYears: '2000-2030' }, { read: 9, used: 2, rejected: 7, implausible: 6 }],
];

async function bothReports(flags: ReportFlags, input: Parameters<typeof sqlTicketReport>[0], runner?: unknown) {
  const config = await loadConfig(undefined);
  const run = resolveTicketRun({ ...base, ...flags }, config, {});
  const loaded = await loadTickets([FILE], run, config, { version: 'test' });
  const js = (await ticketReport(loaded, { insights: false, explain: false })).report;
  const extra = runner === undefined ? undefined : { runner: runner as ReturnType<typeof postgresRunner> };
  const sql = (await sqlTicketReport(input, run, config, 'test', extra)).report;
  return { js, sql };
}

describe('implausible creation years on the SQL path', () => {
  it.each(VARIANTS)('%s: DuckDB reading the CSV counts what the JS reader counts', async (_name, flags, expected) => {
    const { js, sql } = await bothReports(flags, { engine: 'duckdb', files: [FILE] });
    expect(counts(js)).toEqual(expected);
    expect(counts(sql)).toEqual(expected);
    const issue = sql.input.issues.find((i) => i.code === 'implausible_date');
    if (expected.implausible > 0) expect(issue?.column).toBe('created');
  });

  // One database for both tables: a PGlite costs about 1 s of CPU to open, a table a few milliseconds.
  let runner: SqlRunner;
  beforeAll(async () => {
    runner = postgresRunner(await freshPglite());
    const rows = readFileSync(FILE, 'utf8').trim().split('\n').slice(1);
    const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
    for (const type of ['text', 'timestamptz']) {
      await runner.exec(`CREATE TABLE tickets_${type} (id text, created ${type}, solved text, team text)`);
      await runner.exec(
        `INSERT INTO tickets_${type} VALUES ${rows.map((l) => `(${l.split(',').map(lit).join(', ')})`)}`,
      );
    }
  }, 60_000);
  afterAll(async () => {
    await runner?.close();
  });
  it.each([
    ['text', 'text'],
    ['timestamptz', 'timestamptz'],
  ])('PostgreSQL, created as %s', async (_name, type) => {
    for (const [, flags, expected] of VARIANTS) {
      const input = { engine: 'postgres' as const, files: [], db: 'pglite', table: `tickets_${type}` };
      const { sql } = await bothReports(flags, input, runner);
      expect(counts(sql)).toEqual(expected);
    }
  });
});
