/**
 * The row limits fail report and check alike (exit 3, nothing on stdout): rejected rows over
 * --max-bad-rows, and a duplicate share over --max-duplicate-share, which is what a wrong id
 * mapping looks like. fixtures/generic/tickets.csv has 25 rows in two teams (14 Support, 11
 * Logistik), one of them rejected for its date (line 15, allowed by --max-bad-rows 1): mapped
 * `id=Team`, the 24 accepted rows have 2 ids, so 22 of the 25 rows read repeat an earlier id (88%).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const GENERIC = [
  'fixtures/generic/tickets.csv',
  '--config',
  'fixtures/generic/opsmetrics.config.yml',
  '--max-bad-rows',
  '1',
];

describe('--max-duplicate-share', () => {
  it('report exits 3 when a wrong id mapping folds most rows into a few, saying what to check', async () => {
    const result = await runCli(['report', ...GENERIC, '--map', 'id=Team', '--format', 'json']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'opsmetrics: 22 of 25 rows (88%) repeat the id of another row and were folded into it, more than ' +
        '--max-duplicate-share 50%: no report written (exit 3).',
    );
    expect(result.stderr).toContain('opsmetrics inspect FILE');
  });

  it('check exits 3 too, instead of passing on 2 tickets', async () => {
    const result = await runCli(['check', ...GENERIC, '--map', 'id=Team', '-t', 'created >= 1', '--quiet']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('22 of 25 rows (88%) repeat the id of another row');
  });

  it('is a flag: 100 allows an export of updates; the right mapping has no duplicate', async () => {
    const allowed = await runCli(['report', ...GENERIC, '--map', 'id=Team', '--max-duplicate-share', '100']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('22 duplicate');
    const right = await runCli(['report', ...GENERIC, '--max-duplicate-share', '0']);
    expect(right.code, right.stderr).toBe(0);
    const bad = await runCli(['report', ...GENERIC, '--max-duplicate-share', '150']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-duplicate-share must be a percentage from 0 to 100, found "150"');
  });

  it('leaves exports of updates alone: the ServiceNow audit log folds 26 of 40 rows by sys_mod_count', async () => {
    const result = await runCli([
      'report',
      'fixtures/servicenow/incident_audit.csv',
      '--date-format',
      'd/M/yyyy HH:mm',
      '--null-token',
      '?',
      '--input-tz',
      'UTC',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('26 duplicate');
  });
});
