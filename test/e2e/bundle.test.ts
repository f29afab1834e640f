/**
 * The command line runs from the bundle of scripts/bundle.mjs (dist/bundle/), not from tsc's dist/:
 * every file a chunk finds by its own location (`new URL('./x.js', import.meta.url)`: the two thread
 * entry points) must sit beside it, and a run must be able to use both threads: the reading thread
 * without falling back to the reference reader (announced on stderr), the repeat-contact thread
 * without computing the flags itself (OPSMETRICS_METRICS_THREAD=require fails the run then).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const bundle = resolve(import.meta.dirname, '..', '..', 'dist', 'bundle');
const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled command line', () => {
  it('is what bin/opsmetrics.js runs', () => {
    expect(readFileSync(resolve(import.meta.dirname, '..', '..', 'bin', 'opsmetrics.js'), 'utf8')).toContain(
      '../dist/bundle/main.js',
    );
  });

  it('has every file its chunks find by their own location', () => {
    const found: string[] = [];
    for (const file of readdirSync(bundle).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(bundle, file), 'utf8');
      for (const match of text.matchAll(/new URL\("(\.\/[^"]+)", import\.meta\.url\)/g)) found.push(match[1] as string);
    }
    expect(new Set(found)).toEqual(
      new Set(['./scan-worker.js', './repeat-thread.js', './help.txt', './xes-worker.js']),
    );
    for (const path of found) expect(existsSync(join(bundle, path)), path).toBe(true);
  });

  it('runs both threads without falling back, with the figures of the reference reader', async () => {
    const rows = ['Id,Requester id,Group,Status,Priority,Via,Created at,Solved at,Replies'];
    for (let i = 0; i < 300; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      rows.push(
        `${1000 + i},${i % 17},${i % 3 === 0 ? 'Billing' : 'Tech'},solved,High,Mail,2025-03-${day} ` +
          `10:00:00,2025-03-${day} 12:30:00,${i % 4}`,
      );
    }
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const args = ['report', file, '--input-tz', 'UTC', '--by', 'team', '--format', 'json'];
    // `require`: a repeat-contact thread that cannot start fails the run instead of falling back.
    const threaded = await runCli(args, {
      env: { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_METRICS_THREAD: 'require' },
    });
    const reference = await runCli(args, {
      env: { OPSMETRICS_ENGINE: 'reference', OPSMETRICS_SCAN_THREAD: '', OPSMETRICS_METRICS_THREAD: '' },
    });
    expect(threaded.code).toBe(0);
    expect(threaded.stderr).not.toContain('reference CSV reader');
    expect(threaded.stdout).toBe(reference.stdout);
  });

  it('loads neither the SQL engine, the orders, the checks nor the inspector for a ticket report', () => {
    // A module hook that names every file the run loads (start-up cost is the code a run compiles).
    writeFileSync(
      join(dir, 'hooks.mjs'),
      'export async function load(url, context, next) {\n' +
        "  if (url.startsWith('file:')) process.stderr.write('LOAD ' + url + '\\n');\n" +
        '  return next(url, context);\n}\n',
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`,
    );
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      'Id,Requester id,Group,Status,Priority,Via,Created at,Solved at,Replies\n' +
        '1,7,Billing,solved,High,Mail,2025-03-01 10:00:00,2025-03-01 12:30:00,1\n',
    );
    const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'opsmetrics.js');
    const run = spawnSync(
      process.execPath,
      ['--import', join(dir, 'register.mjs'), bin, 'report', file, '--input-tz', 'UTC', '--format', 'json', '--quiet'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const loaded = [...run.stderr.matchAll(/^LOAD file:\/\/(.+)$/gm)].map((m) => m[1] as string);
    expect(loaded.some((f) => f.endsWith('/main.js'))).toBe(true);
    // The sources a chunk holds are named in its comments (// src/...).
    const sources = loaded.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^\/\/ (src\/\S+)$/gm)].map((m) => m[1]),
    );
    expect(sources).toContain('src/report/build.ts');
    for (const lazy of [
      'src/api/sql.ts',
      'src/sql/statement.ts',
      'src/api/orders.ts',
      'src/api/check.ts',
      'src/api/inspect.ts',
    ])
      expect(sources, lazy).not.toContain(lazy);
  });

  it('prints --help as the program does, without loading the program', () => {
    const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'opsmetrics.js');
    // tsc's dist/ has no help.txt: there the program itself prints the help.
    const program = spawnSync(process.execPath, [resolve(bundle, '..', 'cli', 'main.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(program.status).toBe(0);
    expect(program.stdout).toContain('Usage: opsmetrics');
    for (const flag of ['--help', '-h']) {
      const fast = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
      expect(fast.status).toBe(0);
      expect(fast.stdout).toBe(program.stdout);
    }
    // A command's help comes from the program.
    const other = spawnSync(process.execPath, [bin, 'report', '--help'], { encoding: 'utf8' });
    expect(other.stdout).toContain('Usage: opsmetrics report');
  });
});
