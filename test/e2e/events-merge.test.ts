/**
 * Several event files through the command line: files in time order are merged as they stream, and
 * the report is the single file's (the parts' rows sorted by time, ties in file order, by a plain
 * stable sort here); a file that goes back in time past its first rows is read again into the
 * in-memory merge, with a note, and the report does not change.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const HEADER = 'case,timestamp,activity,status,resource,team,role';

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1,500 cases in time order split in 3 files (messages; status changes; assignments), with ties. */
function parts(): { at: number; line: string }[][] {
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const base = Date.parse('2025-05-05T08:00:00Z');
  const rows: { at: number; line: string; part: number; n: number }[] = [];
  for (let c = 0; c < 1500; c++) {
    let at = base + Math.floor(rnd() * 5000) * 60_000;
    rows.push({ at, line: `T${c},${new Date(at).toISOString()},created,new,,${pick('ABC')},customer`, part: 1, n: 0 });
    for (let k = 0; k < 6; k++) {
      at += rnd() < 0.3 ? 0 : Math.floor(rnd() * 90) * 60_000;
      const kind = Math.floor(rnd() * 3);
      const stamp = new Date(at).toISOString();
      const line =
        kind === 0
          ? `T${c},${stamp},${pick(['customer message', 'agent reply'])},,${pick(['ann', 'bob', ''])},,` +
            pick(['customer', 'agent'])
          : kind === 1
            ? `T${c},${stamp},status change,${pick(['open', 'pending', 'solved', 'closed', 'on hold'])},,,agent`
            : `T${c},${stamp},assigned,,${pick(['ann', 'bob', 'cy'])},${pick('ABC')},agent`;
      rows.push({ at, line, part: kind, n: 0 });
    }
  }
  rows.forEach((r, n) => {
    r.n = n;
  });
  rows.sort((a, b) => a.at - b.at || a.n - b.n);
  return [0, 1, 2].map((p) => rows.filter((r) => r.part === p));
}

const write = (path: string, rows: { line: string }[]) =>
  writeFileSync(path, `${HEADER}\n${rows.map((r) => r.line).join('\n')}\n`);

/** The JSON report without the input accounting (which names the files). */
function figures(stdout: string): unknown {
  const { input: _input, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}

describe('several event files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-merge-'));
  const split = parts();
  const files = split.map((_, p) => join(dir, `part${p + 1}.csv`));
  for (const [p, rows] of split.entries()) write(files[p] as string, rows);
  const whole = split
    .flatMap((rows, p) => rows.map((r, k) => ({ ...r, p, k })))
    .sort((a, b) => a.at - b.at || a.p - b.p || a.k - b.k);
  const single = join(dir, 'single.csv');
  write(single, whole);
  const args = ['--format', 'json', '--as-of', '2025-05-10T00:00:00Z', '--by', 'team'];

  it('merged as they stream, give the report of the single file they came from', async () => {
    const one = await runCli(['report', '--events', single, ...args]);
    expect(one.code, one.stderr).toBe(0);
    const merged = await runCli(['report', ...files.flatMap((f) => ['--events', f]), ...args]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).not.toContain('merged in memory');
    expect(figures(merged.stdout)).toEqual(figures(one.stdout));
    // On the reference reader too (its readers wait every 1,024 rows instead of every chunk).
    const reference = await runCli(['report', ...files.flatMap((f) => ['--events', f]), ...args], {
      env: { OPSMETRICS_ENGINE: 'reference' },
    });
    expect(figures(reference.stdout)).toEqual(figures(one.stdout));
  });

  it('reads a file that goes back in time past its first rows again, merged in memory, with a note', async () => {
    // 2,500 rows in time order, then one dated before them (a new case, so no case's order breaks).
    const late = [...(split[1] as { at: number; line: string }[])];
    const first = late[0] as { at: number; line: string };
    late.splice(2500, 0, { at: first.at, line: `Z1,${new Date(first.at).toISOString()},status change,open,,,agent` });
    const back = join(dir, 'back.csv');
    write(back, late);
    const run = await runCli(['report', '--events', files[0] as string, '--events', back, ...args]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/back\.csv:\d+ goes back in time across its cases: .*merged in memory/);
    const buffered = await runCli([
      'report',
      '--events',
      files[0] as string,
      '--events',
      back,
      '--sort-events',
      ...args,
    ]);
    expect(figures(run.stdout)).toEqual(figures(buffered.stdout));
  });

  it('merges a file back in time within its first 2,000 rows in memory from the start, on either reader', async () => {
    // Row 1,500 dated before the rows before it: the look at the files' starts sees it (no note, no second read).
    const early = [...(split[1] as { at: number; line: string }[])];
    const first = early[0] as { at: number; line: string };
    early.splice(1500, 0, { at: first.at, line: `Z2,${new Date(first.at).toISOString()},status change,open,,,agent` });
    const back = join(dir, 'early.csv');
    write(back, early);
    const sorted = await runCli(['report', '--events', files[0] as string, '--events', back, '--sort-events', ...args]);
    expect(sorted.code, sorted.stderr).toBe(0);
    for (const env of [{}, { OPSMETRICS_ENGINE: 'reference' }]) {
      const run = await runCli(['report', '--events', files[0] as string, '--events', back, ...args], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('goes back in time');
      expect(figures(run.stdout)).toEqual(figures(sorted.stdout));
    }
  });
});
