/**
 * The SQL engine on a real PostgreSQL server (Debian's, started by scripts/pg-throwaway.sh in
 * .ci/run): `report --engine postgres --db URL --table` gives the JS engine's report, cell by cell.
 * Without OPSMETRICS_PG_URL the test skips, saying so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlTicketReport } from '../../src/api/sql.js';
import { loadConfig, loadTickets, resolveTicketRun, ticketReport, type ReportFlags } from '../../src/index.js';
import { tableRows } from '../../src/report/flatten.js';
import { openDuckdb, openPostgres } from '../../src/sql/run.js';
import { randomExport } from './random.js';

const url = process.env.OPSMETRICS_PG_URL;
if (url === undefined) {
  console.warn(
    'test/sql/postgres-server.test.ts: skipped, no PostgreSQL server (set OPSMETRICS_PG_URL; .ci/run starts one)',
  );
}

const COLUMNS = [
  'id',
  'created',
  'first_reply',
  'solved',
  'priority',
  'team',
  'customer',
  'category',
  'reopens',
  'agent_replies',
  'updated',
];

describe.skipIf(url === undefined)('report --engine postgres on a PostgreSQL server', () => {
  it.each([
    ['weeks by team in New York', { period: 'week', by: 'team', tz: 'America/New_York' }],
    [
      'months, throughput, repeat by category',
      { period: 'month', resolutionRate: 'throughput', repeatSame: 'category' },
    ],
  ] as [string, ReportFlags][])(
    '%s',
    async (_name, flags) => {
      const dir = mkdtempSync(join(tmpdir(), 'om-pg-'));
      const csv = join(dir, 'tickets.csv');
      writeFileSync(csv, randomExport(41, 500, 'utc'));
      // The table, typed, through DuckDB's reading of the CSV.
      const duck = await openDuckdb();
      const rows = await duck.query(
        `SELECT id, CAST(created AS TIMESTAMPTZ) AS created, CAST(first_reply AS TIMESTAMPTZ) AS first_reply, ` +
          'CAST(solved AS TIMESTAMPTZ) AS solved, priority, team, customer, category, CAST(reopens AS INTEGER) AS reopens, ' +
          `CAST(agent_replies AS INTEGER) AS agent_replies, CAST(updated AS TIMESTAMPTZ) AS updated FROM read_csv('${csv}', all_varchar = true)`,
      );
      await duck.close();
      const pg = await openPostgres(url as string);
      const table = `tickets_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      await pg.exec(
        `CREATE TABLE ${table} (id text, created timestamptz, first_reply timestamptz, solved timestamptz, priority text, ` +
          'team text, customer text, category text, reopens integer, agent_replies integer, updated timestamptz)',
      );
      const lit = (v: unknown) =>
        v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
      await pg.exec(
        `INSERT INTO ${table} VALUES ${rows.map((r) => `(${Object.values(r).map(lit).join(', ')})`).join(',\n')}`,
      );
      await pg.close();

      const config = await loadConfig(undefined);
      const map = COLUMNS.map((c) => `${c}=${c}`);
      const run = resolveTicketRun({ quiet: true, profile: 'generic', map, inputTz: 'UTC', ...flags }, config, {});
      const sql = await sqlTicketReport({ engine: 'postgres', files: [], db: url, table }, run, config, 'test');
      const loaded = await loadTickets([csv], run, config, { version: 'test' });
      const js = (await ticketReport(loaded, { insights: false, explain: false })).report;
      const cleanup = await openPostgres(url as string);
      await cleanup.exec(`DROP TABLE ${table}`);
      await cleanup.close();
      const a = tableRows(js);
      const b = tableRows(sql.report);
      expect(b.keys).toEqual(a.keys);
      const close = (x: unknown, y: unknown) =>
        typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) : x === y;
      // Ties of creation between a customer's tickets are broken by id in a table (no row order): the
      // random export's ties are rare, and the repeat figures are compared like the rest.
      const diffs = a.rows.flatMap((row, i) =>
        row.flatMap((cell, k) =>
          close(cell, b.rows[i]?.[k] ?? null) ? [] : [`row ${i} ${a.keys[k]}: JS ${cell}, SQL ${b.rows[i]?.[k]}`],
        ),
      );
      expect(diffs).toEqual([]);
      expect(sql.report.input.read).toBe(500);
    },
    60_000,
  );
});
