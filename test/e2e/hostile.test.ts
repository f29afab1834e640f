/**
 * Hostile input and hostile pipes (issue #24): text from the data never reaches a terminal or a CI
 * log raw, output paths are written the way their file type needs, and implausible input is refused
 * with a code instead of a crash or a blowup.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-hostile-'));
const file = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const generic = ['--profile', 'generic', '--map', 'id=id', '--map', 'created=created_at', '--input-tz', 'UTC'];
/** A line GitHub Actions would run as a workflow command. */
const COMMAND_LINE = /^[\t ]*::/m;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe.concurrent('control characters and workflow commands from the data', () => {
  const inj = file(
    'inj.csv',
    'id,created_at,status,team\n' +
      '1,2025-11-03T10:00:00Z,solved,"x\n::error title=Deploy blocked::forged"\n' +
      '2,2025-11-04T10:00:00Z,solved,"\u001b]0;pwned\u0007\u001b[2Jteam"\n' +
      '3,2025-11-05T10:00:00Z,open,"::add-mask::y"\n',
  );
  const mapped = [...generic, '--map', 'group=team'];

  it('inspect prints no control character and no line starting with ::', async () => {
    const r = await runCli(['inspect', inj, ...mapped]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('forged');
    expect(r.stdout).not.toMatch(COMMAND_LINE);
    expect(r.stdout).not.toMatch(CONTROL);
  });

  it("inspect's hint lines, which start with a column name, start no workflow command", async () => {
    const odd = file('odd-column.csv', 'id,::error::when\n1,03/11/2025 10:00\n2,04/11/2025 11:00\n');
    const r = await runCli([
      'inspect',
      odd,
      '--profile',
      'generic',
      '--map',
      'id=id',
      '--map',
      'created=::error::when',
    ]);
    expect(r.stdout + r.stderr).toContain('::error::when');
    expect(r.stdout).not.toMatch(COMMAND_LINE);
    expect(r.stderr).not.toMatch(COMMAND_LINE);
  });

  it('an error message quoting a header starts no workflow command', async () => {
    const bad = file('bad-header.csv', '"a\n::error::forged",b\n1,2\n');
    const r = await runCli(['report', bad, '--input-tz', 'UTC']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('forged');
    expect(r.stderr).not.toMatch(COMMAND_LINE);
  });

  it('CSV keeps a newline inside a quoted value but no line starts with ::; TSV and HTML likewise', async () => {
    const formats = ['csv', 'tsv', 'html', 'table', 'markdown'];
    const runs = await Promise.all(
      formats.map((format) => runCli(['report', inj, ...mapped, '--by', 'group', '--format', format])),
    );
    for (const [i, r] of runs.entries()) {
      const format = formats[i] as string;
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).not.toMatch(COMMAND_LINE);
      expect(r.stderr, format).not.toMatch(COMMAND_LINE);
      // To a pipe (a CI log) CSV and TSV keep the data's bytes, but for `::` line starts (sink.ts).
      if (format === 'table' || format === 'markdown') expect(r.stdout, format).not.toContain('\u0007');
      if (format === 'csv') expect(r.stdout).toContain('"x\n\'::error title=Deploy blocked::forged"');
    }
  });

  it('row issue samples on stderr start no workflow command', async () => {
    const bad = file('bad-date.csv', 'id,created_at\n1,"x\n::error::forged"\n2,2025-11-03T10:00:00Z\n');
    const r = await runCli(['report', bad, ...generic, '--max-bad-rows', '5']);
    expect(r.stderr).toContain('forged');
    expect(r.stderr).not.toMatch(COMMAND_LINE);
    expect(r.stderr).not.toMatch(CONTROL);
  });
});

describe('output paths (-o, --junit, --rejects)', () => {
  const tickets = file('tickets.csv', 'id,created_at\n1,2025-11-03T10:00:00Z\n2,2025-11-04T10:00:00Z\n');
  const run = (args: string[]) => runCli(['report', tickets, ...generic, '-q', '--format', 'csv', ...args]);

  it('follows a symlink and replaces its target, the link kept', async () => {
    const target = file('target.csv', 'old');
    const link = join(dir, 'link.csv');
    symlinkSync(target, link);
    const r = await run(['-o', link]);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^period,/);
  });

  it('writes /dev/stdout in place (a pipe)', async () => {
    const r = await run(['-o', '/dev/stdout']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^period,/);
  });

  it('writes a FIFO in place', async () => {
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const r = await run(['-o', fifo]);
    await closed;
    expect(r.code).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^period,/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an output that is one of the inputs (exit 2), leaving the input as it was', async () => {
    const before = readFileSync(tickets, 'utf8');
    for (const flag of ['-o', '--rejects']) {
      const r = await run([flag, join(dir, '.', 'tickets.csv')]);
      expect(r.code, flag).toBe(2);
      expect(r.stderr, flag).toContain('is the input');
    }
    const check = await runCli(['check', tickets, ...generic, '-t', 'created >= 1', '--junit', tickets]);
    expect(check.code).toBe(2);
    expect(readFileSync(tickets, 'utf8')).toBe(before);
  });

  it('leaves the rejects file of an earlier run when the run fails', async () => {
    const rejects = file('rejects.csv', 'kept');
    const r = await run([tickets, join(dir, 'missing.csv'), '--rejects', rejects]);
    expect(r.code).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('kept');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('implausible instants', () => {
  const typo = file('typo.csv', 'id,created_at\n1,0201-11-03T10:00:00Z\n2,2025-11-04T10:00:00Z\n');

  it('rejects a creation time outside 1970-2100 as implausible_date', async () => {
    const [r, kept] = await Promise.all([
      runCli(['report', typo, ...generic, '--period', 'week', '--format', 'json']),
      runCli(['report', typo, ...generic, '--period', 'week', '--format', 'json', '--max-bad-rows', '1']),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('implausible_date');
    expect(kept.code).toBe(0);
    const report = JSON.parse(kept.stdout);
    expect(report.input.issues.map((i: { code: string }) => i.code)).toEqual(['implausible_date']);
    expect(report.rows).toHaveLength(1);
  });

  it('--plausible-years widens the range; then the number of periods is bounded with a clear error', async () => {
    const started = Date.now();
    const r = await runCli(['report', typo, ...generic, '--period', 'week', '--plausible-years', '100-2100']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('more than 10,000 weeks');
    expect(Date.now() - started).toBeLessThan(15_000);
    const day = await runCli([
      'report',
      typo,
      ...generic,
      '--period',
      'day',
      '--since',
      '1900-01-01',
      '--max-bad-rows',
      '1',
    ]);
    expect(day.code).toBe(3);
    expect(day.stderr).toContain('more than 10,000 days');
  });

  it('refuses a malformed --plausible-years (exit 2)', async () => {
    const r = await runCli(['report', typo, ...generic, '--plausible-years', '2100-1970']);
    expect(r.code).toBe(2);
  });
});

describe.concurrent('JSON and id edge cases', () => {
  const created = '"created_at": "2025-11-03T10:00:00Z"';

  it('a record nested 10,000 deep is one bad_json row, not a crash (JSON and NDJSON)', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const json = file('deep.json', `[{"id": "1", ${created}}, {"id": "2", ${created}, "x": ${deep}}]`);
    const ndjson = file('deep.ndjson', `{"id": "1", ${created}}\n{"id": "2", ${created}, "x": ${deep}}\n`);
    for (const path of [json, ndjson]) {
      const r = await runCli(['report', path, ...generic, '--format', 'json', '--max-bad-rows', '1']);
      expect(r.code, path).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.input.issues.map((i: { code: string }) => i.code)).toEqual(['bad_json']);
      expect(report.input.used).toBe(1);
    }
  });

  it('JSON ids above 2^53, out of range or written another way (1.0, 1e3) stay distinct tickets', async () => {
    // `1.0` and `1`, `1e3` and `1000` are two ids in a CSV file: in JSON too (found by the fuzzing)
    const ids = ['12345678901234567890', '12345678901234567891', '1e400', '2e400', '7', '1.0', '1', '1e3', '1000'];
    const path = file('big.json', `[${ids.map((id) => `{"id": ${id}, ${created}}`).join(',')}]`);
    const r = await runCli(['report', path, ...generic, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input.used).toBe(9);
    expect(report.input.skipped.duplicate).toBe(0);
  });

  it('an id holding U+FFFD after a bad byte rejects the row instead of folding it', async () => {
    const text = Buffer.concat([
      Buffer.from('id,created_at\nA'),
      Buffer.from([0xff]),
      Buffer.from('1,2025-11-03T10:00:00Z\nA'),
      Buffer.from([0xfe]),
      Buffer.from('1,2025-11-03T11:00:00Z\nB,2025-11-03T11:00:00Z\n'),
    ]);
    const path = file('fffd.csv', text);
    const r = await runCli([
      'report',
      path,
      ...generic,
      '--encoding',
      'utf-8',
      '--format',
      'json',
      '--max-bad-rows',
      '2',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input.skipped.duplicate).toBe(0);
    expect(report.input.rejected).toBe(2);
    expect(report.input.used).toBe(1);
  });
});

describe.concurrent('a full standard output', () => {
  it('is an output_failed error (exit 2) in two lines, not a stack trace', async () => {
    const tickets = file('full.csv', 'id,created_at\n1,2025-11-03T10:00:00Z\n');
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'opsmetrics.js'), 'report', tickets, ...generic], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
        stdio: ['ignore', full, 'pipe'],
      });
      const err: Buffer[] = [];
      child.stderr?.on('data', (c: Buffer) => err.push(c));
      const code = await new Promise((resolve) => child.on('close', resolve));
      const stderr = Buffer.concat(err).toString('utf8');
      expect(code).toBe(2);
      expect(stderr).toContain('opsmetrics: error: cannot write to standard output');
      expect(stderr).not.toContain('    at ');
    } finally {
      closeSync(full);
    }
  });
});

describe.concurrent('config size', () => {
  it('--config /dev/zero is refused at 1 MiB (exit 2), not read without end', async () => {
    const tickets = file('cfg.csv', 'id,created_at\n1,2025-11-03T10:00:00Z\n');
    const r = await runCli(['report', tickets, ...generic, '--config', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('larger than 1 MiB');
  });
});

describe.concurrent('broken quoting', () => {
  it('text after a closing quote ("Bill"ing) rejects that one row, the rows after it are read', async () => {
    const path = file(
      'bill.csv',
      'id,created_at,team\n1,2025-11-03T10:00:00Z,"Bill"ing\n2,2025-11-03T11:00:00Z,Ops\n3,2025-11-03T12:00:00Z,Ops\n',
    );
    const r = await runCli(['report', path, ...generic, '--format', 'json', '--max-bad-rows', '1']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input).toMatchObject({ read: 3, used: 2, rejected: 1 });
    expect(report.input.issues.map((i: { code: string }) => i.code)).toEqual(['bad_quoting']);
  });
});

describe.concurrent('inputs that can be read only once', () => {
  it('a FIFO holding Windows-1252 text is copied once and read (the fast reader gives way to the reference one)', async () => {
    const fifo = join(dir, 'in.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'id,created_at,team\\n1,2025-11-03T10:00:00Z,Caf\\351\\n' > '${fifo}'`]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const r = await runCli(['report', fifo, ...generic, '--map', 'group=team', '--by', 'group', '--format', 'csv']);
    await written;
    expect(r.stderr).toContain('windows-1252');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(',Café,');
  });
});

describe('decompression', () => {
  it('a gzip input inflating more than 300 times its size is refused (gzip_too_large, exit 3)', async () => {
    const text = `id,created_at\n${'1,2025-11-03T10:00:00Z\n'.repeat(1_000_000)}`;
    const path = file('bomb.csv.gz', gzipSync(text, { level: 9 }));
    const started = Date.now();
    const r = await runCli(['report', path, ...generic, '-q']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--max-gzip-ratio');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
