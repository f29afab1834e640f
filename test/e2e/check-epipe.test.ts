/**
 * Issue #24: a failing `check` whose standard output is closed early (`| head -1`) exited 0 and wrote
 * no JUnit file, annotations or summary: the EPIPE handler exited 0 for every command, and check wrote
 * stdout before its CI outputs. Now the verdict's exit code stands and the CI outputs come first.
 *
 * The export: 2000 teams, team t with 1 + (t mod 3) tickets created 2025-11-17..21, so every team
 * fails "created >= 5 by team" (2000 failures; the table is far larger than a pipe's buffer).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitSchemaErrors } from '../helpers/junit.js';
import { repoRoot } from './helpers.js';

function export2000Teams(dir: string): string {
  const lines = ['Ticket,Opened,Team'];
  let n = 0;
  for (let team = 0; team < 2000; team++) {
    for (let k = 0; k <= team % 3; k++) {
      n++;
      const day = 17 + (n % 5);
      lines.push(`T${n},2025-11-${day}T${String(8 + k).padStart(2, '0')}:00:00Z,team-${String(team).padStart(4, '0')}`);
    }
  }
  const file = join(dir, 'h1.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('check with its standard output closed early', () => {
  it('exits 1 (pipefail), with the JUnit file, annotations and job summary written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-epipe-'));
    const file = export2000Teams(dir);
    const junit = join(dir, 'j.xml');
    const summary = join(dir, 'summary.md');
    const bin = resolve(repoRoot, 'bin', 'opsmetrics.js');
    const command =
      `'${process.execPath}' '${bin}' check '${file}' --profile generic --map id=Ticket,created=Opened,team=Team ` +
      `--since 2025-11-17 --until 2025-11-24 -t "created >= 5 by team" --junit '${junit}' -q | head -1`;
    const run = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^verdict +check +group +value +target +n +note\n$/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2000);
    expect(xml).toContain('tests="2000" failures="2000" errors="0" skipped="0"');
    expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
    const annotations = run.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(10);
    expect(annotations[9]).toBe(
      '::error title=opsmetrics check%3A 1991 more failed results::1991 more failed results: see the job summary',
    );
    expect(readFileSync(summary, 'utf8').split('\n')[0]).toBe('### opsmetrics check: 2000 failed');
  });
});
