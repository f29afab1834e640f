/**
 * Process behaviour of the real binary: a reader that goes away (`| head`) ends the run quietly, and
 * Ctrl-C (SIGINT) prints one clean line and exits 130, standard input gives the report its file gives.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const bin = resolve(repoRoot, 'bin', 'opsmetrics.js');
const header = 'id,created,solved,frt,team,reopens\n';

/** `rows` tickets over 200 days and 50 teams: a long daily report. */
function tickets(rows: number, from = 0): string {
  let text = '';
  for (let i = from; i < from + rows; i++) {
    const created = new Date(Date.UTC(2025, 0, 1) + (i % 200) * 86_400_000 + (i % 1440) * 60_000).toISOString();
    text += `${i + 1},${created},,${i % 90},team-${i % 50},0\n`;
  }
  return text;
}

function spawnReport(args: string[]) {
  return spawn(process.execPath, [bin, 'report', '--config', 'fixtures/broken/opsmetrics.config.yml', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  return () => Buffer.concat(parts).toString('utf8');
}

describe('process', () => {
  it('exits quietly when the reader of stdout closes early (| head)', async () => {
    const child = spawnReport(['--format', 'csv', '--period', 'day', '--by', 'team', '-']);
    const stderr = collect(child.stderr);
    let first = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      // What `head -1` does: read a little, then close the pipe.
      child.stdout.destroy();
    });
    child.stdin.end(header + tickets(20_000));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on('close', (c, s) => done([c, s])),
    );
    expect(first.startsWith('period,')).toBe(true);
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr()).not.toMatch(/EPIPE|internal error|\n\s+at /);
  });

  it('writes the report and exits 0 when the reader of stderr is gone (2>&1 >out.json | true)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-stderr-'));
    try {
      const out = openSync(join(dir, 'out.json'), 'w');
      const child = spawn(process.execPath, [bin, 'report', 'fixtures/zendesk/tickets.csv', '--format', 'json'], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
        stdio: ['ignore', out, 'pipe'],
      });
      // The reader of stderr goes away before the run writes its warning and accounting there.
      child.stderr.destroy();
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      closeSync(out);
      expect(code).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { input: { read: number } };
      expect(report.input.read).toBe(42);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a clean message and exits 130 on Ctrl-C (SIGINT) while reading a large input', async () => {
    const child = spawnReport(['--format', 'json', '-']);
    const stderr = collect(child.stderr);
    child.stdout.resume();
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on('close', (c, s) => done([c, s])),
    );
    // Write more than a pipe buffer holds and wait until it is taken: the program is then running and
    // reading (its SIGINT handler is installed before it reads), and stdin stays open, so it cannot finish.
    await new Promise<void>((done) => {
      if (child.stdin.write(header + tickets(50_000))) done();
      else child.stdin.once('drain', () => done());
    });
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    const [code, signal] = await closed;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr()).toBe('\nopsmetrics: interrupted\n');
  });

  it(
    'reads standard input as it reads the file, also when the ' +
      'fast reader has to start over, and leaves no copy behind',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-stdin-test-'));
      try {
        // 30,000 good rows, then a stray quote: the fast reader meets it late and the reference reader reads it all
        // again.
        for (const [name, text] of [
          ['clean.csv', header + tickets(30_000)],
          ['quote.csv', `${header}${tickets(30_000)}30001,2025-03-01T00:00:00Z,,5,te"am,0\n${tickets(100, 30_001)}`],
        ] as const) {
          const file = join(dir, name);
          writeFileSync(file, text);
          const run = async (input: 'file' | 'stdin') => {
            const child = spawnReport([
              '--format',
              'json',
              '--by',
              'team',
              '--max-bad-rows',
              '5',
              input === 'file' ? file : '-',
            ]);
            const stdout = collect(child.stdout);
            const stderr = collect(child.stderr);
            child.stdin.end(input === 'stdin' ? text : '');
            const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
            const copies = readdirSync(tmpdir()).filter((f) => f.startsWith(`opsmetrics-stdin-${child.pid}-`));
            return { code, stdout: stdout(), stderr: stderr().replaceAll(file, '-'), copies };
          };
          const fromFile = await run('file');
          const fromStdin = await run('stdin');
          expect(fromStdin.code, name).toBe(0);
          expect(fromStdin.copies, name).toEqual([]);
          const report = (out: string) => {
            const parsed = JSON.parse(out);
            return {
              rows: parsed.rows,
              input: {
                ...parsed.input,
                files: parsed.input.files.map((f: { path: string }) => ({ ...f, path: '-' })),
                issues: JSON.stringify(parsed.input.issues).replaceAll(file, '-'),
              },
            };
          };
          expect(report(fromStdin.stdout), name).toEqual(report(fromFile.stdout));
          expect(fromStdin.stderr, name).toBe(fromFile.stderr);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
