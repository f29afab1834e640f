/**
 * Event logs end to end: the hand-worked log (fixtures/events/expected.md) and the Zendesk
 * comments + field history pair, against scripts/expected/events_expected.py.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricMismatches, parseReport, readJson, repoRoot, runCli, type ExpectedMetrics } from './helpers.js';

interface ExpectedRun {
  args: string[];
  read: number;
  rejected: number;
  folded: number;
  metrics: ExpectedMetrics;
}
const expected = readJson<{ runs: Record<'log' | 'zendesk', ExpectedRun> }>('fixtures/events/expected.json');

describe.each(['log', 'zendesk'] as const)('events: %s', (name) => {
  const run = expected.runs[name];
  it.each(['UTC', 'Asia/Tokyo'])('matches the independent reference (host TZ %s)', async (tz) => {
    const result = await runCli(run.args, { tz });
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result);
    expect(report.rows).toHaveLength(1);
    expect(metricMismatches(name, report.rows[0]?.metrics, run.metrics)).toEqual([]);
    const input = report.input as typeof report.input & { skipped: { folded?: number } };
    expect(input.read).toBe(run.read);
    expect(input.rejected).toBe(run.rejected);
    expect(input.skipped.folded).toBe(run.folded);
    expect(input.read).toBe(
      input.used +
        input.skipped.outside_period +
        input.skipped.duplicate +
        (input.skipped.folded ?? 0) +
        input.rejected,
    );
  });
});

describe('events: log details', () => {
  it('reports out-of-order and before-creation events, and fails without --max-bad-rows', async () => {
    const result = await runCli([
      'report',
      '--events',
      'fixtures/events/log.csv',
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('event_out_of_order');
    expect(result.stderr).toContain('fixtures/events/log.csv:22');
    expect(result.stderr).toContain('event_before_creation');
    expect(result.stderr).toContain('fixtures/events/log.csv:24');
  });

  it('gives the process tables (hand-worked in fixtures/events/expected.md)', async () => {
    const result = await runCli([...expected.runs.log.args, '--bottleneck-min-cases', '1']);
    const report = parseReport(result) as ReturnType<typeof parseReport> & {
      process: {
        cases: number;
        open_cases: number;
        events: number;
        paths: { path: string[]; cases: number; median_duration_h: number }[];
        bottlenecks: { from: string; to: string; n: number; median_h: number; p90_h: number }[];
      };
    };
    expect(report.process).toMatchObject({ cases: 4, open_cases: 1, events: 25 });
    expect(report.process.paths).toHaveLength(4);
    expect(report.process.paths.find((p) => p.path.length === 3)).toEqual({
      path: ['created', 'assigned', 'agent reply'],
      cases: 1,
      share: 0.25,
      median_duration_h: 2,
    });
    expect(report.process.bottlenecks.slice(0, 2).map((b) => `${b.from}->${b.to}`)).toEqual([
      'solved->closed',
      'solved->open',
    ]);
    expect(report.process.bottlenecks.find((b) => b.from === 'open' && b.to === 'solved')).toEqual({
      from: 'open',
      to: 'solved',
      n: 4,
      cases: 3,
      median_h: 1.25,
      p90_h: 1.5,
    });
    expect(report.process.bottlenecks.find((b) => b.from === 'new' && b.to === 'open')).toEqual({
      from: 'new',
      to: 'open',
      n: 3,
      cases: 3,
      median_h: 0.5,
      p90_h: 0.9,
    });
  });

  it('accepts several pairs in one --map and slices by team at creation, or at the end', async () => {
    const args = [
      'report',
      '--events',
      'fixtures/events/log.csv',
      '--map',
      'case=case,timestamp=timestamp,activity=activity',
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--max-bad-rows',
      '2',
      '--by',
      'team',
      '--format',
      'json',
    ];
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    // The team at creation (case attributes from the first event): every case starts in Support.
    expect(parseReport(result).rows.map((r) => r.group.team)).toEqual(['Support']);
    const last = await runCli([...args, '--case-attributes', 'last']);
    expect(last.code, last.stderr).toBe(0);
    // The team at the end: C1 Support, C2 Billing, C3 Support, C4 Tech.
    expect(parseReport(last).rows.map((r) => [r.group.team, r.metrics.created])).toEqual([
      ['Billing', { kind: 'count', value: 1 }],
      ['Support', { kind: 'count', value: 2 }],
      ['Tech', { kind: 'count', value: 1 }],
    ]);
  });

  it('renders the process block in markdown and the table', async () => {
    const md = await runCli([
      ...expected.runs.log.args.slice(0, -2),
      '--bottleneck-min-cases',
      '1',
      '--format',
      'markdown',
    ]);
    expect(md.stdout).toContain('## Process');
    expect(md.stdout).toContain('### Bottlenecks');
    const table = await runCli([...expected.runs.log.args.slice(0, -2), '--format', 'table']);
    expect(table.stdout).toContain('Process: 4 cases, 1 open');
  });

  it('marks event metrics unavailable for a ticket export', async () => {
    const result = await runCli([
      'report',
      'fixtures/zendesk/tickets.csv',
      '--input-tz',
      'America/New_York',
      '--format',
      'json',
    ]);
    const report = parseReport(result);
    expect(report.rows[0]?.metrics.next_reply_time?.kind).toBe('unavailable');
    expect((report as unknown as Record<string, unknown>).process).toBeUndefined();
  });
});

describe('events: CSV engines', () => {
  it('gives byte-identical reports and messages on the fast and the reference CSV reader', async () => {
    for (const run of [expected.runs.log, expected.runs.zendesk]) {
      const [fast, reference] = await Promise.all([
        runCli(run.args),
        runCli(run.args, { env: { OPSMETRICS_ENGINE: 'reference' } }),
      ]);
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stdout).toBe(reference.stdout);
      expect(fast.stderr).toBe(reference.stderr);
    }
  });

  it('reads the log again on the reference reader when the fast one gives way mid-file, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-events-'));
    const file = join(dir, 'log.csv');
    // A quote inside an unquoted field on line 4: the reference reader rejects that row, the fast one gives way.
    const lines = readFileSync(join(repoRoot, 'fixtures/events/log.csv'), 'utf8').split('\n');
    lines[3] = (lines[3] as string).replace(',ann,', ',an"n,');
    writeFileSync(file, lines.join('\n'));
    const args = [
      'report',
      '--events',
      file,
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--max-bad-rows',
      '5',
      '--format',
      'json',
    ];
    const [fast, reference] = await Promise.all([
      runCli(args),
      runCli(args, { env: { OPSMETRICS_ENGINE: 'reference' } }),
    ]);
    expect(fast.code, fast.stderr).toBe(0);
    const note =
      `opsmetrics: note: ${file}: read again with the reference CSV reader (the fast one gave way: ` +
      `a double quote inside an unquoted field); the figures are the same, the run only slower\n`;
    expect(fast.stderr.startsWith(note)).toBe(true);
    expect(fast.stderr.slice(note.length)).toBe(reference.stderr);
    expect(fast.stdout).toBe(reference.stdout);
    // Standard input read before the file that gives way is read again from its copy, not found empty.
    const [head, ...rest] = readFileSync(join(repoRoot, 'fixtures/events/log.csv'), 'utf8').split('\n');
    const half = Math.floor(rest.length / 2);
    writeFileSync(file, [head, ...rest.slice(half)].join('\n').replace(',ann,', ',an"n,'));
    const piped = [
      'report',
      '--events',
      '-',
      '--events',
      file,
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--max-bad-rows',
      '5',
      '--format',
      'json',
    ];
    const stdin = `${[head, ...rest.slice(0, half)].join('\n')}\n`;
    const [fastPiped, referencePiped] = await Promise.all([
      runCli(piped, { stdin }),
      runCli(piped, { stdin, env: { OPSMETRICS_ENGINE: 'reference' } }),
    ]);
    expect(fastPiped.code, fastPiped.stderr).toBe(0);
    expect(fastPiped.stderr).toContain('opsmetrics: note:');
    expect(fastPiped.stdout).toBe(referencePiped.stdout);
    rmSync(dir, { recursive: true, force: true });
  });
});
