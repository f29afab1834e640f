/** Messages that tell the user what to do next. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsm-msg-'));

describe('run messages', () => {
  it('does not suggest allowing every row to be rejected', async () => {
    const file = join(dir, 'slashes.csv');
    writeFileSync(file, 'id,opened\n1,05/01/2022 10:00\n2,05/02/2022 11:00\n');
    const result = await runCli(['report', file, '--profile', 'generic', '--map', 'id=id', '--map', 'created=opened']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every row (2) was rejected');
    expect(result.stderr).not.toContain('--max-bad-rows 2');
    // The date hint names both readings of the ambiguous format.
    expect(result.stderr).toMatch(/MM\/dd\/yyyy/);
  });

  it('warns when --format and the --output extension disagree', async () => {
    const out = join(dir, 'report.json');
    const result = await runCli([
      'report',
      'fixtures/zendesk/tickets.csv',
      '--input-tz',
      'America/New_York',
      '--format',
      'csv',
      '-o',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`writing csv into ${out}, whose extension says json`);
  });

  it('inspect says which --date-format would read an unparseable date column', async () => {
    const file = join(dir, 'inspect.csv');
    writeFileSync(file, 'id,opened\n1,05/01/2022 10:00\n2,05/02/2022 11:00\n');
    const result = await runCli(['inspect', file, '--profile', 'generic', '--map', 'id=id', '--map', 'created=opened']);
    expect(result.stdout).toMatch(/opened: .*--date-format.*"MM\/dd\/yyyy HH:mm"/);
  });
});
