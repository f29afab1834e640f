/**
 * The Zendesk fixture end to end: fixtures/zendesk/tickets.csv (account zone America/New_York, no
 * offsets) against fixtures/zendesk/expected.json, which scripts/expected/zendesk_expected.py computes
 * without the program. Worked arithmetic: fixtures/zendesk/expected.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ExpectedMetrics,
  groupValue,
  metricMismatches,
  parseReport,
  readJson,
  type Report,
  runCli,
  type RunResult,
  sameInstant,
} from './helpers.js';

interface ZendeskExpected {
  meta: {
    args: string[];
    as_of: string;
    window: { label: string; start: string; end: string };
    weeks: Record<string, { start: string; end: string }>;
  };
  input: { read: number; used: number; outside_period: number; duplicate: number; rejected: number };
  window: ExpectedMetrics;
  weekly: Record<string, ExpectedMetrics>;
  by_group: Record<string, ExpectedMetrics>;
  variants: {
    throughput_weekly: { args: string[]; resolution_rate: Record<string, ExpectedMetrics[string]> };
    fcr_no_repeat: { args: string[]; fcr: ExpectedMetrics[string] };
  };
}

const expected = readJson<ZendeskExpected>('fixtures/zendesk/expected.json');

const BASE = [
  'report',
  'fixtures/zendesk/tickets.csv',
  '--input-tz',
  'America/New_York',
  '--tz',
  'America/New_York',
  '--since',
  '2025-11-03',
  '--until',
  '2025-11-24',
];
const JSON_ARGS = [...BASE, '--format', 'json'];

function expectOk(result: RunResult): Report {
  expect(result.code, `exit code; stderr:\n${result.stderr}`).toBe(0);
  return parseReport(result);
}

describe('zendesk export, whole window', () => {
  let result: RunResult;
  let report: Report;
  beforeAll(async () => {
    result = await runCli(JSON_ARGS);
  });

  it('exits 0 and writes one JSON document to stdout', () => {
    report = expectOk(result);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('reports one row for the window with its bounds and as-of', () => {
    report = parseReport(result);
    expect(report.rows).toHaveLength(1);
    const row = report.rows[0]!;
    expect(row.period.label).toBe('all');
    expect(sameInstant(row.period.start, expected.meta.window.start), row.period.start).toBe(true);
    expect(sameInstant(row.period.end, expected.meta.window.end), row.period.end).toBe(true);
    expect(row.group).toEqual({});
    expect(sameInstant(report.window.as_of, expected.meta.as_of), report.window.as_of).toBe(true);
  });

  it('accounts for every row: the two tickets created before the window are outside the period', () => {
    report = parseReport(result);
    const { input } = report;
    expect(input.read).toBe(expected.input.read);
    expect(input.used).toBe(expected.input.used);
    expect(input.skipped.outside_period).toBe(expected.input.outside_period);
    expect(input.skipped.duplicate).toBe(expected.input.duplicate);
    expect(input.rejected).toBe(expected.input.rejected);
    expect(input.read).toBe(input.used + input.skipped.outside_period + input.skipped.duplicate + input.rejected);
  });

  it('matches every expected metric of the window', () => {
    report = parseReport(result);
    expect(metricMismatches('window', report.rows[0]?.metrics, expected.window)).toEqual([]);
  });

  it('prints the row accounting (read and used counts) on stderr, not stdout', () => {
    const accounting = result.stderr
      .split('\n')
      .find(
        (line) =>
          new RegExp(`\\b${expected.input.read}\\b`).test(line) &&
          new RegExp(`\\b${expected.input.used}\\b`).test(line),
      );
    expect(accounting, `stderr:\n${result.stderr}`).toBeDefined();
  });
});

describe('zendesk export, --period week', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await runCli([...JSON_ARGS, '--period', 'week']);
  });

  it('has exactly one row per ISO week of the window, with its bounds', () => {
    const report = expectOk(result);
    const labels = report.rows.map((row) => row.period.label);
    expect(labels).toEqual(Object.keys(expected.weekly));
    for (const row of report.rows) {
      const bounds = expected.meta.weeks[row.period.label]!;
      expect(sameInstant(row.period.start, bounds.start), `${row.period.label} start ${row.period.start}`).toBe(true);
      expect(sameInstant(row.period.end, bounds.end), `${row.period.label} end ${row.period.end}`).toBe(true);
    }
  });

  it('matches every expected metric of every week', () => {
    const report = parseReport(result);
    const problems = Object.entries(expected.weekly).flatMap(([label, metrics]) =>
      metricMismatches(label, report.rows.find((row) => row.period.label === label)?.metrics, metrics),
    );
    expect(problems).toEqual([]);
  });
});

describe('zendesk export, --by Group', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await runCli([...JSON_ARGS, '--by', 'Group']);
  });

  it('has one row per group, the ticket without a group included as null', () => {
    const report = expectOk(result);
    expect(report.rows.map(groupValue).sort()).toEqual(Object.keys(expected.by_group).sort());
    expect(report.rows.every((row) => row.period.label === 'all')).toBe(true);
  });

  it('matches every expected metric of every group', () => {
    const report = parseReport(result);
    const problems = Object.entries(expected.by_group).flatMap(([group, metrics]) =>
      metricMismatches(group, report.rows.find((row) => groupValue(row) === group)?.metrics, metrics),
    );
    expect(problems).toEqual([]);
  });
});

describe('zendesk export, metric variants', () => {
  it('--resolution-rate throughput counts tickets resolved in each week, whatever their creation date', async () => {
    const variant = expected.variants.throughput_weekly;
    const report = expectOk(await runCli([...JSON_ARGS, ...variant.args]));
    const problems = Object.entries(variant.resolution_rate).flatMap(([label, value]) =>
      metricMismatches(label, report.rows.find((row) => row.period.label === label)?.metrics, {
        resolution_rate: value,
      }),
    );
    expect(problems).toEqual([]);
  });

  it('--fcr no_repeat drops first-contact resolutions followed by a new ticket within 7 days', async () => {
    const variant = expected.variants.fcr_no_repeat;
    const report = expectOk(await runCli([...JSON_ARGS, ...variant.args]));
    expect(metricMismatches('window', report.rows[0]?.metrics, { fcr: variant.fcr })).toEqual([]);
  });

  it('gives the same repeat figures with the repeat flags on a second thread (as for large tables)', async () => {
    const variant = expected.variants.fcr_no_repeat;
    const args = [...JSON_ARGS, ...variant.args, '--period', 'week'];
    const [threaded, here] = await Promise.all([
      runCli(args, { env: { OPSMETRICS_METRICS_THREAD: 'on' } }),
      runCli(args, { env: { OPSMETRICS_METRICS_THREAD: 'off' } }),
    ]);
    const report = expectOk(threaded);
    expect(
      metricMismatches(
        'window',
        expectOk(await runCli([...JSON_ARGS, ...variant.args], { env: { OPSMETRICS_METRICS_THREAD: 'on' } })).rows[0]
          ?.metrics,
        { fcr: variant.fcr },
      ),
    ).toEqual([]);
    expect(report.rows.length).toBeGreaterThan(1);
    expect(threaded.stdout).toBe(here.stdout);
    expect(threaded.stderr).toBe(here.stderr);
  });

  it(
    'gives the same report when the repeat thread cannot ' + 'start (it is given up on, not waited for forever)',
    async () => {
      // A preload that throws in every worker thread: the thread never runs a line of ours.
      const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-nothreads-'));
      const preload = join(dir, 'no-threads.mjs');
      writeFileSync(
        preload,
        "import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) throw new Error('no threads here');\n",
      );
      const args = [...JSON_ARGS, '--period', 'week'];
      const [failing, here] = await Promise.all([
        runCli(args, { env: { OPSMETRICS_METRICS_THREAD: 'on', NODE_OPTIONS: `--import=${preload}` } }),
        runCli(args, { env: { OPSMETRICS_METRICS_THREAD: 'off' } }),
      ]);
      rmSync(dir, { recursive: true, force: true });
      expect(failing.code, failing.stderr).toBe(0);
      expect(failing.stdout).toBe(here.stdout);
    },
  );
});

describe('zendesk export, independence from the host', () => {
  it('gives byte-identical stdout under TZ=UTC, Asia/Tokyo and America/Los_Angeles', async () => {
    const args = [...JSON_ARGS, '--period', 'week'];
    const [utc, tokyo, losAngeles] = await Promise.all([
      runCli(args, { tz: 'UTC' }),
      runCli(args, { tz: 'Asia/Tokyo' }),
      runCli(args, { tz: 'America/Los_Angeles' }),
    ]);
    expectOk(utc);
    expect(tokyo.code).toBe(0);
    expect(losAngeles.code).toBe(0);
    expect(tokyo.stdout).toBe(utc.stdout);
    expect(losAngeles.stdout).toBe(utc.stdout);
  });
});

describe('zendesk export, --format csv', () => {
  it('parses as CSV with one record per week and the created counts of expected.json', async () => {
    const result = await runCli([...BASE, '--period', 'week', '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    const records = parse(result.stdout, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records).toHaveLength(Object.keys(expected.weekly).length);
    const header = Object.keys(records[0] ?? {});
    const createdKey = header.find((key) => key === 'created') ?? header.find((key) => /(^|_)created($|_)/.test(key));
    expect(createdKey, `CSV header: ${header.join(',')}`).toBeDefined();
    for (const [label, metrics] of Object.entries(expected.weekly)) {
      const record = records.find((r) => Object.values(r).includes(label));
      expect(record, `no CSV record for ${label}`).toBeDefined();
      expect(Number(record![createdKey!])).toBe(metrics.created!.value);
    }
  });
});
