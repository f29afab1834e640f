/**
 * Issue #20 end to end, against scripts/expected/events_expected.py (fixtures/events/expected.json):
 * an ITSM incident log (opened_at, waiting states, a cancellation, a closed-only workflow), a
 * conversation export built from reply links (float ids, an orphan, a cycle, direction column), an
 * XES log; the process section (variants, rework, bottlenecks with a minimum of cases); --by on an
 * extra column at creation or at the end; the variant list as its own output; inspect --events.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricMismatches, parseReport, readJson, repoRoot, runCli, type ExpectedMetrics } from './helpers.js';

interface ExpectedProcess {
  variants: { count: number; top: { sequence: string[]; cases: number; share: number; median_duration_h: number }[] };
  rework: { cases: number; activities: { activity: string; cases: number; events: number }[] };
  bottlenecks: { from: string; to: string; n: number; cases: number; median_h: number; p90_h: number }[];
  bottlenecks_below_min_cases: number;
}
interface ExpectedRun {
  args: string[];
  read?: number;
  rejected?: number;
  folded?: number;
  metrics?: ExpectedMetrics;
  groups?: Record<string, ExpectedMetrics>;
  process?: ExpectedProcess;
  conversations?: { messages: number; conversations: number; orphans: number; cycles: number };
}
const { runs } = readJson<{ runs: Record<string, ExpectedRun> }>('fixtures/events/expected.json');
const names = ['itsm', 'itsm_cancelled_unresolved', 'conversations', 'xes'];

describe.each(names)('events: %s', (name) => {
  const run = runs[name] as ExpectedRun;
  it('matches the independent reference: metrics, accounting, process tables', async () => {
    const result = await runCli(run.args);
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result) as ReturnType<typeof parseReport> & {
      process: ExpectedProcess;
      input: { conversations?: unknown; skipped: { folded?: number } };
    };
    expect(report.rows).toHaveLength(1);
    expect(metricMismatches(name, report.rows[0]?.metrics, run.metrics ?? {})).toEqual([]);
    expect([report.input.read, report.input.rejected, report.input.skipped.folded]).toEqual([
      run.read,
      run.rejected,
      run.folded,
    ]);
    if (run.conversations) expect(report.input.conversations).toEqual(run.conversations);
    if (run.process) {
      const { variants, rework, bottlenecks, bottlenecks_below_min_cases } = report.process;
      expect(variants.count).toBe(run.process.variants.count);
      expect(variants.top.map((v) => [v.sequence, v.cases])).toEqual(
        run.process.variants.top.map((v) => [v.sequence, v.cases]),
      );
      variants.top.forEach((v, k) => {
        expect(v.median_duration_h).toBeCloseTo(run.process!.variants.top[k]!.median_duration_h, 9);
      });
      expect(rework).toEqual(run.process.rework);
      expect(bottlenecks_below_min_cases).toBe(run.process.bottlenecks_below_min_cases);
      expect(bottlenecks.map((b) => [b.from, b.to, b.n, b.cases])).toEqual(
        run.process.bottlenecks.map((b) => [b.from, b.to, b.n, b.cases]),
      );
      bottlenecks.forEach((b, k) => {
        expect(b.median_h).toBeCloseTo(run.process!.bottlenecks[k]!.median_h, 9);
        expect(b.p90_h).toBeCloseTo(run.process!.bottlenecks[k]!.p90_h, 9);
      });
    }
  });
});

describe.each(['itsm_by_impact_first', 'itsm_by_impact_last', 'conversations_by_team', 'conversations_by_channel'])(
  'events: %s',
  (name) => {
    const run = runs[name] as ExpectedRun;
    it('groups by a case attribute as the reference does', async () => {
      const result = await runCli(run.args);
      expect(result.code, result.stderr).toBe(0);
      const report = parseReport(result);
      const groups = run.groups ?? {};
      expect(report.rows.map((row) => Object.values(row.group)[0])).toEqual(Object.keys(groups));
      for (const row of report.rows) {
        const group = Object.values(row.group)[0] as string;
        expect(metricMismatches(`${name}[${group}]`, row.metrics, groups[group] ?? {})).toEqual([]);
      }
    });
  },
);

describe('events: definitions of issue #20', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsm-ev20-'));

  it("times an agent-opened case from creation to the next public agent reply (the issue's example)", async () => {
    const file = join(dir, 'agent-opened.csv');
    writeFileSync(
      file,
      'case,timestamp,activity\nA,2024-01-01T10:00:00Z,agent reply\nA,2024-01-01T12:00:00Z,customer message\n' +
        'A,2024-01-01T13:00:00Z,agent reply\nB,2024-01-01T10:00:00Z,agent reply\nB,2024-01-01T10:30:00Z,agent reply\n',
    );
    const report = parseReport(await runCli(['report', '--events', file, '--by', 'status', '--format', 'json']));
    // A: 10:00 -> 13:00 = 180 min. B: an agent wrote twice and the customer never: outbound-only, no reply time.
    expect(report.rows[0]?.metrics.frt).toMatchObject({ n: 1, median: 180 });
    expect(report.rows[0]?.metrics.outbound_only).toEqual({ kind: 'count', value: 1 });
    expect(report.rows[0]?.metrics.answered).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('refuses a --by name that is no event field or column, in event mode as for tickets (exit 2)', async () => {
    const result = await runCli([
      'report',
      '--events',
      'fixtures/events/log.csv',
      '--by',
      'regoin',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--by regoin: no such event field or column');
  });

  it('states the case attributes, the cancellations, the bottlenecks minimum and the columns picked', async () => {
    const result = await runCli((runs.itsm as ExpectedRun).args);
    const report = JSON.parse(result.stdout) as { process: { definitions: Record<string, unknown> } };
    expect(report.process.definitions).toMatchObject({
      case_attributes: 'first',
      cancelled: 'closed',
      bottleneck_min_cases: 2,
      columns: { agent: { column: 'assigned_to', how: 'auto' }, opened: { column: 'opened_at', how: 'auto' } },
    });
    expect(result.stderr).toContain('agent="assigned_to"');
  });

  it('writes the variant list as its own output, one CSV row per variant', async () => {
    const run = runs.xes as ExpectedRun;
    const result = await runCli([
      'report',
      '--events',
      'fixtures/events/incidents.xes',
      '--variants',
      '--format',
      'csv',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('rank,cases,share_pct,median_duration_h,steps,variant');
    expect(lines).toHaveLength(1 + (run.process?.variants.count ?? 0));
    expect(lines.slice(1).map((line) => line.split(',').at(-1))).toEqual(
      run.process?.variants.top.map((v) => v.sequence.join(' > ')),
    );
    const top = await runCli(['report', '--events', 'fixtures/events/incidents.xes', '--variants', '--top', '1']);
    expect(top.stdout).toContain('4 variants over 5 cases (the 1 most frequent)');
    const collapsed = await runCli([
      'report',
      '--events',
      'fixtures/events/incidents.xes',
      '--variants',
      '--variants-collapse-repeats',
      '--format',
      'json',
    ]);
    // INC1002's Assign > Assign > Assign counts once; the other sequences have no repeats.
    const list = JSON.parse(collapsed.stdout) as { count: number; variants: { sequence: string[] }[] };
    expect(list.count).toBe(4);
    expect(list.variants.map((v) => v.sequence.join('>'))).toContain(
      'Created>Assign>Resolved>Reopened>Resolved>Closed',
    );
  });

  it('reads a gzipped XES log and refuses a truncated one with its place (exit 3)', async () => {
    const xes = readFileSync(join(repoRoot, 'fixtures/events/incidents.xes'));
    const gz = join(dir, 'log.xes.gz');
    writeFileSync(gz, gzipSync(xes));
    const run = runs.xes as ExpectedRun;
    const zipped = await runCli(['report', '--events', gz, ...run.args.slice(3)]);
    expect(zipped.code, zipped.stderr).toBe(0);
    expect(metricMismatches('xes.gz', parseReport(zipped).rows[0]?.metrics, run.metrics ?? {})).toEqual([]);
    const cut = join(dir, 'cut.xes');
    writeFileSync(cut, xes.subarray(0, xes.indexOf('INC1003')));
    const truncated = await runCli(['report', '--events', cut]);
    expect(truncated.code).toBe(3);
    expect(truncated.stderr).toMatch(/is not well-formed XES: .*\(.*cut\.xes:\d+:\d+\)/);
  });

  it('reads an XES log on a second thread exactly as on one, and refuses a broken one there too', async () => {
    // OPSMETRICS_SCAN_THREAD=on sends even this small file to the reading thread (xes-worker.ts); 64-byte
    // reads cut tags, values and entities across reads.
    const thread = { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: '64' };
    const args = ['report', '--events', 'fixtures/events/incidents.xes', '--format', 'json', '--by', 'case:category'];
    const one = await runCli(args, { env: { OPSMETRICS_SCAN_THREAD: 'off' } });
    const two = await runCli(args, { env: thread });
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // The thread ran (a thread that fails hands the run to the reference reader, with a note).
    expect(two.stderr).not.toContain('read again');
    expect(two.stderr).toBe(one.stderr);
    const xes = readFileSync(join(repoRoot, 'fixtures/events/incidents.xes'), 'utf8');
    const broken = join(dir, 'broken.xes');
    // In the third trace, past the first one (which the main thread reads to fix the header).
    writeFileSync(
      broken,
      xes.replace('</trace>\n  <trace>\n    <string key="concept:name" value="INC1003"/>', '</event>'),
    );
    expect(readFileSync(broken, 'utf8')).not.toBe(xes);
    const refused = await runCli(['report', '--events', broken], { env: thread });
    const single = await runCli(['report', '--events', broken], { env: { OPSMETRICS_SCAN_THREAD: 'off' } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/is not well-formed XES: .*\(.*broken\.xes:\d+:\d+\)/);
    expect(refused.stderr).toBe(single.stderr);
  });

  it('reads a YAML number in the vocabulary as its text, and refuses one whose spelling is lost', async () => {
    const config = join(dir, 'numbers.yml');
    writeFileSync(config, 'events:\n  vocabulary:\n    closed: [7]\n');
    const log = join(dir, 'numeric.csv');
    writeFileSync(log, 'case,timestamp,status\nA,2025-01-01T10:00:00Z,1\nA,2025-01-01T12:00:00Z,7\n');
    const ok = await runCli(['report', '--events', log, '--config', config, '--format', 'json']);
    expect(parseReport(ok).rows[0]?.metrics.resolution_full).toMatchObject({ n: 1, median: 2 });
    writeFileSync(config, 'events:\n  vocabulary:\n    closed: [1.10]\n');
    const refused = await runCli(['report', '--events', log, '--config', config]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('events.vocabulary.closed[0]');
    expect(refused.stderr).toContain('Quote it');
  });

  it('shows in inspect --events which column fed which field and how the vocabulary reads the statuses', async () => {
    const result = await runCli([
      'inspect',
      '--events',
      'fixtures/events/itsm_incidents.csv',
      '--input-tz',
      'Europe/Berlin',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [file] = JSON.parse(result.stdout) as {
      result: {
        kind: string;
        rows: number;
        cases: number;
        fields: { field: string; column: string; how: string }[];
        statuses: { text: string; rows: number; meaning: string | null }[];
        unmapped: string[];
      };
    }[];
    expect(file?.result).toMatchObject({ kind: 'cases', rows: 28, cases: 6, unmapped: ['impact'] });
    expect(file?.result.fields.find((f) => f.field === 'opened')).toEqual(
      expect.objectContaining({ column: 'opened_at', how: 'auto' }),
    );
    const meaning = Object.fromEntries(file!.result.statuses.map((s) => [s.text, s.meaning]));
    expect(meaning).toMatchObject({
      'Awaiting User Info': 'waiting',
      'Awaiting Vendor': 'on_hold',
      'Wait - User': 'waiting',
      Pending: 'waiting',
      Canceled: 'cancelled',
      Active: 'open',
    });
  });
});
