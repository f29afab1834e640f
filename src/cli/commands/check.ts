/**
 * `opsmetrics check`: read the exports like `report` (tickets, `--events`, or `--orders` with
 * `--tickets`), judge the thresholds of the config's `checks:` and of `--threshold`, and set the exit
 * code CI gates on: 0 all pass, 1 a check failed, 2 bad config or usage, 3 unreadable input, rows over
 * a limit or a check that cannot be computed, 4 a bug.
 *
 * Every outcome leaves a trace where CI users look: the CI outputs (`--junit FILE`; under GitHub
 * Actions the annotations and the job summary) are written for a judged run and for a run that
 * stopped before judging alike, and before the results go to standard output, so that a reader
 * that closes standard output early (`| head -1`) loses neither them nor the exit code.
 */
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { CheckReport, CheckRunFailure, FailOn } from '../../check/model.js';
import { AppError, ExitCode, usageError } from '../../errors.js';
import {
  CONFIG_FILES,
  DEFAULT_MAX_DUPLICATE_SHARE,
  loadConfig,
  loadOrders,
  loadTickets,
  planChecks,
  resolveOrderFlags,
  resolveTicketRun,
  rowsProblem,
  runChecks,
  runOrderChecks,
  summaryLines,
  type ReportFlags,
  type RowLimits,
} from '../../index.js';
import type { InputAccounting } from '../../report/model.js';
import { nowFrom, useColor } from '../env.js';
import { writeFileAtomic, writeStdout } from '../io.js';
import { progressFor } from '../progress.js';
import { printLines } from './report.js';

export interface CheckFlags extends Omit<ReportFlags, 'format' | 'output' | 'compare' | 'excel' | 'formulaEscape'> {
  threshold?: string[];
  failOn?: FailOn;
  minSample?: string;
  junit?: string;
  format?: 'table' | 'json';
}

/** `--min-sample`: a whole number >= 1, or undefined. */
function minSampleFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) {
    throw usageError('bad_option', `--min-sample must be a whole number >= 1, found "${text}"`, {
      where: '--min-sample',
      hint: 'For example --min-sample 20; --min-sample 1 judges every group with data.',
    });
  }
  return Number(text);
}

/** A judged run: the outcome, the row accounting, and what to print on standard error first. */
interface Judged {
  outcome: CheckReport;
  input: InputAccounting;
  limits: RowLimits;
  /** Warnings about the run and the data (engine note, times without an offset). */
  warnings: string[];
  quiet: boolean;
}

async function judge(files: string[], flags: CheckFlags, version: string, env: NodeJS.ProcessEnv): Promise<Judged> {
  const config = await loadConfig(flags.config);
  const orders = (flags.orders ?? []).length > 0;
  const minSample = minSampleFlag(flags.minSample);
  const planned = await planChecks(config, flags.threshold ?? [], {
    orders,
    ...(minSample === undefined ? {} : { minSample }),
  });
  const failOn = flags.failOn ?? 'error';
  if (orders) {
    const run = resolveTicketRun(flags, config, env, nowFrom(env));
    const orderFlags = resolveOrderFlags(flags, config, files);
    const loaded = await loadOrders(
      flags.orders ?? [],
      { input: run.input, window: run.window, orders: orderFlags, engine: run.engine, version },
      config,
      { extraBy: planned.extraBy },
    );
    const { outcome, input } = runOrderChecks(loaded, planned.checks, failOn, version);
    return {
      outcome,
      input,
      limits: {
        maxBadRows: run.input.maxBadRows,
        maxDuplicateShare: run.input.maxDuplicateShare ?? DEFAULT_MAX_DUPLICATE_SHARE,
      },
      warnings: [...(loaded.note === undefined ? [] : [loaded.note]), ...loaded.warnings],
      quiet: run.quiet,
    };
  }
  // A check on a complaint class needs the tickets classified, as `report --complaints` does.
  const run = resolveTicketRun(planned.classify ? { ...flags, complaints: true } : flags, config, env, nowFrom(env));
  const loaded = await loadTickets(files, run, config, {
    version,
    extraBy: planned.extraBy,
    command: 'check',
    ...progressFor(run.quiet, env),
  });
  const { outcome, input } = runChecks(loaded, planned.checks, failOn, version);
  return {
    outcome,
    input,
    limits: { maxBadRows: loaded.maxBadRows, maxDuplicateShare: loaded.maxDuplicateShare },
    warnings: loaded.warnings,
    quiet: run.quiet,
  };
}

/** The data's warnings a CI user should see: the run's warnings, then rows rejected or emptied within the limits. */
function dataWarnings(warnings: readonly string[], input: InputAccounting): string[] {
  const rows = input.issues
    .filter((issue) => issue.action !== 'skipped')
    .map((issue) => {
      const where = issue.samples.map((s) => `${s.file}:${s.line}`).join(', ');
      const more = issue.count > issue.samples.length ? ', …' : '';
      return (
        `${issue.count} row${issue.count === 1 ? '' : 's'} ${
          issue.action === 'rejected' ? 'rejected' : 'kept with an ' + 'emptied field'
        } (${issue.code}${issue.column === null ? '' : ` in "${issue.column}"`}): ${issue.message} ` +
        `[${where}${more}]${issue.hint === null ? '' : `. ${issue.hint}`}`
      );
    });
  return [...warnings, ...rows];
}

/** What stopped a run, as the CI outputs show it: an AppError as it is, anything else as the bug it is (exit 4). */
export function failureOf(error: unknown, configFile: string | null): CheckRunFailure {
  if (error instanceof AppError) {
    // `where` is `file:line[:column]` for errors at a line of the config (a syntax error, a bad check).
    const at = /^(.*?):(\d+)(?::\d+)?$/.exec(error.where ?? '');
    const file = at !== null ? (at[1] as string) : error.kind === 'config' ? configFile : null;
    return {
      code: error.code,
      exit_code: error.exitCode === ExitCode.usage || error.exitCode === ExitCode.input ? error.exitCode : 4,
      message: error.message,
      where: error.where ?? null,
      hint: error.hint ?? null,
      file,
      line: at !== null && file === at[1] ? Number(at[2]) : null,
    };
  }
  return {
    code: 'internal_error',
    exit_code: 4,
    message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
    where: null,
    hint: 'This is a bug in opsmetrics; please report it with the command you ran.',
    file: null,
    line: null,
  };
}

/**
 * The CI outputs of one run: the JUnit file, and under GitHub Actions the annotations (standard
 * error) and the job summary. Written once, whatever the outcome.
 */
class CiOutputs {
  private readonly started = Date.now();
  private written = false;

  constructor(
    private readonly junit: string | undefined,
    private readonly env: NodeJS.ProcessEnv,
    private readonly version: string,
  ) {}

  private get github(): boolean {
    return this.env.GITHUB_ACTIONS === 'true';
  }

  /** A path GitHub can link an annotation to: relative to the workspace, `/`-separated; null outside it. */
  private readonly repoPath = (file: string): string | null => {
    const root = this.env.GITHUB_WORKSPACE || process.cwd();
    const path = relative(root, resolve(file));
    if (path === '' || path.startsWith('..') || isAbsolute(path)) return null;
    return path.split(sep).join('/');
  };

  private async junitRun(stderr: readonly string[]) {
    const { junitTimestamp } = await import('../../check/render-junit.js');
    return {
      timestamp: junitTimestamp(this.started),
      hostname: hostname() || 'localhost',
      seconds: (Date.now() - this.started) / 1000,
      stderr,
    };
  }

  private async appendSummary(markdown: string): Promise<void> {
    const summaryFile = this.env.GITHUB_STEP_SUMMARY;
    if (!summaryFile) return;
    await appendFile(summaryFile, markdown).catch((error: Error) => {
      process.stderr.write(`opsmetrics: warning: cannot append the job summary to ${summaryFile}: ${error.message}\n`);
    });
  }

  async judged(outcome: CheckReport, warnings: readonly string[]): Promise<void> {
    this.written = true;
    if (this.junit !== undefined) {
      const { renderJunit } = await import('../../check/render-junit.js');
      await writeFileAtomic(this.junit, renderJunit(outcome, await this.junitRun(warnings)));
    }
    if (!this.github && !this.env.GITHUB_STEP_SUMMARY) return;
    const { dataAnnotations, githubAnnotations, renderCheckMarkdown } = await import('../../check/render-github.js');
    if (this.github) {
      printLines([...dataAnnotations(warnings), ...githubAnnotations(outcome, { repoPath: this.repoPath })]);
    }
    await this.appendSummary(renderCheckMarkdown(outcome));
  }

  /** The outputs of a run that stopped; best effort (an unwritable JUnit path must not hide the error). */
  async stopped(failure: CheckRunFailure, warnings: readonly string[] = []): Promise<void> {
    if (this.written) return;
    this.written = true;
    if (this.junit !== undefined) {
      const { renderJunitFailure } = await import('../../check/render-junit.js');
      const xml = renderJunitFailure(failure, { ...(await this.junitRun(warnings)), version: this.version });
      await writeFileAtomic(this.junit, xml).catch((error: Error) => {
        process.stderr.write(`opsmetrics: warning: no JUnit file written: ${error.message}\n`);
      });
    }
    if (!this.github && !this.env.GITHUB_STEP_SUMMARY) return;
    const { dataAnnotations, failureAnnotation, renderFailureMarkdown } = await import('../../check/render-github.js');
    if (this.github)
      printLines([...dataAnnotations(warnings), failureAnnotation(failure, { repoPath: this.repoPath })]);
    await this.appendSummary(renderFailureMarkdown(failure));
  }
}

export async function runCheck(
  files: string[],
  flags: CheckFlags,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const ci = new CiOutputs(flags.junit, env, version);
  let judged: Judged;
  try {
    judged = await judge(files, flags, version, env);
  } catch (error) {
    const configFile = flags.config ?? CONFIG_FILES.find((name) => existsSync(name)) ?? null;
    await ci.stopped(failureOf(error, configFile));
    throw error;
  }
  const { outcome, input, limits, quiet } = judged;
  const problem = rowsProblem(input, limits);
  if (!quiet || problem !== null) printLines([...judged.warnings, ...summaryLines(input, limits)]);
  const warnings = dataWarnings(judged.warnings, input);
  if (problem !== null) {
    await ci.stopped(
      {
        code: problem.code,
        exit_code: 3,
        message: problem.message.replace(/ The hints above say/, ' The hints on standard error say'),
        where: input.files.map((f) => f.path).join(', ') || null,
        hint: null,
        file: null,
        line: null,
      },
      warnings,
    );
    return ExitCode.input;
  }
  await ci.judged(outcome, warnings);
  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify(outcome, null, 2)}\n`);
  } else {
    const { renderCheckTable } = await import('../../check/render-table.js');
    await writeStdout(renderCheckTable(outcome, { color: useColor(process.stdout, flags.color, env) }));
  }
  return outcome.exit_code;
}
