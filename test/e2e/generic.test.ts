/**
 * The generic profile end to end: a semicolon-separated home-grown helpdesk export with day-first
 * Berlin times (fixtures/generic/tickets.csv, mapped by fixtures/generic/opsmetrics.config.yml)
 * against fixtures/generic/expected.json, computed by scripts/expected/generic_expected.py.
 *
 * Line 15 holds `31.09.2025 10:00` in `Opened`: that row must be rejected (bad_date). Rows HD-1006 and
 * HD-1007 span the end of summer time (2025-10-26), so a wall-clock computation would be an hour off.
 */
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

interface Accounting {
  read: number;
  used: number;
  outside_period: number;
  duplicate: number;
  rejected: number;
}
interface GenericExpected {
  meta: { common_args: string[]; by_region_args: string[]; weekly_args: string[]; unavailable: string[] };
  rejects: { code: string; line: number; column: string; value: string; id: string }[];
  window_as_of: string;
  window_input: Accounting;
  window: ExpectedMetrics;
  by_region: Record<string, ExpectedMetrics>;
  weekly_as_of: string;
  weekly_input: Accounting;
  weekly_periods: Record<string, { start: string; end: string }>;
  weekly: Record<string, ExpectedMetrics>;
}

const expected = readJson<GenericExpected>('fixtures/generic/expected.json');
const BAD = expected.rejects[0]!;

const CONFIG = ['report', 'fixtures/generic/tickets.csv', '--config', 'fixtures/generic/opsmetrics.config.yml'];
const ALLOW_ONE = [...CONFIG, '--format', 'json', '--max-bad-rows', '1'];

function expectAccounting(report: Report, exp: Accounting): void {
  const { input } = report;
  expect({
    read: input.read,
    used: input.used,
    outside_period: input.skipped.outside_period,
    duplicate: input.skipped.duplicate,
    rejected: input.rejected,
  }).toEqual(exp);
}

describe('generic export with one unparseable date', () => {
  it('exits 3 by default and names the file, the line and the column on stderr', async () => {
    const result = await runCli([...CONFIG, '--format', 'json']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`tickets\\.csv\\D{0,12}\\b${BAD.line}\\b`));
    expect(result.stderr).toContain(BAD.column);
  });

  it('exits 0 with --max-bad-rows 1 and reports the rejected row as data', async () => {
    const result = await runCli(ALLOW_ONE);
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result);
    expect(report.input.rejected).toBe(1);
    const issue = report.input.issues.find((i) => i.code === BAD.code);
    expect(issue, JSON.stringify(report.input.issues)).toBeDefined();
    expect(issue!.column).toBe(BAD.column);
    expect(issue!.action).toBe('rejected');
    expect(issue!.count).toBe(1);
    expect(issue!.samples[0]?.line).toBe(BAD.line);
    expect(issue!.samples[0]?.value).toBe(BAD.value);
  });
});

describe('generic export, whole input (window and as-of from the data)', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await runCli(ALLOW_ONE);
  });

  it('takes as-of = the start of the minute after the latest timestamp', () => {
    const report = parseReport(result);
    expect(sameInstant(report.window.as_of, expected.window_as_of), report.window.as_of).toBe(true);
    expect(report.rows).toHaveLength(1);
    expect(sameInstant(report.rows[0]!.period.end, expected.window_as_of), report.rows[0]!.period.end).toBe(true);
  });

  it('accounts for every row', () => {
    expectAccounting(parseReport(result), expected.window_input);
  });

  it('matches every expected metric, computed over the remaining rows', () => {
    const report = parseReport(result);
    expect(metricMismatches('window', report.rows[0]?.metrics, expected.window)).toEqual([]);
  });

  it('marks metrics without input columns (stations, satisfaction) unavailable', () => {
    const report = parseReport(result);
    for (const id of expected.meta.unavailable) expect(report.rows[0]?.metrics[id]?.kind, id).toBe('unavailable');
  });
});

describe('generic export, --by region (an extra mapped dimension)', () => {
  it('has one row per region, the row without a region as null, each matching expected.json', async () => {
    const report = parseReport(await runCli([...ALLOW_ONE, ...expected.meta.by_region_args]));
    expect(report.rows.map(groupValue).sort()).toEqual(Object.keys(expected.by_region).sort());
    const problems = Object.entries(expected.by_region).flatMap(([region, metrics]) =>
      metricMismatches(region, report.rows.find((row) => groupValue(row) === region)?.metrics, metrics),
    );
    expect(problems).toEqual([]);
  });
});

describe('generic export, --since/--until with --period week (Europe/Berlin weeks)', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await runCli([...ALLOW_ONE, ...expected.meta.weekly_args]);
  });

  it('has one row per ISO week with Berlin bounds, and as-of = --until', () => {
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result);
    expect(report.rows.map((row) => row.period.label)).toEqual(Object.keys(expected.weekly));
    for (const row of report.rows) {
      const bounds = expected.weekly_periods[row.period.label]!;
      expect(sameInstant(row.period.start, bounds.start), `${row.period.label} start ${row.period.start}`).toBe(true);
      expect(sameInstant(row.period.end, bounds.end), `${row.period.label} end ${row.period.end}`).toBe(true);
    }
    expect(sameInstant(report.window.as_of, expected.weekly_as_of), report.window.as_of).toBe(true);
  });

  it('counts the tickets created before --since as outside the period', () => {
    expectAccounting(parseReport(result), expected.weekly_input);
  });

  it('matches every expected metric of every week', () => {
    const report = parseReport(result);
    const problems = Object.entries(expected.weekly).flatMap(([label, metrics]) =>
      metricMismatches(label, report.rows.find((row) => row.period.label === label)?.metrics, metrics),
    );
    expect(problems).toEqual([]);
  });

  it('does not depend on the host time zone', async () => {
    const args = [...ALLOW_ONE, ...expected.meta.weekly_args];
    const [tokyo, losAngeles] = await Promise.all([
      runCli(args, { tz: 'Asia/Tokyo' }),
      runCli(args, { tz: 'America/Los_Angeles' }),
    ]);
    expect(tokyo.stdout).toBe(result.stdout);
    expect(losAngeles.stdout).toBe(result.stdout);
  });
});
