/**
 * The benchmark suite (bench/suite.mjs, `npm run bench -- --suite`) on tiny inputs, so that it cannot
 * rot between the rounds that run it at 1M rows: every job runs once against its reference, the
 * figures are compared with DuckDB's, the table has a row per job. No timing is asserted (the ratios of
 * 300-row runs mean nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteOptions } from '../../bench/suite.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-suite-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the benchmark suite', () => {
  it('reads its options: pairs, quick, large, the jobs chosen', () => {
    expect(suiteOptions([])).toMatchObject({ size: '1m', pairs: 5, startupPairs: 15, large: false, only: null });
    expect(suiteOptions(['--quick'])).toMatchObject({ size: '20k', pairs: 1, startupPairs: 3 });
    expect(suiteOptions(['--pairs', '7', '--large', '--only', 'day,help'])).toMatchObject({
      pairs: 7,
      startupPairs: 21,
      large: true,
      only: new Set(['day', 'help']),
    });
    expect(() => suiteOptions(['--pairs', '0'])).toThrow('--pairs must be a whole number >= 1; got 0');
  });

  it('runs every job once on tiny inputs, with the same figures as DuckDB', { timeout: 180_000 }, () => {
    const args = ['--suite', '--quick', '--size', '300', '--data-dir', dir, '--startup-pairs', '1'];
    const run = spawnSync(process.execPath, [join(root, 'bench', 'run.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| job'));
    const jobs = [
      '300 zendesk, `--by team,priority',
      '300 generic',
      '300 zendesk `--format html`',
      '300 zendesk `--insights',
      '300 Shopify-style orders',
      '300-event log',
      '300 zendesk `--period day`',
      'start-up: `--version`',
      'start-up: `--help`',
      'start-up: 100-row report',
    ];
    expect(rows.map((row) => jobs.find((job) => row.startsWith(`| ${job}`)))).toEqual(jobs);
    // Against DuckDB: the same figures; against the other references: a sane output.
    for (const row of rows) expect(row, row).toMatch(/\| (same|output ok) \| (pass|FAIL) \|$/);
    expect(rows.filter((row) => row.includes('| same |'))).toHaveLength(4);
    expect(run.stdout).toMatch(/Node v\d+/);
    expect(run.stderr).toContain('zendesk pair 1: opsmetrics');
  });
});
