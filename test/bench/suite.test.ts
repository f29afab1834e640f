/**
 * The benchmark suite (bench/suite.mjs, `npm run bench -- --suite`) on tiny inputs, so that it cannot
 * rot between the rounds that run it at 1M rows: every job runs once against its reference, the
 * figures are compared with DuckDB's, the table has a row per job. No timing is asserted (the ratios of
 * 300-row runs mean nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareEvents, compareOrders, compareTickets } from '../../bench/compare.mjs';
import { checkWorkbook, suiteOptions } from '../../bench/suite.mjs';

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
      '300 zendesk `--format xlsx`',
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

  it('accepts a workbook only when it is a zip archive holding the workbook parts', () => {
    const file = (name: string, bytes: Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    // A stored (uncompressed) zip's outline: a local header per part, then the end of central directory.
    const local = (name: string) => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(26), Buffer.from(name)]);
    const end = Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]);
    const parts = [local('[Content_Types].xml'), local('xl/workbook.xml')];
    expect(checkWorkbook(file('good.xlsx', Buffer.concat([...parts, end])))).toEqual([]);
    const text = file('table.xlsx', Buffer.from('| team | created |\n'));
    expect(checkWorkbook(text)).toEqual([
      `${text} does not start as a zip archive (PK\\3\\4)`,
      `${text} has no zip end of central directory`,
      `${text} holds no [Content_Types].xml`,
      `${text} holds no xl/workbook.xml`,
    ]);
    const partial = file('partial.xlsx', Buffer.concat([parts[0] as Buffer, end]));
    expect(checkWorkbook(partial)).toEqual([`${partial} holds no xl/workbook.xml`]);
    expect(checkWorkbook(file('empty.xlsx', Buffer.alloc(0)))).toEqual([`empty workbook ${join(dir, 'empty.xlsx')}`]);
    expect(checkWorkbook(join(dir, 'none.xlsx'))).toEqual([`no workbook written at ${join(dir, 'none.xlsx')}`]);
  });

  it('names every figure that differs from the reference, and only those', () => {
    const duration = (n: number, mean: number, median: number, p90: number) => ({ n, mean, median, p90 });
    const report = {
      window: { as_of: '2025-01-02T00:00:00+00:00' },
      rows: [
        {
          group: { team: 'Billing', priority: null },
          metrics: {
            created: { value: 4 },
            frt: duration(3, 10, 8, 20),
            resolution_full: duration(2, 5, 5, 6),
            resolution_rate: { value: 0.5 },
            repeat_contact_rate: { value: 0.25 },
          },
        },
      ],
    };
    const row = {
      team: 'Billing',
      priority: null,
      created: 4,
      frt_n: 3,
      frt_mean: 10,
      frt_median: 8,
      frt_p90: 20,
      res_n: 2,
      res_mean: 5,
      res_median: 5,
      res_p90: 6,
      resolved: 2,
      repeats: 1,
      as_of: Date.parse('2025-01-02T00:00:00Z'),
    };
    expect(compareTickets(report, [row])).toEqual([]);
    // 1e-6 relative: a rounding difference passes, a median off by 0.01 does not.
    expect(compareTickets(report, [{ ...row, frt_mean: 10 + 1e-9, frt_median: 8.01 }])).toEqual([
      'Billing | (none) frt.median: opsmetrics 8, duckdb 8.01',
    ]);
    expect(compareTickets(report, [row, { ...row, team: 'Sales' }])).toEqual([
      'groups: opsmetrics 1, duckdb 2',
      'group Sales | (none) missing from opsmetrics',
    ]);
    const one = (metrics: object) => ({ rows: [{ metrics }] });
    expect(compareOrders(one({ orders: { value: 3 } }), { orders: 4 })[0]).toBe('orders: opsmetrics 3, duckdb 4');
    expect(compareEvents(one({ created: { value: 7 } }), { cases: 8 })[0]).toBe('cases: opsmetrics 7, duckdb 8');
  });
});
