/**
 * The CI recipes of docs/ci.md, run: each recipe's commands (GitHub Actions `run:` steps, GitLab
 * `script:` and `after_script:`, Jenkins `sh` steps) in a scratch repository holding the page's
 * opsmetrics.config.yml, with three substitutions:
 * - `npx opsmetrics` -> the built CLI of this repository;
 * - `--last week` -> `--since 2025-11-17 --until 2025-11-24` (the tests stay on fixed dates);
 * - the export step (`./scripts/export-tickets.sh FILE`) -> a copy of fixtures/zendesk/tickets.csv,
 *   or nothing at all for the night the export is missing.
 * Steps run as each CI runs them (GitHub: bash -eo pipefail per step, later steps only with
 * `!cancelled()`; GitLab: the script stops at the first failure, after_script always runs; Jenkins:
 * the stage stops at the first failing sh, post always runs), and the files the recipe uploads must
 * exist, the JUnit file valid against the CI schemas.
 *
 * Expected verdicts, from fixtures/zendesk/expected.json week 2025-W47: p90(frt) 184.5 min <= 4h
 * passes (n 10); resolution_rate 9/13 = 69.2% < 80% fails; fcr 4/8 = 50% < 60% warns (min_sample 5);
 * created 13 >= 1 passes. So the gate exits 1, with 1 failure in the JUnit file.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { junitSchemaErrors } from '../helpers/junit.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');

/** The fenced block of docs/ci.md whose first line names `file` (`# .gitlab-ci.yml`, `// Jenkinsfile`). */
function block(file: string): string {
  for (const match of doc.matchAll(/```\w*\n([\s\S]*?)```/g)) {
    const body = match[1] as string;
    const first = body.split('\n')[0] ?? '';
    if (first.replace(/^(#|\/\/)\s*/, '') === file) return body;
  }
  throw new Error(`docs/ci.md has no block for ${file}`);
}

type Night = 'export' | 'no export';

/** A scratch repository with the page's config; returns its folder. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-recipe-'));
  writeFileSync(join(dir, 'opsmetrics.config.yml'), block('opsmetrics.config.yml'));
  return dir;
}

/** A recipe's command made runnable here; null for what a CI runner does itself (npm ci). */
function runnable(command: string, night: Night): string | null {
  if (command.trim() === 'npm ci') return null;
  const exported = /\.\/scripts\/export-tickets\.sh (\S+)/;
  const fixture = join(root, 'fixtures', 'zendesk', 'tickets.csv');
  return command
    .replace(exported, (_, file: string) =>
      night === 'export' ? `mkdir -p "$(dirname ${file})" && cp '${fixture}' ${file}` : 'true',
    )
    .replace(/npx opsmetrics/g, `'${process.execPath}' '${join(root, 'bin', 'opsmetrics.js')}'`)
    .replace(/--last week/g, '--since 2025-11-17 --until 2025-11-24');
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): number {
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env },
  });
  return run.status ?? -1;
}

/** The JUnit file's suite counts: tests, failures, errors, skipped. */
function junitCounts(file: string): string[] {
  const xml = readFileSync(file, 'utf8');
  expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  return /tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml)?.slice(1) ?? [];
}

describe('docs/ci.md: GitHub Actions', () => {
  interface Step {
    name?: string;
    run?: string;
    uses?: string;
    if?: string;
    with?: Record<string, string>;
  }
  const workflow = parse(block('.github/workflows/service-levels.yml')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs)[0]?.steps ?? [];

  function runWorkflow(night: Night) {
    const dir = repository();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const exits = new Map<string, number>();
    const uploaded: string[] = [];
    let failed = false;
    for (const step of steps) {
      const always = /!cancelled\(\)|always\(\)/.test(step.if ?? '');
      if (failed && !always) continue;
      if (step.uses?.startsWith('actions/upload-artifact')) uploaded.push(...(step.with?.path ?? '').split('\n'));
      if (step.run === undefined) continue;
      const command = runnable(step.run, night);
      if (command === null) continue;
      const code = sh(command, dir, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir });
      exits.set(step.name ?? step.run, code);
      if (code !== 0) failed = true;
    }
    return { dir, exits, uploaded: uploaded.filter(Boolean), summary: readFileSync(summary, 'utf8') };
  }

  it('nightly: the gate fails on the breach, and the JUnit file and the HTML report are still uploaded', () => {
    const { dir, exits, uploaded, summary } = runWorkflow('export');
    expect(exits.get('Service-level gate')).toBe(1);
    expect(exits.get('Weekly report')).toBe(0);
    expect(uploaded).toEqual(['reports/checks.xml', 'reports/weekly.html']);
    for (const file of uploaded) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(junitCounts(join(dir, 'reports/checks.xml'))).toEqual(['4', '1', '0', '0']);
    expect(summary.split('\n')[0]).toBe('### opsmetrics check: 1 failed, 1 warning, 2 passed');
  });

  it('the night the export is missing: exit 3, and the uploaded JUnit file says why', () => {
    const { dir, exits } = runWorkflow('no export');
    expect(exits.get('Service-level gate')).toBe(3);
    expect(junitCounts(join(dir, 'reports/checks.xml'))).toEqual(['1', '0', '1', '0']);
    expect(readFileSync(join(dir, 'reports/checks.xml'), 'utf8')).toContain('type="file_not_found"');
  });
});

describe('docs/ci.md: GitLab CI', () => {
  const config = parse(block('.gitlab-ci.yml')) as Record<
    string,
    {
      script: string[];
      after_script: string[];
      artifacts: { when: string; paths: string[]; reports: { junit: string } };
    }
  >;
  const job = config['service-levels'];

  it('fails the job on the breach; after_script makes the HTML report; the artifacts and the JUnit report exist', () => {
    expect(job).toBeDefined();
    if (job === undefined) return;
    const dir = repository();
    let status = 0;
    for (const line of job.script) {
      const command = runnable(line, 'export');
      if (command === null) continue;
      status = sh(command, dir);
      if (status !== 0) break;
    }
    expect(status).toBe(1);
    for (const line of job.after_script) sh(runnable(line, 'export') ?? 'true', dir);
    expect(job.artifacts.when).toBe('always');
    for (const path of job.artifacts.paths) expect(existsSync(join(dir, path)), path).toBe(true);
    expect(existsSync(join(dir, 'reports/weekly.html'))).toBe(true);
    expect(junitCounts(join(dir, job.artifacts.reports.junit))).toEqual(['4', '1', '0', '0']);
  });
});

describe('docs/ci.md: Jenkins', () => {
  const jenkinsfile = block('Jenkinsfile');
  const steps = [...jenkinsfile.matchAll(/^\s*sh '([^']*)'$/gm)].map((m) => m[1] as string);

  function runStage(night: Night): number {
    const dir = repository();
    mkdirSync(join(dir, 'reports'), { recursive: true });
    let status = 0;
    for (const step of steps) {
      const command = runnable(step, night);
      if (command === null) continue;
      status = sh(command, dir);
      if (status !== 0) break;
    }
    const junit = /junit testResults: '([^']+)'/.exec(jenkinsfile)?.[1] ?? '';
    copyFileSync(join(dir, junit), join(dir, 'published.xml'));
    expect(junitCounts(join(dir, 'published.xml')).length).toBe(4);
    return status;
  }

  it('lets a breach through to the junit step (UNSTABLE), and fails the stage when the export is missing', () => {
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(runStage('export')).toBe(0);
    // `|| [ $? -eq 1 ]` lets exit 1 through and turns 2, 3 and 4 into a failing step.
    expect(runStage('no export')).not.toBe(0);
  });
});
