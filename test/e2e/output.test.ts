/**
 * What the command line writes and refuses: output file names, format-specific flags, the CSV
 * dialect for Excel, safe standard output, relative windows from a fixed clock, --metrics, zones,
 * and the usage when no export is named on a terminal.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, repoRoot, runCli } from './helpers.js';

const ZENDESK = ['report', 'fixtures/zendesk/tickets.csv', '--input-tz', 'America/New_York'];
const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output file names', () => {
  it.each(['report.xls', 'report.txt', 'report.pdf'])('-o %s is a usage error naming the formats', async (name) => {
    const file = join(dir, name);
    const result = await runCli([...ZENDESK, '-o', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`opsmetrics: error: --output ${file} ends in .${name.split('.')[1]}`);
    expect(result.stderr).toMatch(/hint: .*xlsx.*\.csv/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('-o report.xlsx writes a workbook', async () => {
    const file = join(dir, 'weekly.xlsx');
    const result = await runCli([...ZENDESK, '--period', 'week', '-o', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(execFileSync('head', ['-c', '2', file]).toString()).toBe('PK');
    rmSync(file);
  });
});

describe('format-specific flags', () => {
  it('warns when --excel is given to a format it does not apply to', async () => {
    const result = await runCli([...ZENDESK, '--format', 'json', '--excel']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'opsmetrics: warning: --excel does not apply to json output (it applies to csv, tsv); ignored',
    );
  });

  it('writes decimal commas with semicolons, and Excel timestamps without offset', async () => {
    const result = await runCli([
      ...ZENDESK,
      '--period',
      'week',
      '--format',
      'csv',
      '--output-decimal',
      'comma',
      '--excel',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [header, first] = result.stdout.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.startsWith('period;period_start;period_end;created;')).toBe(true);
    // W44 starts at the first ticket, 2025-10-30 14:05:31 New York time; its median first reply 329.5 min.
    expect(first?.startsWith('2025-W44;2025-10-30 14:05:31;2025-11-03 00:00:00;2;')).toBe(true);
    expect(first).toContain(';329,5;');
  });

  it('leaves out the 113 columns a Zendesk export can never fill; --all-columns keeps all 208', async () => {
    const columns = async (extra: string[]) =>
      ((await runCli([...ZENDESK, '--format', 'csv', ...extra])).stdout.split('\n')[0] ?? '').split(',');
    const some = await columns([]);
    const all = await columns(['--all-columns']);
    expect(all).toHaveLength(208);
    expect(some).toHaveLength(208 - 113);
    expect(all).toContain('next_reply_time_median_min');
    expect(some).not.toContain('next_reply_time_median_min');
  });
});

describe('standard output', () => {
  const csv = [
    'id,created,team',
    '1,2025-11-03T09:00:00Z,"Billing\n::error::injected"',
    '2,2025-11-04T09:00:00Z,Ops',
  ].join('\n');
  const args = ['report', '-', '--profile', 'generic', '--map', 'id=id,created=created,team=team', '--by', 'team'];

  it.each(['csv', 'tsv', 'html'])('%s: no line starts with :: from the data', async (format) => {
    const result = await runCli([...args, '--format', format], { stdin: csv });
    expect(result.code, result.stderr).toBe(0);
    for (const line of result.stdout.split(/\r\n|\r|\n/)) expect(line.trimStart().startsWith('::'), line).toBe(false);
  });

  it('csv: the line break inside the value stays inside its quotes', async () => {
    const result = await runCli([...args, '--format', 'csv'], { stdin: csv });
    expect(result.stdout).toContain('"Billing\n\'::error::injected"');
  });
});

describe('relative windows', () => {
  it('--last week ends at the start of this week in the report zone', async () => {
    const result = await runCli([...ZENDESK, '--last', 'week', '--format', 'json'], {
      env: { OPSMETRICS_NOW: '2025-11-26T15:00:00Z' },
    });
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result);
    // No --tz: the report is in the input zone. Last week: Monday 17 to Monday 24 November, New York.
    expect(report.window.timezone).toBe('America/New_York');
    expect(report.window.since).toBe('2025-11-17T00:00:00-05:00');
    expect(report.window.until).toBe('2025-11-24T00:00:00-05:00');
  });

  it('--since "monday last week" from the clock the environment fixes', async () => {
    const result = await runCli(
      [...ZENDESK, '--since', 'monday last week', '--until', 'this week', '--format', 'json'],
      {
        env: { OPSMETRICS_NOW: '2025-11-26T15:00:00Z' },
      },
    );
    expect(parseReport(result).window.since).toBe('2025-11-17T00:00:00-05:00');
  });
});

describe('refusals', () => {
  it('--metrics names a metric the report does not have', async () => {
    const result = await runCli([...ZENDESK, '--metrics', 'frt,frist_reply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--metrics frist_reply: no such metric in this report');
    expect(result.stderr).toMatch(/hint: The report's metrics: created, frt, /);
  });

  it('--tz EST is refused, naming America/New_York', async () => {
    const result = await runCli([...ZENDESK, '--tz', 'EST']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('hint: Use America/New_York');
  });
});

const script = existsSync('/usr/bin/script');
describe.skipIf(!script)('no export named, on a terminal', () => {
  it('prints the usage on stderr and exits 2 instead of waiting', () => {
    const command = `${process.execPath} ${resolve(repoRoot, 'bin/opsmetrics.js')} report; echo "exit $?"`;
    // script(1) gives the command a pseudo-terminal; its stdin is then a TTY.
    const out = execFileSync('/usr/bin/script', ['-qec', command, '/dev/null'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
      input: '',
      timeout: 20_000,
    }).toString();
    expect(out).toContain('Usage: opsmetrics report [options] [files...]');
    expect(out).toContain('opsmetrics: error: no input');
    expect(out).toContain('exit 2');
  });
});
