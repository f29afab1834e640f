/**
 * End-to-end helpers: run the built CLI (`bin/opsmetrics.js` -> dist/) as a user would, and compare
 * its JSON report with expected values computed independently (scripts/expected/*.py, a second
 * implementation that shares no code with src/).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  /** Host time zone of the child process; no figure may depend on it. Default UTC. */
  tz?: string;
  stdin?: string;
  /** Extra environment variables (e.g. GITHUB_ACTIONS); an empty value clears an inherited one. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Command lines running at once from this worker: one, as before tests ran side by side
 * (`describe.concurrent`); they queue here. A file's own work (reading a browser page, a workbook, a
 * JSON report) still overlaps its next command line. More did not pay: with three workers
 * (vitest.config.ts) and two or three lines a worker, the processes starved the timed gzip test
 * (hostile.test.ts) and the in-process property tests (threaded-scan, byte-lane) of other workers
 * past their limits.
 */
const MAX_RUNNING = 1;
let running = 0;
const queued: (() => void)[] = [];

/**
 * Runs `node bin/opsmetrics.js ...args` from the repository root with NO_COLOR=1 and the given TZ.
 * Waits for a free place first when MAX_RUNNING are running (only concurrent tests ever wait).
 */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  // A finished run hands its place to the first in the queue (running stays the same).
  if (running >= MAX_RUNNING) await new Promise<void>((start) => queued.push(start));
  else running++;
  try {
    return await spawnCli(args, options);
  } finally {
    const next = queued.shift();
    if (next === undefined) running--;
    else next();
  }
}

function spawnCli(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'bin', 'opsmetrics.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', TZ: options.tz ?? 'UTC', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

export function readJson<T = unknown>(repoPath: string): T {
  return JSON.parse(readFileSync(resolve(repoRoot, repoPath), 'utf8')) as T;
}

/** Parses stdout that must be exactly one JSON document (nothing else on stdout). */
export function parseReport(result: RunResult): Report {
  const text = result.stdout.trim();
  if (!text.startsWith('{')) {
    throw new Error(
      `stdout is not a JSON object (exit ${result.code}).\nstdout: ` +
        `${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(0, 2000)}`,
    );
  }
  return JSON.parse(text) as Report;
}

// The parts of the report model (src/report/model.ts) the e2e tests read; restated here so that the
// tests check the JSON contract, not the TypeScript types.
export type MetricValue = Record<string, unknown> & { kind: string };
export interface ReportRow {
  period: { label: string; start: string; end: string };
  group: Record<string, string | null>;
  metrics: Record<string, MetricValue>;
}
export interface Report {
  window: { as_of: string; timezone: string; since: string | null; until: string | null };
  input: {
    read: number;
    used: number;
    skipped: { outside_period: number; duplicate: number; blank: number };
    rejected: number;
    nulled: number;
    issues: {
      code: string;
      column: string | null;
      count: number;
      action: string;
      samples: { file: string; line: number; value: string | null }[];
    }[];
  };
  rows: ReportRow[];
}

export type ExpectedMetrics = Record<string, MetricValue>;

/** Key used in expected.json for rows whose group value is null. */
export const NONE_KEY = '(none)';

/** The single grouping value of a row (`--by` with one dimension), whatever the dimension's key. */
export function groupValue(row: ReportRow): string {
  const values = Object.values(row.group);
  if (values.length !== 1) throw new Error(`expected one group dimension, got ${JSON.stringify(row.group)}`);
  return values[0] ?? NONE_KEY;
}

const RELATIVE_TOLERANCE = 1e-9;

function closeEnough(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === 'number') {
    return (
      typeof actual === 'number' && Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected))
    );
  }
  return actual === expected;
}

/** Integer parts of each value kind compare exactly; statistics compare to 1e-9 relative. */
const EXACT: Record<string, readonly string[]> = {
  count: ['value'],
  duration: ['unit', 'n'],
  rate: ['numerator', 'denominator'],
  total: ['n', 'sum'],
  unavailable: [],
};
const APPROX: Record<string, readonly string[]> = {
  count: [],
  duration: ['mean', 'median', 'p90', 'p95', 'min', 'max'],
  rate: ['value'],
  total: ['mean'],
  unavailable: [],
};

/**
 * Compares every expected metric of a row with the actual one and returns readable mismatches
 * (empty when all agree). Metrics the program adds beyond the expected ones are ignored.
 */
export function metricMismatches(
  where: string,
  actual: Record<string, MetricValue> | undefined,
  expected: ExpectedMetrics,
): string[] {
  const problems: string[] = [];
  if (!actual) return [`${where}: row has no metrics`];
  for (const [id, exp] of Object.entries(expected)) {
    const act = actual[id];
    if (!act) {
      problems.push(`${where} ${id}: missing (expected ${JSON.stringify(exp)})`);
      continue;
    }
    if (act.kind !== exp.kind) {
      problems.push(`${where} ${id}: kind ${act.kind}, expected ${exp.kind} (${JSON.stringify(act)})`);
      continue;
    }
    for (const key of EXACT[exp.kind] ?? []) {
      if (act[key] !== exp[key])
        problems.push(`${where} ${id}.${key}: ${JSON.stringify(act[key])}, expected ${JSON.stringify(exp[key])}`);
    }
    for (const key of APPROX[exp.kind] ?? []) {
      if (!closeEnough(act[key], exp[key]))
        problems.push(`${where} ${id}.${key}: ${JSON.stringify(act[key])}, expected ${JSON.stringify(exp[key])}`);
    }
    // A total that states its distribution: the order statistics when expected, the buckets exactly.
    if (exp.kind === 'total') {
      for (const key of ['median', 'p90', 'p95', 'min', 'max'].filter((k) => k in exp)) {
        if (!closeEnough(act[key], exp[key]))
          problems.push(`${where} ${id}.${key}: ${JSON.stringify(act[key])}, expected ${JSON.stringify(exp[key])}`);
      }
      for (const key of ['distribution', 'unit'].filter((k) => k in exp)) {
        if (JSON.stringify(act[key]) !== JSON.stringify(exp[key]))
          problems.push(`${where} ${id}.${key}: ${JSON.stringify(act[key])}, expected ${JSON.stringify(exp[key])}`);
      }
    }
  }
  return problems;
}

/** Same instant, whatever the ISO spelling (`.000`, offset or `Z`). */
export function sameInstant(actual: string | null | undefined, expected: string): boolean {
  return typeof actual === 'string' && Date.parse(actual) === Date.parse(expected);
}
