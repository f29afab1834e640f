/**
 * What the SQL path cannot do is refused alike by `report --engine` and `opsmetrics sql` (exit 2,
 * `sql_unsupported`, naming what), never computed as something else: business hours from the config,
 * an export whose dates are not ISO 8601, a `--by` the connector's source has no field for; and each
 * refusal's hint says something that helps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlTicketReport } from '../../src/api/sql.js';
import { readHeader, ticketReportSql, type SqlTextSpec } from '../../src/api/sql-text.js';
import { AppError, loadConfig, resolveTicketRun, type ReportFlags } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'om-sql-refusals-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const SCHEDULE =
  'schedules:\n  office:\n    timezone: UTC\n    hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], ' +
  'thu: ["09:00-17:00"], fri: ["09:00-17:00"] }\n';
const BUSINESS = `${SCHEDULE}input:\n  profile: generic\n  map: { id: Ticket, created: Opened, first_reply: First Reply, solved: Solved, team: Team }\n`;
const configs = {
  'report.hours': write('hours.yml', `${BUSINESS}report:\n  hours: office\n`),
  'report.hours_by': write(
    'hours-by.yml',
    `${BUSINESS}report:\n  hours_by: { field: team, schedules: { Billing: office }, default: office }\n`,
  ),
  'sla clock business': write(
    'sla.yml',
    `${BUSINESS}sla:\n  first_reply: { default: 4h, clock: business, schedule: office }\n`,
  ),
};

/** The error a call throws, as an AppError. */
async function refusal(call: () => unknown): Promise<AppError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

async function sqlOf(file: string | undefined, flags: ReportFlags, spec: Partial<SqlTextSpec> = {}) {
  const config = await loadConfig(flags.config);
  const run = resolveTicketRun({ quiet: true, ...flags, columns: undefined }, config, {});
  const header = file === undefined ? [] : await readHeader(file, run.input);
  return ticketReportSql(
    { dialect: 'duckdb', table: 'tickets', header, columnTypes: 'text', label: file ?? 'test', ...spec },
    run,
    config,
    'test',
  );
}

async function engineOf(
  files: string[],
  flags: ReportFlags,
  input: Partial<Parameters<typeof sqlTicketReport>[0]> = {},
) {
  const config = await loadConfig(flags.config);
  const run = resolveTicketRun({ quiet: true, ...flags }, config, {});
  return sqlTicketReport({ engine: 'duckdb', files, ...input }, run, config, 'test');
}

describe('business hours from the config', () => {
  const file = 'fixtures/business-hours/tickets.csv';

  it.each(['report.hours', 'report.hours_by'] as const)(
    '%s: report --engine refuses it, naming the config key',
    async (key) => {
      const error = await refusal(() => engineOf([file], { config: configs[key] }));
      expect(error.code).toBe('sql_unsupported');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(key);
      expect(error.message).toContain('business hours');
    },
  );

  it.each(['report.hours', 'report.hours_by'] as const)('%s: sql refuses it, naming the config key', async (key) => {
    const error = await refusal(() => sqlOf(file, { config: configs[key] }));
    expect(error.code).toBe('sql_unsupported');
    expect(error.message).toContain(key);
  });

  it('refuses it for the connector source and typed columns too', async () => {
    const flags = { config: configs['report.hours'] };
    const fivetran = await refusal(() => sqlOf(undefined, flags, { source: 'fivetran-zendesk', table: 'zendesk' }));
    expect(fivetran.code).toBe('sql_unsupported');
    const typed = await refusal(() =>
      sqlOf(undefined, flags, { header: ['Ticket', 'Opened', 'First Reply', 'Solved'], columnTypes: 'timestamp' }),
    );
    expect(typed.code).toBe('sql_unsupported');
    const table = await refusal(() =>
      engineOf([], flags, { engine: 'postgres', db: 'postgres://nowhere.invalid/x', table: 'tickets' }),
    );
    expect(table.code).toBe('sql_unsupported');
  });

  it('still refuses --hours, naming the flag', async () => {
    const error = await refusal(() => sqlOf(file, { config: configs['report.hours'], hours: 'office' }));
    expect(error.message).toContain('--hours office');
  });

  it('business-hours SLA targets: the hint names the SLA clock, not --column-types', async () => {
    const error = await refusal(() => sqlOf(file, { config: configs['sla clock business'] }));
    expect(error.code).toBe('sql_unsupported');
    expect(error.message).toContain('sla.first_reply');
    expect(error.hint).not.toContain('--column-types');
    expect(error.hint).toMatch(/clock: calendar/);
    const engine = await refusal(() => engineOf([file], { config: configs['sla clock business'] }));
    expect(engine.hint).toMatch(/clock: calendar/);
  });
});

describe('an export whose profile writes dates that are not ISO 8601 (Jira)', () => {
  it('sql refuses it as report --engine does, with the same message', async () => {
    const engine = await refusal(() => engineOf(['fixtures/jira/issues.csv'], { inputTz: 'UTC' }));
    const sql = await refusal(() => sqlOf('fixtures/jira/issues.csv', { inputTz: 'UTC' }));
    expect(sql.code).toBe('sql_unsupported');
    expect(engine.code).toBe('sql_unsupported');
    const what = (e: AppError) => e.message.replace(/^[^:]*: /, '');
    expect(what(sql)).toBe(what(engine));
    expect(sql.message).toMatch(/jira export writes dates as dd\/MMM\/yy h:mm a/);
  });

  it('typed columns need no parsing: the same header is taken with --column-types timestamp', async () => {
    const sql = await sqlOf('fixtures/jira/issues.csv', { inputTz: 'UTC' }, { columnTypes: 'timestamp' });
    expect(sql.text).toContain('"Created"');
  });
});

describe('--by with the connector source', () => {
  it('sql refuses a name that is no field of the source, as report --engine does', async () => {
    const error = await refusal(() =>
      sqlOf(undefined, { by: 'tags' }, { source: 'fivetran-zendesk', table: 'zendesk' }),
    );
    expect(error.code).toBe('unknown_dimension');
    expect(error.message).toContain('--by tags');
    const ok = await sqlOf(undefined, { by: 'team' }, { source: 'fivetran-zendesk', table: 'zendesk' });
    expect(ok.text).toContain('"team"');
  });
});

describe('what the printed statement leaves out, it says', () => {
  it('blank rows of an export read as text, deleted tickets of the connector', async () => {
    const text = await sqlOf('fixtures/zendesk/tickets.csv', { inputTz: 'UTC' });
    expect(text.text).toContain('-- Left out: rows whose cells are all empty');
    const typed = await sqlOf('fixtures/zendesk/tickets.csv', { inputTz: 'UTC' }, { columnTypes: 'timestamp' });
    expect(typed.text).not.toContain('-- Left out');
    const fivetran = await sqlOf(undefined, {}, { source: 'fivetran-zendesk', table: 'zendesk' });
    expect(fivetran.text).toContain('-- Left out: deleted tickets (_fivetran_deleted true, or status deleted)');
  });
});
