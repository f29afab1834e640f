/** A case whose first status event is already solved (or closed) is resolved at creation, not open. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './helpers.js';

it('counts a case created solved as resolved at creation', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'opsm-ev-')), 'log.csv');
  writeFileSync(
    file,
    'case,at,status\nA,2025-01-01T10:00:00Z,solved\nB,2025-01-01T10:00:00Z,new\nB,2025-01-01T11:00:00Z,solved\nC,2025-01-01T10:00:00Z,closed\n',
  );
  const result = await runCli([
    'report',
    '--events',
    file,
    '--map',
    'case=case,timestamp=at,status=status',
    '--as-of',
    '2025-01-02T00:00:00Z',
    '--format',
    'json',
  ]);
  expect(result.code).toBe(0);
  const metrics = (JSON.parse(result.stdout) as { rows: { metrics: Record<string, unknown> }[] }).rows[0]!.metrics;
  // A: solved at creation (0 h); B: solved after 1 h; C: closed at creation (0 h) -> 3/3 resolved, none open.
  expect(metrics.resolution_rate).toEqual({ kind: 'rate', numerator: 3, denominator: 3, value: 1 });
  expect(metrics.backlog).toEqual({ kind: 'count', value: 0 });
  expect(metrics.resolution_full).toMatchObject({ n: 3, min: 0, max: 1 });
});

it('reports first reply as unavailable, not 0, when messages carry no author role', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'opsm-ev-')), 'comments.csv');
  // Zendesk-comment shaped rows without author_role: who replied cannot be known.
  writeFileSync(
    file,
    'id,created,public,ticket_id,user_id\n1,2025-01-01T10:00:00Z,TRUE,7,100\n2,2025-01-01T11:00:00Z,TRUE,7,200\n',
  );
  const result = await runCli(['report', '--events', file, '--format', 'json']);
  expect(result.code).toBe(0);
  const frt = (JSON.parse(result.stdout) as { rows: { metrics: Record<string, { kind: string; reason?: string }> }[] })
    .rows[0]!.metrics.frt!;
  expect(frt.kind).toBe('unavailable');
  expect(frt.reason).toContain('map the event field role');
});

it('--sort-events folds an unsorted log like the same log in time order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsm-ev-'));
  const rows = [
    'A,2025-01-01T10:00:00Z,new',
    'A,2025-01-01T12:00:00Z,pending',
    'A,2025-01-02T09:00:00Z,solved',
    'B,2025-01-01T11:00:00Z,new',
    'B,2025-01-01T15:00:00Z,solved',
  ];
  const sorted = join(dir, 'sorted.csv');
  const shuffled = join(dir, 'shuffled.csv');
  writeFileSync(sorted, ['case,at,status', ...rows, ''].join('\n'));
  writeFileSync(shuffled, ['case,at,status', rows[2], rows[4], rows[0], rows[3], rows[1], ''].join('\n'));
  const args = (file: string) => [
    'report',
    '--events',
    file,
    '--map',
    'case=case,timestamp=at,status=status',
    '--as-of',
    '2025-01-03T00:00:00Z',
    '--format',
    'json',
  ];
  const unsortedDefault = await runCli(args(shuffled));
  expect(unsortedDefault.code).toBe(3);
  expect(unsortedDefault.stderr).toContain('--sort-events');
  const a = await runCli(args(sorted));
  const b = await runCli([...args(shuffled), '--sort-events']);
  expect(b.code).toBe(0);
  const metrics = (out: string) => (JSON.parse(out) as { rows: unknown[] }).rows;
  expect(metrics(b.stdout)).toEqual(metrics(a.stdout));
});
