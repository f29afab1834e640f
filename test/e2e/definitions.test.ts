/**
 * Issue #19, end to end on exports of the shapes analysts bring (expected values:
 * scripts/expected/definitions_expected.py, which shares no code with src/):
 * - fixtures/servicenow-lag: an audit log whose incidents close days after they are resolved, some
 *   without a resolution: the resolution instant with and without the closure fallback;
 * - fixtures/itil: a header-less, semicolon, decimal-comma export: counts as distributions, a reopen
 *   time, the vendor's FCR flag, a configured metric, checks on both;
 * - fixtures/shipments: a delivery history without an order date, date-only promises, two date
 *   layouts per column, a status meaning cancelled;
 * - fixtures/marketplace: orders, items, payments and reviews in four files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExpectedMetrics,
  metricMismatches,
  parseReport,
  readJson,
  type Report,
  runCli,
  type RunResult,
  sameInstant,
} from './helpers.js';

interface Assumptions {
  mapping: { file: string; profile: string; columns: Record<string, string>; auto: string[]; unmapped: string[] }[];
  statements: { key: string; text: string; count?: number; default: boolean }[];
  emptied: { code: string; column: string | null; rows: number }[];
}
type FullReport = Report & { assumptions: Assumptions; definitions: { metrics: Record<string, string> } };

const statement = (report: FullReport, key: string) => report.assumptions.statements.find((s) => s.key === key);

describe.concurrent('a ServiceNow audit log whose incidents close days after they are resolved', () => {
  type Run = {
    args: string[];
    input: { read: number; used: number; duplicate: number };
    closed_without_resolution: number;
    metrics: ExpectedMetrics;
  };
  const expected = readJson<Record<'solved_or_closed' | 'solved', Run>>('fixtures/servicenow-lag/expected.json');
  const results: Partial<Record<keyof typeof expected, { result: RunResult; report: FullReport }>> = {};
  beforeAll(async () => {
    const modes = ['solved_or_closed', 'solved'] as const;
    const runs = await Promise.all(modes.map((mode) => runCli(expected[mode].args)));
    for (const [i, result] of runs.entries()) {
      results[modes[i] as (typeof modes)[number]] = { result, report: parseReport(result) as FullReport };
    }
  });

  for (const mode of ['solved_or_closed', 'solved'] as const) {
    it(`matches the independent figures with the resolution instant ${mode}`, () => {
      const { result, report } = results[mode]!;
      expect(result.code, result.stderr).toBe(0);
      expect(report.input.read).toBe(expected[mode].input.read);
      expect(report.input.skipped.duplicate).toBe(expected[mode].input.duplicate);
      expect(metricMismatches(mode, report.rows[0]?.metrics, expected[mode].metrics)).toEqual([]);
    });
  }

  it('keeps closed tickets out of the backlog when only resolved_at resolves', () => {
    const closure = results.solved_or_closed!.report.rows[0]!.metrics;
    const resolvedOnly = results.solved!.report.rows[0]!.metrics;
    expect(resolvedOnly.backlog).toEqual(closure.backlog);
    expect((resolvedOnly.resolution_rate as { numerator: number }).numerator).toBeLessThan(
      (closure.resolution_rate as { numerator: number }).numerator,
    );
  });

  it('states the resolution instant and how many incidents each choice concerns', () => {
    const n = expected.solved_or_closed.closed_without_resolution;
    const fallback = statement(results.solved_or_closed!.report, 'resolution_instant')!;
    expect(fallback.text).toBe(
      `resolution instant: solved (resolved_at), else closed (closed_at) for ${n} of 14 tickets`,
    );
    expect(fallback).toMatchObject({ count: n, default: true });
    const only = statement(results.solved!.report, 'resolution_instant')!;
    expect(only.text).toContain(`${n} of 14 tickets closed without it count as unresolved and are not in the backlog`);
    expect(only.default).toBe(false);
    expect(results.solved!.report.definitions.metrics.backlog).toContain(
      'closed without a resolution time is not open',
    );
  });

  it('says which columns the profile mapped, in the table footer too', async () => {
    const mapping = results.solved_or_closed!.report.assumptions.mapping[0]!;
    expect(mapping).toMatchObject({ profile: 'servicenow', unmapped: [] });
    expect(mapping.columns).toMatchObject({ id: 'number', solved: 'resolved_at', closed: 'closed_at' });
    expect(mapping.auto).toContain('closed');
    const table = await runCli(expected.solved.args.filter((a) => a !== '--format' && a !== 'json'));
    expect(table.stdout).toContain('Assumptions:');
    expect(table.stdout).toContain('resolution instant: solved (resolved_at) only (--resolution-instant solved)');
  });

  it('warns about offset-less timestamps when no zone is named, and not when one is', async () => {
    const args = expected.solved.args.filter((_, i, all) => all[i] !== '--input-tz' && all[i - 1] !== '--input-tz');
    const unnamed = await runCli(args);
    expect(unnamed.stderr).toContain(
      'timestamps without an offset (e.g. "3/11/2025 08:10" in "opened_at", "resolved_at", "closed_at", ' +
        '"sys_updated_on") are read in Europe/London (the report zone) because no input zone was given; pass ' +
        "--input-tz with the zone the export was written in (ServiceNow writes the exporting user's zone",
    );
    expect(results.solved!.result.stderr).not.toContain('without an offset');
  });
});

describe.concurrent('an ITIL export without a header row, semicolons and decimal commas', () => {
  type Run = { args: string[]; metrics: ExpectedMetrics };
  const expected = readJson<{
    as_of: string;
    config: Run;
    flags: Run;
    read: number;
    handle_time_p90_h: number;
    reassignments_max: number;
  }>('fixtures/itil/expected.json');

  for (const how of ['config', 'flags'] as const) {
    it(`reads the first row as data (${how === 'config' ? 'input.columns' : '--no-header --columns'})`, async () => {
      const result = await runCli(expected[how].args);
      expect(result.code, result.stderr).toBe(0);
      const report = parseReport(result) as FullReport;
      expect(report.input.read).toBe(expected.read);
      expect(sameInstant(report.window.as_of, expected.as_of), report.window.as_of).toBe(true);
      expect(metricMismatches(how, report.rows[0]?.metrics, expected[how].metrics)).toEqual([]);
      expect(result.stderr).not.toContain('looks like data');
    });
  }

  it('warns with the fix when the header row is data', async () => {
    const result = await runCli([
      'report',
      'fixtures/itil/interactions.csv',
      '--profile',
      'generic',
      '--delimiter',
      ';',
      '--map',
      'id=SD0100001',
      '--map',
      'created=01-03-2016 08:12',
      '--date-format',
      'dd-MM-yyyy HH:mm',
      '--input-tz',
      'Europe/Amsterdam',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'fixtures/itil/interactions.csv: the first row looks like data, not a header: the header "Closed" (column 4) ' +
        'is also a value of that column on a later row. If the file has no header row, name its 10 columns: ' +
        'opsmetrics report fixtures/itil/interactions.csv --no-header --columns col1,col2,col3,col4,…',
    );
  });

  it('refuses --columns without --no-header, and --no-header without columns (exit 2)', async () => {
    const a = await runCli(['report', 'fixtures/itil/interactions.csv', '--columns', 'a,b']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--columns names the columns of a file without a header: add --no-header');
    const b = await runCli(['report', 'fixtures/itil/interactions.csv', '--no-header']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--no-header needs the column names');
  });

  it('judges the configured metric and the count statistics in check by their ids', async () => {
    const pass = await runCli([
      'check',
      'fixtures/itil/interactions.csv',
      '--config',
      'fixtures/itil/opsmetrics.config.yml',
      '--threshold',
      `p90(handle_time) <= ${Math.ceil(expected.handle_time_p90_h)}h`,
      '--threshold',
      `max(reassignments) <= ${expected.reassignments_max}`,
      '--format',
      'json',
    ]);
    expect(pass.code, pass.stderr + pass.stdout).toBe(0);
    const fail = await runCli([
      'check',
      'fixtures/itil/interactions.csv',
      '--config',
      'fixtures/itil/opsmetrics.config.yml',
      '--threshold',
      `max(reassignments) <= ${expected.reassignments_max - 1}`,
    ]);
    expect(fail.code).toBe(1);
  });
});

describe.concurrent('a delivery history without an order date, two date layouts per column', () => {
  const expected = readJson<{
    args: string[];
    read: number;
    metrics: ExpectedMetrics;
    without_vocabulary: ExpectedMetrics;
  }>('fixtures/shipments/expected.json');
  let result: RunResult;
  let report: FullReport;
  beforeAll(async () => {
    result = await runCli(expected.args);
    report = parseReport(result) as FullReport;
  });

  it('judges on-time, delay and lateness in days against date-only promises', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(report.input.used).toBe(expected.read);
    expect(metricMismatches('shipments', report.rows[0]?.metrics, expected.metrics)).toEqual([]);
  });

  it('states how orders are placed and when a date-only promise ends', () => {
    expect(statement(report, 'order_period')?.text).toBe(
      'periods: the input has no creation column, so orders are placed in periods by promised (14 orders)',
    );
    expect(statement(report, 'date_only_promise')?.text).toBe(
      'promised dates without a time (14) last to the end of that day in America/Chicago (the report zone)',
    );
    expect(report.rows[0]!.metrics.delivery_time).toMatchObject({ kind: 'unavailable' });
  });

  it('counts a cancelled status of the config vocabulary out of the at-risk rate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-vocabulary-'));
    try {
      const config = join(dir, 'config.yml');
      writeFileSync(
        config,
        (await import('node:fs'))
          .readFileSync('fixtures/shipments/opsmetrics.config.yml', 'utf8')
          .replace(/\s+vocabulary:\n\s+cancelled: \[unavailable\]\n/, '\n'),
      );
      const args = expected.args.map((a) => (a === 'fixtures/shipments/opsmetrics.config.yml' ? config : a));
      const without = parseReport(await runCli(args));
      expect(metricMismatches('no vocabulary', without.rows[0]?.metrics, expected.without_vocabulary)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inspect hints the null token and each layout from every unreadable value', async () => {
    const inspected = await runCli([
      'inspect',
      '--orders',
      'fixtures/shipments/deliveries.csv',
      '--orders-map',
      'id=Shipment ID,promised=Scheduled Delivery,delivered=Delivered',
      '--orders-input-tz',
      'America/Chicago',
      '--format',
      'json',
    ]);
    expect(inspected.code, inspected.stderr).toBe(0);
    const r = JSON.parse(inspected.stdout) as {
      kind: string;
      fields: { field: string; by: string; unparseable: number }[];
      hints: { column: string; hint: string }[];
    };
    expect(r.kind).toBe('orders');
    expect(r.fields.find((f) => f.field === 'promised')).toMatchObject({ by: 'mapping', unparseable: 7 });
    expect(r.hints).toEqual([
      {
        column: 'Scheduled Delivery',
        hint: 'Timestamps like "07-Mar-16" match --orders-date-format "dd-MMM-yy".',
      },
      {
        column: 'Delivered',
        hint:
          '"Date Not Captured" is text, not a date: if it means no value, pass --null-token "Date Not Captured". ' +
          'Timestamps like "06-Mar-16 15:20" match --orders-date-format "dd-MMM-yy HH:mm".',
      },
    ]);
  });
});

describe.concurrent('orders, items, payments and reviews in four files', () => {
  const expected = readJson<{ args: string[]; as_of: string; read: number; metrics: ExpectedMetrics }>(
    'fixtures/marketplace/expected.json',
  );
  let result: RunResult;
  let report: FullReport;
  beforeAll(async () => {
    result = await runCli(expected.args);
    report = parseReport(result) as FullReport;
  });

  it('joins the files by order id and matches the independent figures', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(report.input.read).toBe(expected.read);
    expect(report.input.rejected).toBe(0);
    expect(sameInstant(report.window.as_of, expected.as_of), report.window.as_of).toBe(true);
    expect(metricMismatches('marketplace', report.rows[0]?.metrics, expected.metrics)).toEqual([]);
  });

  it('states the order value source and each file mapping', () => {
    expect(statement(report, 'order_value')?.text).toBe(
      'order value: the sum of item prices, else the sum of payments',
    );
    expect(report.assumptions.mapping.map((m) => [m.file.split('/').pop(), m.columns.promised ?? null])).toEqual([
      ['orders.csv', 'Estimated delivery'],
      ['order_items.csv', null],
      ['order_payments.csv', null],
      ['order_reviews.csv', null],
    ]);
  });

  it('runs the example of docs/orders.md: a mapped column looked for in the file that has it', async () => {
    const run = await runCli([
      'report',
      '--orders',
      'fixtures/marketplace/orders.csv',
      '--orders',
      'fixtures/marketplace/order_items.csv',
      '--orders-map',
      'promised=Estimated delivery',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const missing = await runCli([
      'report',
      '--orders',
      'fixtures/marketplace/orders.csv',
      '--orders',
      'fixtures/marketplace/order_items.csv',
      '--orders-map',
      'promised=Promised date',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'the orders mapping promised=Promised date names a column that no orders file has',
    );
  });
});

describe.concurrent('orders: impossible values and the accounting of emptied fields', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmetrics-orders-rules-'));
    writeFileSync(
      join(dir, 'orders.csv'),
      [
        'order_id,created_at,paid_at,shipped_at,delivered_at,promised_at',
        // Delivered before it was paid (and shipped before the order): two rules, one row.
        'o1,2025-10-01 10:00,2025-10-03 09:00,2025-09-30 12:00,2025-10-02 15:00,2025-10-06',
        'o2,2025-10-01 11:00,2025-10-01 11:05,2025-10-02 08:00,2025-10-03 10:00,2025-10-06',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a delivery before the payment with --orders-from paid (exit 3 without an allowance)', async () => {
    const args = ['report', '--orders', join(dir, 'orders.csv'), '--orders-from', 'paid', '--format', 'json'];
    const strict = await runCli(args);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain("is before the order's payment (durations start at the payment");
  });

  it('counts a row whose two fields were emptied once, in JSON and on stderr alike', async () => {
    const run = await runCli([
      'report',
      '--orders',
      join(dir, 'orders.csv'),
      '--orders-from',
      'paid',
      '--on-bad-value',
      'null',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = parseReport(run) as FullReport;
    expect(report.input.nulled).toBe(1);
    expect(run.stderr).toContain('; 1 kept with emptied fields');
    expect(report.assumptions.emptied.map((e) => [e.code, e.column, e.rows])).toEqual([
      ['impossible_value', 'shipped_at', 1],
      ['impossible_value', 'delivered_at', 1],
    ]);
  });

  it('keeps a value before the creation when the config says so for that field', async () => {
    const config = join(dir, 'keep.yml');
    writeFileSync(config, 'orders:\n  before_created: { shipped: keep }\n');
    const run = await runCli(['report', '--orders', join(dir, 'orders.csv'), '--config', config, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(parseReport(run).input.rejected).toBe(0);
  });
});

describe.concurrent('mappings the user can undo, and one column for two fields', () => {
  it('switches a profile mapping off with --map field= and --unmap, and says so', async () => {
    for (const flags of [
      ['--map', 'agent='],
      ['--unmap', 'agent,team'],
    ]) {
      const run = await runCli([
        'report',
        'fixtures/zendesk/tickets.csv',
        '--by',
        'team',
        ...flags,
        '--format',
        'json',
      ]);
      if (flags[0] === '--unmap') {
        expect(run.code).toBe(0);
        const report = parseReport(run) as FullReport;
        expect(report.assumptions.mapping[0]?.unmapped).toEqual(['agent', 'team']);
        // The team column is no field now: --by team groups by nothing the file maps.
        expect(report.rows.every((r) => r.group.team === null)).toBe(true);
      } else {
        const report = parseReport(run) as FullReport;
        expect(report.assumptions.mapping[0]?.unmapped).toEqual(['agent']);
        expect(report.assumptions.mapping[0]?.columns.agent).toBeUndefined();
      }
    }
  });

  it('reads one count column into two fields', async () => {
    const stdin = 'id,created,solved,interactions\n1,2025-11-03T09:00Z,2025-11-03T10:00Z,3\n2,2025-11-03T09:30Z,,1\n';
    const run = await runCli(
      [
        'report',
        '-',
        '--map',
        'id=id,created=created,solved=solved,agent_replies=interactions,customer_messages=interactions',
        '--format',
        'json',
      ],
      { stdin },
    );
    expect(run.code, run.stderr).toBe(0);
    const metrics = parseReport(run).rows[0]!.metrics;
    expect(metrics.agent_replies).toMatchObject({ n: 2, sum: 4 });
    expect(metrics.customer_messages).toMatchObject({ n: 2, sum: 4 });
  });
});

describe.concurrent('counts from a count column equal what an event log gives', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmetrics-counts-'));
    // C1: ann -> bob -> ann (2 reassignments), Support -> Billing (1 transfer); C2: ann only; C3: no agent.
    writeFileSync(
      join(dir, 'log.csv'),
      [
        'case,ts,activity,agent,team',
        'C1,2025-03-03T09:00:00Z,created,,Support',
        'C1,2025-03-03T10:00:00Z,agent reply,ann,Support',
        'C1,2025-03-03T11:00:00Z,agent reply,bob,Billing',
        'C1,2025-03-03T12:00:00Z,agent reply,ann,Billing',
        'C2,2025-03-03T09:30:00Z,created,,Support',
        'C2,2025-03-03T10:30:00Z,agent reply,ann,Support',
        'C3,2025-03-03T09:45:00Z,created,,Support',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tickets.csv'),
      [
        'id,created,reassignment_count,group_transfers',
        'C1,2025-03-03T09:00:00Z,2,1',
        'C2,2025-03-03T09:30:00Z,0,0',
        'C3,2025-03-03T09:45:00Z,0,0',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same reassignments and group transfers', async () => {
    const events = await runCli([
      'report',
      '--events',
      join(dir, 'log.csv'),
      '--map',
      'case=case,timestamp=ts,activity=activity,agent=agent,team=team',
      '--as-of',
      '2025-03-04',
      '--format',
      'json',
    ]);
    const columns = await runCli([
      'report',
      join(dir, 'tickets.csv'),
      '--map',
      'id=id,created=created,reassignments=reassignment_count,group_transfers=group_transfers',
      '--as-of',
      '2025-03-04',
      '--format',
      'json',
    ]);
    expect(events.code, events.stderr).toBe(0);
    expect(columns.code, columns.stderr).toBe(0);
    const fromEvents = parseReport(events).rows[0]!.metrics;
    const fromColumns = parseReport(columns).rows[0]!.metrics;
    expect(fromColumns.reassignments).toMatchObject({ n: 3, sum: 2, max: 2, distribution: { '0': 2, '2': 1 } });
    expect(fromColumns.group_transfers).toMatchObject({ n: 3, sum: 1, max: 1, distribution: { '0': 2, '1': 1 } });
    expect(fromEvents.reassignments).toEqual(fromColumns.reassignments);
    expect(fromEvents.group_transfers).toEqual(fromColumns.group_transfers);
  });
});

describe.concurrent('the definitions stated in every format, and read the way the export writes them', () => {
  const lag = ['fixtures/servicenow-lag/incident_audit.csv', '--date-format', 'd/M/yyyy HH:mm', '--null-token', '?'];
  const zone = ['--input-tz', 'Europe/London', '--tz', 'Europe/London', '--as-of', '2025-12-01'];

  it('prints the assumptions in Markdown and in the HTML footer', async () => {
    const [markdown, html] = await Promise.all([
      runCli(['report', ...lag, ...zone, '--format', 'markdown']),
      runCli(['report', ...lag, ...zone, '--format', 'html']),
    ]);
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toContain('## Assumptions');
    expect(markdown.stdout).toContain(
      '- resolution instant: solved (resolved\\_at), else closed (closed\\_at) for 3 of',
    );
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('<h3>Assumptions</h3><ul class="note"><li>columns: ');
  });

  it('inspect shows who mapped each field and what was switched off', async () => {
    const run = await runCli([
      'inspect',
      ...lag,
      '--input-tz',
      'Europe/London',
      '--unmap',
      'agent',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as { fields: { field: string; by: string }[]; switchedOff: string[] };
    expect(r.fields.find((f) => f.field === 'closed')?.by).toBe('profile');
    expect(r.fields.some((f) => f.field === 'agent')).toBe(false);
    expect(r.switchedOff).toEqual(['agent']);
  });

  it("hints the issue's example as d/M/yyyy HH:mm", async () => {
    const run = await runCli(['inspect', '-', '--format', 'json'], {
      stdin: 'number,opened_at\nINC1,29/2/2016 01:16\nINC2,5/3/2016 12:00\n',
    });
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as { hints: { column: string; hint: string }[] };
    expect(r.hints).toEqual([
      { column: 'opened_at', hint: 'Timestamps like "29/2/2016 01:16" match --date-format "d/M/yyyy HH:mm".' },
    ]);
  });

  it('reads one column in its own format beside ISO columns, and a reopened yes/no column', async () => {
    const stdin = [
      'id,opened,resolved,reopened',
      '1,29/2/2016 01:16,2016-02-29T09:16:00Z,no',
      '2,5/3/2016 12:00,2016-03-05T13:30:00Z,yes',
      '3,6/3/2016 08:00,,maybe',
    ].join('\n');
    const run = await runCli(
      [
        'report',
        '-',
        '--map',
        'id=id,created=opened,solved=resolved,reopened=reopened',
        '--date-format',
        'opened=d/M/yyyy HH:mm',
        '--input-tz',
        'UTC',
        '--format',
        'json',
      ],
      { stdin },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = parseReport(run) as FullReport;
    expect(report.rows[0]!.metrics.resolution_full).toMatchObject({ n: 2, min: 1.5, max: 8 });
    expect(report.rows[0]!.metrics.reopened).toMatchObject({ numerator: 1, denominator: 2 });
    expect(report.input.issues.map((i) => [i.code, i.column, i.action])).toEqual([
      ['unknown_value', 'reopened', 'nulled'],
    ]);
    expect(statement(report, 'date_formats')?.text).toBe(
      "dates: ISO 8601, or the profile's format; opened: d/M/yyyy HH:mm",
    );
  });

  it('warns about offset-less order timestamps with the orders option', async () => {
    const run = await runCli([
      'report',
      '--orders',
      'fixtures/marketplace/orders.csv',
      '--orders-map',
      'promised=Estimated delivery',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'fixtures/marketplace/orders.csv: timestamps without an offset (e.g. "2018-05-02 10:15:00" in ' +
        '"order_purchase_timestamp"',
    );
    expect(run.stderr).toContain('pass --orders-input-tz with the zone the export was written in');
  });
});
