/**
 * `opsmetrics check`: read the exports like `report`, judge the thresholds of the config's `checks:`
 * and of `--threshold`, print the results on stdout, and set the exit code CI gates on:
 * 0 all pass, 1 a check failed, 2 bad config or usage, 3 unreadable input or a check that cannot be
 * computed. Optional CI outputs: `--junit FILE`, GitHub annotations and job summary.
 */
import { appendFile } from 'node:fs/promises';
import { evaluateChecks } from '../../check/evaluate.js';
import type { CheckReport } from '../../check/model.js';
import { parseThreshold } from '../../check/parse.js';
import { resolveCheck, type ResolvedCheck } from '../../check/resolve.js';
import type { CheckSeverity, CheckSpec } from '../../config/checks.js';
import { ExitCode, usageError } from '../../errors.js';
import { ALL_TICKET_METRICS } from '../../metrics/index.js';
import type { MetricDefinition } from '../../metrics/types.js';
import type { Config } from '../../config/schema.js';
import { buildTicketReport } from '../../report/build.js';
import { createTicketContext } from '../../metrics/context.js';
import type { Report } from '../../report/model.js';
import { useColor } from '../env.js';
import { writeFileAtomic, writeStdout } from '../io.js';
import { loadConfig, loadTickets, printAccounting, type ReportFlags } from './report.js';

export interface CheckFlags extends Omit<ReportFlags, 'format' | 'output' | 'compare' | 'excel' | 'formulaEscape'> {
  threshold?: string[];
  failOn?: CheckSeverity;
  junit?: string;
  format?: 'table' | 'json';
}

/** `--threshold` texts as checks; a syntax error is a usage error (exit 2) quoting the text. */
function thresholdChecks(texts: readonly string[]): CheckSpec[] {
  return texts.map((text) => {
    const parsed = parseThreshold(text);
    if (!parsed.ok) {
      throw usageError('bad_threshold', `--threshold "${text}": ${parsed.error}`, { where: '--threshold', hint: 'Thresholds read [stat(]metric[)] op target [by dim,...], e.g. --threshold "p90(frt) <= 4h".' });
    }
    return { threshold: parsed.threshold, minSample: 1, severity: 'error', source: '--threshold' };
  });
}

/** Writes the GitHub Actions annotations (stderr) and job summary when running there. */
async function githubOutputs(outcome: CheckReport, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_ACTIONS !== 'true' && !env.GITHUB_STEP_SUMMARY) return;
  const { githubAnnotations, renderCheckMarkdown } = await import('../../check/render-github.js');
  if (env.GITHUB_ACTIONS === 'true') for (const line of githubAnnotations(outcome)) process.stderr.write(`${line}\n`);
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    await appendFile(summaryFile, renderCheckMarkdown(outcome)).catch((error: Error) => {
      process.stderr.write(`opsmetrics: warning: cannot append the job summary to ${summaryFile}: ${error.message}\n`);
    });
  }
}

/**
 * The complaint metrics a check may name: `complaints.<class>` for each class of the run (the default
 * classes and the config's `complaints:` classes, in the classifier's order).
 */
async function complaintCatalogue(config: Config): Promise<MetricDefinition[]> {
  const [{ compileComplaintClasses }, { complaintMetric }] = await Promise.all([import('../../complaints/rules.js'), import('../../metrics/complaints.js')]);
  return compileComplaintClasses(config.complaints).map((c) => complaintMetric(c.name, c.bit));
}

export async function runCheck(files: string[], flags: CheckFlags, version: string): Promise<number> {
  const config = await loadConfig(flags.config);
  const specs = [...(config.checks ?? []), ...thresholdChecks(flags.threshold ?? [])];
  if (specs.length === 0) {
    throw usageError('no_checks', 'no checks to run', {
      where: '--threshold',
      hint: 'Add checks: to the config (see `opsmetrics init`), or pass --threshold "p90(frt) <= 4h".',
    });
  }
  // Every check is resolved before any input is read: a typo is exit 2 at once, not after a long read.
  const catalogue = [...ALL_TICKET_METRICS, ...(await complaintCatalogue(config))];
  const checks: ResolvedCheck[] = specs.map((spec) => resolveCheck(spec, { sla: config.sla, catalogue }));
  const extraBy = [...new Set(checks.flatMap((c) => c.spec.threshold.by ?? []))];
  // A check on a complaint class needs the tickets classified, as `report --complaints` does.
  const classify = checks.some((c) => c.metric.id.startsWith('complaints.'));
  const loaded = await loadTickets(files, classify ? { ...flags, complaints: true } : flags, version, { config, extraBy, command: 'check' });

  // One report per distinct grouping, all on one context (the per-ticket arrays and repeat flags do
  // not depend on the grouping), each with only the metrics the checks judge (and `created`, the
  // sample of a count).
  const reports = new Map<string, Report>();
  const context = createTicketContext(loaded.table, loaded.options);
  const only = new Set(['created', ...checks.map((c) => c.metric.id)]);
  const reportFor = (check: ResolvedCheck): Report => {
    const by = check.spec.threshold.by ?? loaded.options.by.map((d) => d.name);
    const key = by.join('\u0000');
    let report = reports.get(key);
    if (!report) {
      const options = { ...loaded.options, by: by.map((name) => ({ name, key: loaded.dimensionKey(name) })), compare: null };
      report = buildTicketReport(loaded.table, options, loaded.ingest, { context, only });
      reports.set(key, report);
    }
    return report;
  };
  const first = reportFor(checks[0] as ResolvedCheck);
  if (printAccounting(loaded, first.input, flags.quiet)) return ExitCode.input;

  const outcome = evaluateChecks(checks, { failOn: flags.failOn ?? 'error', reportFor, window: first.window, version });
  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify(outcome, null, 2)}\n`);
  } else {
    const { renderCheckTable } = await import('../../check/render-table.js');
    await writeStdout(renderCheckTable(outcome, { color: useColor(process.stdout, flags.color) }));
  }
  if (flags.junit !== undefined) {
    const { renderJunit } = await import('../../check/render-junit.js');
    await writeFileAtomic(flags.junit, renderJunit(outcome));
  }
  await githubOutputs(outcome, process.env);
  return outcome.exit_code;
}
