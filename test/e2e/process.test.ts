/**
 * Process behaviour of the real binary: a reader that goes away (`| head`) ends the run quietly, and
 * Ctrl-C (SIGINT) prints one clean line and exits 130.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
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
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (c, s) => done([c, s])));
    expect(first.startsWith('period,')).toBe(true);
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr()).not.toMatch(/EPIPE|internal error|\n\s+at /);
  });

  it('prints a clean message and exits 130 on Ctrl-C (SIGINT) while reading a large input', async () => {
    const child = spawnReport(['--format', 'json', '-']);
    const stderr = collect(child.stderr);
    child.stdout.resume();
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (c, s) => done([c, s])));
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
});
