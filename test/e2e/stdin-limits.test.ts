/**
 * Standard input that never ends (issue #24): `yes | opsmetrics report -` used to copy gigabytes to
 * $TMPDIR before looking at the header. The copy checks the first lines as it goes (a header no
 * profile reads ends the run at once, exit 3) and stops at --max-stdin-mib (stdin_too_large, exit 3);
 * either way the partial copy is removed. The generator here stops by itself after 64 MiB, so that a
 * run that does not stop early fails the byte bound instead of filling the disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const GENERATOR_BYTES = 64 << 20;

/** Writes `first`, then `line` again and again, until the reader goes away (or 64 MiB); the bytes written. */
function feed(stdin: Writable, first: string, line: string): Promise<number> {
  const chunk = Buffer.from(line.repeat(Math.ceil((64 << 10) / line.length)));
  let written = 0;
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) resolve(written);
      done = true;
    };
    stdin.on('error', finish);
    stdin.on('close', finish);
    stdin.write(first);
    written += first.length;
    const pump = () => {
      while (!done) {
        if (written >= GENERATOR_BYTES) {
          stdin.end();
          return;
        }
        written += chunk.length;
        if (!stdin.write(chunk)) {
          stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

async function runOnStream(args: string[], first: string, line: string) {
  const tmp = mkdtempSync(join(tmpdir(), 'opsmetrics-stdin-limit-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'opsmetrics.js'), 'report', '-', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', TMPDIR: tmp },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdout.resume();
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const written = await feed(child.stdin, first, line);
  const code = await closed;
  return { code, written, stderr: Buffer.concat(err).toString('utf8'), left: readdirSync(tmp) };
}

describe('an endless standard input', () => {
  it('without a usable header (yes): the header check ends the run, exit 3, no copy left', async () => {
    const r = await runOnStream([], 'y\n', 'y\n');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('matches no known export profile');
    // 64 KiB are read before the check; pipe buffers hold a few more.
    expect(r.written).toBeLessThan(16 << 20);
    expect(r.left).toEqual([]);
  }, 60_000);

  it('with a mapping the header lacks: the usage error at once (exit 2)', async () => {
    const r = await runOnStream(
      ['--profile', 'generic', '--map', 'id=id', '--map', 'created=opened'],
      'id,created\n',
      '1,2025-11-03T09:00:00Z\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('created=opened');
    expect(r.written).toBeLessThan(16 << 20);
    expect(r.left).toEqual([]);
  }, 60_000);

  it('with a good header: the copy stops at --max-stdin-mib (stdin_too_large, exit 3)', async () => {
    const r = await runOnStream(
      [
        '--profile',
        'generic',
        '--map',
        'id=id',
        '--map',
        'created=created',
        '--input-tz',
        'UTC',
        '--max-stdin-mib',
        '2',
      ],
      'id,created\n',
      '1,2025-11-03T09:00:00Z\n',
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('standard input is larger than 2 MiB');
    expect(r.stderr).toContain('--max-stdin-mib');
    expect(r.written).toBeLessThan(16 << 20);
    expect(r.left).toEqual([]);
  }, 60_000);
});
