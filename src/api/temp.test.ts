/** Temporary files and folders of a run: removed now, or when the process exits. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { releaseTemp, removeOnExit } from './temp.js';

describe('temporary files', () => {
  it('releases a folder with what it holds (DuckDB spills into one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'om-temp-'));
    mkdirSync(join(dir, 'inner'));
    writeFileSync(join(dir, 'inner', 'spill.tmp'), 'x');
    removeOnExit(dir);
    releaseTemp(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes a folder at exit, also when a signal handler calls process.exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'om-temp-'));
    writeFileSync(join(dir, 'spill.tmp'), 'x');
    // A child process of the built module: it registers the folder and exits as the signal handlers do.
    const module = pathToFileURL(join(process.cwd(), 'dist', 'api', 'temp.js')).href;
    const script = `const t = await import(${JSON.stringify(module)}); t.removeOnExit(${JSON.stringify(dir)}); process.exit(143);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(143);
    expect(existsSync(dir)).toBe(false);
  });
});
