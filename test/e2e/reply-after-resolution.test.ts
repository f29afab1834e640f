/**
 * A first reply after the resolution would make the first reply time longer than the resolution
 * time: it is an impossible_value issue, on both CSV engines, with the reject/null policy.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsm-reply-'));
const file = join(dir, 'tickets.csv');
writeFileSync(
  file,
  [
    'id,created,reply,solved',
    '1,2025-01-01T10:00:00Z,2025-01-01T12:00:00Z,2025-01-01T11:00:00Z', // reply 1 h after the solve
    '2,2025-01-01T10:00:00Z,2025-01-01T10:30:00Z,2025-01-01T14:00:00Z',
    '',
  ].join('\n'),
);
const args = [
  'report',
  file,
  '--profile',
  'generic',
  '--map',
  'id=id',
  '--map',
  'created=created',
  '--map',
  'first_reply=reply',
  '--map',
  'solved=solved',
  '--format',
  'json',
];

describe.each(['fast', 'reference'])('first reply after the resolution (%s engine)', (engine) => {
  const env = { OPSMETRICS_ENGINE: engine };

  it('rejects the row by default, naming both columns', async () => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/impossible_value in "reply".*after the resolution in "solved"/);
    expect(result.stderr).toContain(`${file}:2`);
  });

  it('keeps the row without its first reply with --on-bad-value null', async () => {
    const result = await runCli([...args, '--on-bad-value', 'null'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      rows: { metrics: Record<string, { n?: number; median?: number }> }[];
      input: { nulled: number };
    };
    // Only ticket 2's reply (30 min) is left; both resolutions count (1 h and 4 h).
    expect(report.rows[0]!.metrics.frt).toMatchObject({ n: 1, median: 30 });
    expect(report.rows[0]!.metrics.resolution_full).toMatchObject({ n: 2 });
    expect(report.input.nulled).toBe(1);
  });
});
