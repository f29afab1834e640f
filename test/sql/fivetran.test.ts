/**
 * The connector's Zendesk schema as a source (sql/fivetran.ts): the six tickets of
 * fixtures/fivetran-zendesk, loaded as their tables into DuckDB (naive timestamps, as the connector's
 * seeds) and PGlite (zoned timestamps), give the report the JS engine gives on the same tickets worked
 * out by hand (expected-tickets.csv).
 */
import { readFileSync } from 'node:fs';
import { freshPglite } from '../helpers/pglite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlTicketReport } from '../../src/api/sql.js';
import { loadConfig, loadTickets, resolveTicketRun, ticketReport, type ReportFlags } from '../../src/index.js';
import { tableRows } from '../../src/report/flatten.js';
import { openDuckdb, postgresRunner, type SqlRunner } from '../../src/sql/run.js';

const DIR = 'fixtures/fivetran-zendesk';
const TYPES: Record<string, Record<string, 'id' | 'ts' | 'bool' | 'text'>> = {
  ticket: {
    id: 'id',
    _fivetran_deleted: 'bool',
    assignee_id: 'id',
    created_at: 'ts',
    group_id: 'id',
    requester_id: 'id',
    updated_at: 'ts',
  },
  ticket_field_history: { ticket_id: 'id', updated: 'ts', user_id: 'id' },
  ticket_comment: { id: 'id', created: 'ts', public: 'bool', ticket_id: 'id', user_id: 'id' },
  user: { id: 'id', created_at: 'ts', active: 'bool' },
  group: { id: 'id', created_at: 'ts', updated_at: 'ts' },
};

/** The fixture's tables, typed, in a PostgreSQL or DuckDB runner; `zoned` timestamps or naive ones. */
async function load(runner: SqlRunner, zoned: boolean): Promise<void> {
  for (const [name, types] of Object.entries(TYPES)) {
    const [head, ...lines] = readFileSync(`${DIR}/${name}.csv`, 'utf8').trim().split('\n');
    const columns = (head as string).split(',');
    const type = (c: string) =>
      ({ id: 'BIGINT', ts: zoned ? 'TIMESTAMPTZ' : 'TIMESTAMP', bool: 'BOOLEAN', text: 'TEXT' })[types[c] ?? 'text'];
    await runner.exec(`CREATE TABLE "${name}" (${columns.map((c) => `"${c}" ${type(c)}`).join(', ')})`);
    const rows = lines.map((line) => {
      // The fixture's cells hold no commas but in the last column of comments (the body is quoted nowhere: none has one).
      const cells = line.split(',');
      return `(${cells.map((cell, k) => (cell === '' ? 'NULL' : `CAST('${cell.replaceAll("'", "''")}' AS ${type(columns[k] as string)})`)).join(', ')})`;
    });
    await runner.exec(`INSERT INTO "${name}" VALUES ${rows.join(', ')}`);
  }
}

const MAP = [
  'id=id',
  'created=created',
  'first_reply=first_reply',
  'first_solved=first_solved',
  'solved=solved',
  'closed=closed',
  'updated=updated',
  'status=status',
  'priority=priority',
  'channel=channel',
  'team=team',
  'agent=agent',
  'customer=customer',
  'category=category',
  'reopens=reopens',
  'agent_replies=agent_replies',
  'customer_messages=customer_messages',
  'group_stations=group_stations',
  'assignee_stations=assignee_stations',
];

const CASES: [string, ReportFlags][] = [
  ['weeks by team', { period: 'week', by: 'team' }],
  ['all, FCR without a follow-up', { fcr: 'no_customer_followup', by: 'priority' }],
  ['days in Berlin, throughput', { period: 'day', tz: 'Europe/Berlin', resolutionRate: 'throughput' }],
];

describe.each([
  ['duckdb', false],
  ['postgres', true],
] as const)('the Zendesk schema on %s', (engine, zoned) => {
  let runner: SqlRunner;
  beforeAll(async () => {
    runner = engine === 'duckdb' ? await openDuckdb() : postgresRunner(await freshPglite());
    await load(runner, zoned);
  }, 60_000);
  afterAll(async () => {
    await runner.close();
  });

  it.each(CASES)(
    '%s',
    async (_name, flags) => {
      const config = await loadConfig(undefined);
      const sqlRun = resolveTicketRun({ quiet: true, ...flags }, config, {});
      const sql = await sqlTicketReport(
        { engine, files: [], db: 'fixture', source: 'fivetran-zendesk' },
        sqlRun,
        config,
        'test',
        { runner },
      );
      const jsRun = resolveTicketRun(
        { quiet: true, profile: 'generic', map: MAP, inputTz: 'UTC', ...flags },
        config,
        {},
      );
      const loaded = await loadTickets([`${DIR}/expected-tickets.csv`], jsRun, config, { version: 'test' });
      const js = (await ticketReport(loaded, { insights: false, explain: false })).report;
      const a = tableRows(js);
      const b = tableRows(sql.report);
      expect(b.keys).toEqual(a.keys);
      const close = (x: unknown, y: unknown) =>
        typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) : x === y;
      const diffs = a.rows.flatMap((row, i) =>
        row.flatMap((cell, k) =>
          close(cell, b.rows[i]?.[k] ?? null) ? [] : [`row ${i} ${a.keys[k]}: JS ${cell}, SQL ${b.rows[i]?.[k]}`],
        ),
      );
      expect(diffs).toEqual([]);
      expect(b.rows.length).toBe(a.rows.length);
      // Eight tickets read: 7 (_fivetran_deleted) and 8 (status deleted) left out and counted as deleted.
      expect(sql.report.input.read).toBe(8);
      expect(sql.report.input.skipped.deleted).toBe(2);
      expect(sql.report.input.rejected).toBe(0);
      expect(sql.report.input.used + sql.report.input.skipped.outside_period).toBe(6);
    },
    60_000,
  );
});

describe('deleted tickets', () => {
  it('leaves out the tickets of status deleted when the table has no _fivetran_deleted column, and says so', async () => {
    const runner = await openDuckdb();
    await load(runner, false);
    await runner.exec('ALTER TABLE "ticket" DROP COLUMN "_fivetran_deleted"');
    const config = await loadConfig(undefined);
    const run = resolveTicketRun({ quiet: true }, config, {});
    const { report, warnings } = await sqlTicketReport(
      { engine: 'duckdb', files: [], db: 'fixture', source: 'fivetran-zendesk' },
      run,
      config,
      'test',
      { runner },
    );
    await runner.close();
    // Ticket 8 (status deleted) left out; ticket 7 (flagged deleted by the connector only) now counts.
    expect(report.input).toMatchObject({ read: 8, used: 7, rejected: 0, skipped: { deleted: 1 } });
    expect(warnings.join('\n')).toContain('no _fivetran_deleted column');
  });
});

describe('the Zendesk schema, figures worked by hand', () => {
  it('counts the agent-opened ticket, the transfer, the reopen and the repeat as Zendesk does', async () => {
    const runner = await openDuckdb();
    await load(runner, false);
    const config = await loadConfig(undefined);
    const run = resolveTicketRun({ quiet: true }, config, {});
    const { report } = await sqlTicketReport(
      { engine: 'duckdb', files: [], db: 'fixture', source: 'fivetran-zendesk' },
      run,
      config,
      'test',
      { runner },
    );
    await runner.close();
    // Tickets 7 and 8 are deleted: read, left out, counted apart; the six others make the figures.
    expect(report.input).toMatchObject({ read: 8, used: 6, rejected: 0, skipped: { deleted: 2, duplicate: 0 } });
    const m = report.rows[0]?.metrics as Record<string, Record<string, number>>;
    expect(m.created).toMatchObject({ value: 6 });
    // Replies 90, 120, 20 and 75 minutes after creation (tickets 1, 2, 4, 5); 3 and 6 have none.
    expect(m.frt).toMatchObject({ n: 4, min: 20, max: 120, median: 82.5 });
    // Reopened: ticket 2 of the 4 resolved (1, 2, 4, 6).
    expect(m.reopened).toMatchObject({ numerator: 1, denominator: 4 });
    // Group transfers: stations - 1 = 0, 1, 0 (ticket 3 had no group: 0 stations, 0 transfers), 0, 0, 0.
    expect(m.group_transfers).toMatchObject({ n: 6, sum: 1 });
    // Repeats within 7 days of the customer's previous ticket: 3 (customer 10, 23 h after 1), 4 (6 days
    // after 3) and 6 (customer 11, 30 h after 5); 5 came 7 days 20 h after 2.
    expect(m.repeat_contact_rate).toMatchObject({ numerator: 3, denominator: 6 });
  });
});
