/**
 * `opsmetrics check` and `opsmetrics init` end to end: exit codes, JSON results, JUnit file, GitHub
 * annotations and job summary, on fixtures/check (verdicts worked out by hand in test/metrics/sla.test.ts):
 * first_reply achievement 2/4 = 50% (team A 2/3, team B 0/1); resolution 1/3, 2 breached.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/options/schema.js';
import { junitSchemaErrors } from '../helpers/junit.js';
import { repoRoot, runCli } from './helpers.js';

const ARGS = [
  'check',
  'fixtures/check/tickets.csv',
  '--config',
  'fixtures/check/opsmetrics.config.yml',
  '--since',
  '2025-11-17',
  '--until',
  '2025-11-22',
  '--as-of',
  '2025-11-21T12:00:00Z',
  '--quiet',
  // A hand-worked fixture of 6 tickets: every group with data is judged.
  '--min-sample',
  '1',
];
const temp = () => mkdtempSync(join(tmpdir(), 'opsmetrics-check-'));

describe('opsmetrics check exit codes', () => {
  it('0 when every error-severity check passes (a warning only warns)', async () => {
    const result = await runCli([...ARGS, '--format', 'json'], {
      env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.summary).toEqual({ total: 5, passed: 3, failed: 0, warned: 1, skipped: 1, errors: 0 });
    expect(
      out.results.map((r: { name: string; status: string; value: number | null; n: number | null }) => [
        r.name,
        r.status,
        r.value,
        r.n,
      ]),
    ).toEqual([
      ['sla.first_reply.achievement >= 50%', 'pass', 0.5, 4],
      ['sla.first_reply.achievement >= 60% by team [team=A]', 'pass', 2 / 3, 3],
      ['sla.first_reply.achievement >= 60% by team [team=B]', 'skipped', 0, 1],
      ['sla.resolution.achievement >= 50%', 'fail', 1 / 3, 3],
      ['sla.resolution.breached <= 2', 'pass', 2, 6],
    ]);
    expect(result.stderr).toBe('');
  });

  it('1 with --fail-on warning on a failed warning', async () => {
    const result = await runCli([...ARGS, '--fail-on', 'warning']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL +sla\.resolution\.achievement >= 50%/m);
  });

  it('1 when a --threshold fails', async () => {
    // calendar frt: C1 16h50m = 1010 min, C2 300, C3 420 -> p90 = 420 + 0.8 * 590 = 892 min > 60
    const result = await runCli([...ARGS, '--threshold', 'p90(frt) <= 1h', '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).results.at(-1)).toMatchObject({
      name: 'p90(frt) <= 1h',
      status: 'fail',
      value: 892,
      target: 60,
      unit: 'minutes',
      n: 3,
      source: '--threshold',
    });
  });

  it('2 for a bad threshold or a bad config, before reading the input', async () => {
    const bad = await runCli([...ARGS, '--threshold', 'p90(frt) =< 4h']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--threshold "p90(frt) =< 4h": unknown operator "=<" (did you mean "<="?)');
    const dir = temp();
    writeFileSync(join(dir, 'c.yml'), 'sla:\n  first_reply: { high: 4 hours }\n');
    const config = await runCli([
      'check',
      'fixtures/check/tickets.csv',
      '--config',
      join(dir, 'c.yml'),
      '--threshold',
      'fcr >= 1%',
    ]);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(
      'config sla.first_reply.high: must be a duration with a unit, e.g. 30m, 4h, 2d or 1h30m, found "4 hours"',
    );
    const none = await runCli([
      'check',
      'fixtures/check/tickets.csv',
      '--config',
      join(dir, 'c.yml').replace('c.yml', 'missing.yml'),
    ]);
    expect(none.code).toBe(2);
  });

  it('3 when a metric a check needs is unavailable, never a pass', async () => {
    const result = await runCli([...ARGS, '--threshold', 'csat >= 80%', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).results.at(-1)).toMatchObject({
      status: 'error',
      value: null,
      reason: expect.stringContaining('csat is unavailable'),
    });
  });

  it('3 when the input cannot be read', async () => {
    const result = await runCli([
      ...ARGS.map((a) => (a === 'fixtures/check/tickets.csv' ? 'fixtures/check/nope.csv' : a)),
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cannot open fixtures/check/nope.csv');
  });
});

describe('CI outputs', () => {
  it('writes JUnit XML, GitHub annotations on stderr and the job summary', async () => {
    const dir = temp();
    const junit = join(dir, 'checks.xml');
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'before\n');
    const result = await runCli([...ARGS, '--junit', junit, '--threshold', 'p90(frt) <= 1h'], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: repoRoot },
    });
    expect(result.code, result.stderr).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites>\n {2}<testsuite name="opsmetrics check" package="opsmetrics" id="0" timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d" hostname="[^"]+" tests="6" failures="1" errors="0" skipped="1" time="\d+\.\d{3}">/,
    );
    expect(xml.match(/<testcase classname="opsmetrics\.check" name="/g)).toHaveLength(6);
    expect(xml).toMatch(
      /<failure message="p90\(frt\) = 892 min in calendar time, target &lt;= 60 min \(n 3, all; window 2025-11-17T00:00:00\+00:00 \.\. 2025-11-22T00:00:00\+00:00, as of 2025-11-21T12:00:00\+00:00\)" type="threshold">/,
    );
    expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
    // Errors first, then warnings; a check of the config points at its line (checks[2] is line 23).
    expect(result.stderr.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      expect.stringMatching(
        /^::error title=opsmetrics check failed%3A p90\(frt\) <= 1h::p90\(frt\) = 892 min in calendar time, target <= 60 min/,
      ),
      expect.stringMatching(
        /^::warning file=fixtures\/check\/opsmetrics\.config\.yml,line=23,title=opsmetrics check warning%3A sla\.resolution\.achievement >= 50%25::/,
      ),
    ]);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('before\n### opsmetrics check: 1 failed, 1 warning, 1 skipped, 3 passed\n')).toBe(true);
  });
});

describe('opsmetrics check on complaint classes', () => {
  // fixtures/complaints/expected.json (classes worked out by hand per ticket): week 2025-W41 has 20
  // tickets created, 4 of them delay (20%), 2 billing_error, 1 of the config's own class retard (5%).
  const COMPLAINTS = [
    'check',
    'fixtures/complaints/tickets.csv',
    '--input-tz',
    'UTC',
    '--since',
    '2025-10-06',
    '--until',
    '2025-10-13',
    '--quiet',
    '--format',
    'json',
  ];
  const results = (stdout: string) =>
    (JSON.parse(stdout).results as { name: string; status: string; value: number; n: number }[]).map((r) => [
      r.name,
      r.status,
      r.value,
      r.n,
    ]);

  it('judges complaints.<class> shares and counts, default and config classes, classifying without --complaints', async () => {
    const result = await runCli([
      ...COMPLAINTS,
      '--config',
      'fixtures/complaints/opsmetrics.config.yml',
      '-t',
      'complaints.delay <= 20%',
      '-t',
      'complaints.retard < 5%',
      '-t',
      'count(complaints.billing_error) <= 1',
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(results(result.stdout)).toEqual([
      ['complaints.delay <= 20%', 'pass', 0.2, 20],
      ['complaints.retard < 5%', 'fail', 0.05, 20],
      ['count(complaints.billing_error) <= 1', 'fail', 2, 20],
    ]);
  });

  it('exits 2 before reading for a class the run does not have, listing the classes it has', async () => {
    // Without the config, retard is no class: the default classes are listed instead.
    const result = await runCli([...COMPLAINTS, '-t', 'complaints.retard < 5%']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown metric "complaints.retard"');
    expect(result.stderr).toContain('complaints.delay, complaints.billing_error');
  });

  it('exits 3 when the input has no column to classify (fixtures/check has no subject, category or tags)', async () => {
    const result = await runCli([
      'check',
      'fixtures/check/tickets.csv',
      '--config',
      'fixtures/check/opsmetrics.config.yml',
      '--quiet',
      '--format',
      'json',
      '-t',
      'complaints.delay <= 20%',
    ]);
    expect(result.code, result.stderr).toBe(3);
    expect(JSON.parse(result.stdout).results.at(-1)).toMatchObject({
      name: 'complaints.delay <= 20%',
      status: 'error',
      reason: expect.stringContaining('no subject, category or tags column'),
    });
  });
});

describe('opsmetrics init', () => {
  it('writes a valid commented starter config and refuses to overwrite it without --force', async () => {
    const file = join(temp(), 'opsmetrics.config.yml');
    const first = await runCli(['init', file]);
    expect(first.code, first.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# SLA targets per priority');
    const config = parseConfig(text, file);
    expect(config.checks?.length).toBe(3);
    expect(config.sla?.first_reply?.byPriority.get('urgent')?.clock.kind).toBe('business');
    writeFileSync(file, 'mine\n');
    const again = await runCli(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect((await runCli(['init', file, '--force'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(join(repoRoot, 'opsmetrics.config.yml'))).toBe(false);
  });
});
