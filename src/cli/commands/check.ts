/**
 * `opsmetrics check`: read the exports like `report`, judge the thresholds of the config's `checks:`
 * and of `--threshold`, print the results on stdout, and set the exit code CI gates on:
 * 0 all pass, 1 a check failed, 2 bad config or usage, 3 unreadable input or a check that cannot be
 * computed. Optional CI outputs: `--junit FILE`, GitHub annotations and job summary.
 */
import { appendFile } from 'node:fs/promises';
import type { CheckReport } from '../../check/model.js';
import type { CheckSeverity } from '../../options/checks.js';
import { ExitCode } from '../../errors.js';
import {
  loadConfig,
  loadTickets,
  planChecks,
  resolveTicketRun,
  runChecks,
  summaryLines,
  type ReportFlags,
} from '../../index.js';
import { nowFrom, useColor } from '../env.js';
import { writeFileAtomic, writeStdout } from '../io.js';
import { progressFor } from '../progress.js';
import { printLines } from './report.js';

export interface CheckFlags extends Omit<ReportFlags, 'format' | 'output' | 'compare' | 'excel' | 'formulaEscape'> {
  threshold?: string[];
  failOn?: CheckSeverity;
  junit?: string;
  format?: 'table' | 'json';
}

/** Writes the GitHub Actions annotations (stderr) and job summary when running there. */
async function githubOutputs(outcome: CheckReport, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_ACTIONS !== 'true' && !env.GITHUB_STEP_SUMMARY) return;
  const { githubAnnotations, renderCheckMarkdown } = await import('../../check/render-github.js');
  if (env.GITHUB_ACTIONS === 'true') printLines(githubAnnotations(outcome));
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    await appendFile(summaryFile, renderCheckMarkdown(outcome)).catch((error: Error) => {
      process.stderr.write(`opsmetrics: warning: cannot append the job summary to ${summaryFile}: ${error.message}\n`);
    });
  }
}

export async function runCheck(
  files: string[],
  flags: CheckFlags,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const config = await loadConfig(flags.config);
  const planned = await planChecks(config, flags.threshold ?? []);
  // A check on a complaint class needs the tickets classified, as `report --complaints` does.
  const run = resolveTicketRun(planned.classify ? { ...flags, complaints: true } : flags, config, env, nowFrom(env));
  const loaded = await loadTickets(files, run, config, {
    version,
    extraBy: planned.extraBy,
    command: 'check',
    ...progressFor(run.quiet, env),
  });
  const { outcome, input } = runChecks(loaded, planned.checks, flags.failOn ?? 'error', version);
  const failed = input.rejected > loaded.maxBadRows;
  if (!run.quiet || failed) printLines([...loaded.warnings, ...summaryLines(input, loaded.maxBadRows)]);
  if (failed) return ExitCode.input;

  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify(outcome, null, 2)}\n`);
  } else {
    const { renderCheckTable } = await import('../../check/render-table.js');
    await writeStdout(renderCheckTable(outcome, { color: useColor(process.stdout, flags.color, env) }));
  }
  if (flags.junit !== undefined) {
    const { renderJunit } = await import('../../check/render-junit.js');
    await writeFileAtomic(flags.junit, renderJunit(outcome));
  }
  await githubOutputs(outcome, env);
  return outcome.exit_code;
}
