/**
 * The ticket report's SQL (src/sql/statement.ts) against the JS engine, on every ticket fixture and on
 * seeded random exports, on DuckDB and PostgreSQL (PGlite): the same tickets (read once by the JS
 * reader, then written into a table of the normalized fields) give the same figures, every cell.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPglite } from '../helpers/pglite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadTickets, resolveTicketRun, ticketReport, type ReportFlags } from '../../src/index.js';
import { complaintMetrics } from '../../src/metrics/complaints.js';
import { ticketMetricsFor } from '../../src/metrics/index.js';
import { DIALECT } from '../../src/sql/dialect.js';
import { openDuckdb, postgresRunner, type SqlRow, type SqlRunner } from '../../src/sql/run.js';
import { reportStatement } from '../../src/sql/statement.js';
import { differences } from './compare.js';
import { ticketsAsSql } from './load.js';
import { randomExport } from './random.js';

const dir = mkdtempSync(join(tmpdir(), 'om-sql-'));

/** A config of calendar SLA targets by priority (the SQL path counts calendar time only). */
const slaConfig = join(dir, 'sla.yml');
writeFileSync(
  slaConfig,
  [
    'sla:',
    '  first_reply: { urgent: 1h, high: 4h, normal: 8h, very high: 2h, default: 1d }',
    '  resolution: { urgent: 8h, high: 1d, default: 3d }',
    '',
  ].join('\n'),
);

const random = (seed: number, rows: number) => {
  const file = join(dir, `random-${seed}.csv`);
  writeFileSync(file, randomExport(seed, rows));
  return file;
};

interface Case {
  name: string;
  files: () => string[];
  flags: ReportFlags;
}

const generic = {
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
  ],
};
const CASES: Case[] = [
  {
    name: 'zendesk, weeks by priority',
    files: () => ['fixtures/zendesk/tickets.csv'],
    flags: { inputTz: 'America/New_York', tz: 'America/New_York', period: 'week', by: 'priority' },
  },
  {
    name: 'zendesk, days, Sunday weeks off',
    files: () => ['fixtures/zendesk/tickets.csv'],
    flags: { inputTz: 'America/New_York', tz: 'Asia/Kolkata', period: 'day' },
  },
  {
    name: 'zendesk, months, throughput, FCR no repeat',
    files: () => ['fixtures/zendesk/tickets.csv'],
    flags: { inputTz: 'UTC', tz: 'Europe/Berlin', period: 'month', resolutionRate: 'throughput', fcr: 'no_repeat' },
  },
  {
    name: 'zendesk, window and as-of',
    files: () => ['fixtures/zendesk/tickets.csv'],
    flags: {
      inputTz: 'UTC',
      tz: 'UTC',
      since: '2025-11-03',
      until: '2025-11-10',
      asOf: '2025-11-12T00:00:00Z',
      by: 'channel',
    },
  },
  {
    name: 'generic (config), by region',
    files: () => ['fixtures/generic/tickets.csv'],
    flags: { config: 'fixtures/generic/opsmetrics.config.yml', period: 'week', weekStart: 'sunday', by: 'region' },
  },
  {
    name: 'freshdesk, by team',
    files: () => ['fixtures/freshdesk/tickets.csv'],
    flags: { inputTz: 'Asia/Kolkata', tz: 'Asia/Kolkata', period: 'week', by: 'team' },
  },
  {
    name: 'jira',
    files: () => ['fixtures/jira/issues.csv'],
    flags: { inputTz: 'Europe/London', tz: 'Europe/London', period: 'week' },
  },
  {
    name: 'servicenow, by priority',
    files: () => ['fixtures/servicenow/incidents.csv'],
    flags: { inputTz: 'UTC', tz: 'America/Los_Angeles', by: 'priority', fcr: 'no_customer_followup' },
  },
  {
    name: 'servicenow audit (versions)',
    files: () => ['fixtures/servicenow/incident_audit.csv'],
    flags: { inputTz: 'UTC', tz: 'UTC', period: 'day' },
  },
  {
    name: 'check fixture with calendar SLA',
    files: () => ['fixtures/check/tickets.csv'],
    flags: {
      config: slaConfig,
      ...generic,
      map: [
        'id=Ticket',
        'created=Opened',
        'first_reply=First Reply',
        'solved=Solved',
        'priority=Priority',
        'team=Team',
      ],
      inputTz: 'UTC',
      by: 'team,priority',
      period: 'day',
    },
  },
  {
    name: 'complaints fixture (classes refused)',
    files: () => ['fixtures/complaints/tickets.csv'],
    flags: { config: 'fixtures/complaints/opsmetrics.config.yml', complaints: true, period: 'week' },
  },
  {
    name: 'business-hours fixture on calendar time',
    files: () => ['fixtures/business-hours/tickets.csv'],
    flags: {
      ...generic,
      map: ['id=Ticket', 'created=Opened', 'first_reply=First Reply', 'solved=Solved', 'team=Team'],
      inputTz: 'Europe/Berlin',
      tz: 'Europe/Berlin',
      period: 'week',
    },
  },
  {
    name: 'broken rows (rejected before)',
    files: () => ['fixtures/broken/bad-dates.csv'],
    flags: { config: 'fixtures/broken/opsmetrics.config.yml', maxBadRows: '100', by: 'team' },
  },
  {
    name: 'servicenow audit, resolved else closed',
    files: () => ['fixtures/servicenow-lag/incident_audit.csv'],
    flags: {
      dateFormat: ['d/M/yyyy HH:mm'],
      nullToken: ['?'],
      inputTz: 'Europe/London',
      tz: 'Europe/London',
      asOf: '2025-12-01',
      period: 'week',
    },
  },
  {
    name: 'servicenow audit, resolution instant solved (closed tickets leave the backlog)',
    files: () => ['fixtures/servicenow-lag/incident_audit.csv'],
    flags: {
      dateFormat: ['d/M/yyyy HH:mm'],
      nullToken: ['?'],
      inputTz: 'Europe/London',
      tz: 'Europe/London',
      period: 'week',
      by: 'priority',
      resolutionInstant: 'solved',
    },
  },
  {
    name: 'itil: count statistics, reopen times, vendor FCR, a configured metric',
    files: () => ['fixtures/itil/interactions.csv'],
    flags: { config: 'fixtures/itil/opsmetrics.config.yml', by: 'category' },
  },
  {
    name: 'random 1, repeat by category, SLA',
    files: () => [random(1, 400)],
    flags: {
      config: slaConfig,
      ...generic,
      inputTz: 'UTC',
      tz: 'America/Santiago',
      period: 'week',
      by: 'team',
      repeatSame: 'category',
      repeatWindow: '3',
    },
  },
  {
    name: 'random 2, Lord Howe days',
    files: () => [random(2, 300)],
    flags: { ...generic, inputTz: 'UTC', tz: 'Australia/Lord_Howe', period: 'day', by: 'priority' },
  },
  {
    name: 'random 3, months, throughput',
    files: () => [random(3, 600)],
    flags: {
      config: slaConfig,
      ...generic,
      inputTz: 'UTC',
      tz: 'America/New_York',
      period: 'month',
      resolutionRate: 'throughput',
      by: 'priority,team',
    },
  },
  {
    name: 'random 4, no period, window',
    files: () => [random(4, 500)],
    flags: {
      ...generic,
      inputTz: 'UTC',
      tz: 'Pacific/Apia',
      since: '2025-10-25',
      until: '2025-11-20',
      fcr: 'no_repeat',
    },
  },
];

interface Engine {
  name: 'duckdb' | 'postgres';
  runner: SqlRunner;
}
const engines: Engine[] = [];

beforeAll(async () => {
  engines.push({ name: 'duckdb', runner: await openDuckdb({ threads: 2 }) });
  const pglite = await freshPglite();
  engines.push({ name: 'postgres', runner: postgresRunner(pglite) });
}, 60_000);

afterAll(async () => {
  for (const e of engines) await e.runner.close();
});

describe.each(['duckdb', 'postgres'] as const)('%s computes what the JS engine computes', (engineName) => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('%s', async (_name, c, k) => {
    const engine = engines.find((e) => e.name === engineName) as Engine;
    const config = await loadConfig(c.flags.config);
    const run = resolveTicketRun({ quiet: true, ...c.flags }, config, {});
    const loaded = await loadTickets(c.files(), run, config, { version: 'test' });
    const { report } = await ticketReport(loaded, { insights: false, explain: false });
    const d = DIALECT[engineName];
    const table = `t${k}`;
    const { statements, source } = ticketsAsSql(
      loaded.table,
      table,
      d,
      loaded.options.by.map((b) => b.key),
    );
    for (const s of statements) await engine.runner.exec(s);
    const options = { ...loaded.options, asOfGiven: c.flags.asOf ? loaded.options.asOf : null };
    const metrics = [...ticketMetricsFor(options), ...complaintMetrics(loaded.table)];
    const statement = reportStatement(engineName, source, metrics, options);
    let rows: SqlRow[];
    try {
      rows = await engine.runner.query(statement.sql);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${statement.sql}`);
    }
    expect(differences(report, rows, statement)).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
  });
});
