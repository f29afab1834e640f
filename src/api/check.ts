/**
 * `check`: thresholds resolved against the metric catalogue, judged over reports of loaded tickets.
 * One report per distinct grouping, all on one context (the per-ticket arrays and repeat flags do
 * not depend on the grouping), each with only the metrics the checks judge.
 */
import { evaluateChecks } from '../check/evaluate.js';
import type { CheckReport } from '../check/model.js';
import { parseThreshold } from '../check/parse.js';
import { resolveCheck, type ResolvedCheck } from '../check/resolve.js';
import { usageError } from '../errors.js';
import { createTicketContext } from '../engine/context.js';
import { ALL_TICKET_METRICS, customMetrics } from '../metrics/index.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { CheckSeverity, CheckSpec } from '../check/config.js';
import type { Config } from '../options/schema.js';
import { buildTicketReport } from '../report/build.js';
import type { InputAccounting, Report } from '../report/model.js';
import type { LoadedTickets } from './tickets.js';

/** `--threshold` texts as checks; a syntax error is a usage error (exit 2) quoting the text. */
export function thresholdChecks(texts: readonly string[]): CheckSpec[] {
  return texts.map((text) => {
    const parsed = parseThreshold(text);
    if (!parsed.ok) {
      throw usageError('bad_threshold', `--threshold "${text}": ${parsed.error}`, {
        where: '--threshold',
        hint: 'Thresholds read [stat(]metric[)] op target [by dim,...], e.g. --threshold "p90(frt) <= 4h".',
      });
    }
    return { threshold: parsed.threshold, minSample: 1, severity: 'error', source: '--threshold' };
  });
}

/**
 * The complaint metrics a check may name: `complaints.<class>` for each class of the run (the default
 * classes and the config's `complaints:` classes, in the classifier's order).
 */
async function complaintCatalogue(config: Config): Promise<MetricDefinition[]> {
  const [{ compileComplaintClasses }, { complaintMetric }] = await Promise.all([
    import('../complaints/rules.js'),
    import('../metrics/complaints.js'),
  ]);
  return compileComplaintClasses(config.complaints).map((c) => complaintMetric(c.name, c.bit));
}

export interface PlannedChecks {
  checks: ResolvedCheck[];
  /** The dimensions the checks group by, to read besides `--by`. */
  extraBy: string[];
  /** A check names a complaint class: the tickets must be classified. */
  classify: boolean;
}

/**
 * Resolves the config's checks and `--threshold` texts before any input is read: a typo is exit 2 at
 * once, not after a long read.
 */
export async function planChecks(config: Config, thresholds: readonly string[]): Promise<PlannedChecks> {
  const specs = [...(config.checks ?? []), ...thresholdChecks(thresholds)];
  if (specs.length === 0) {
    throw usageError('no_checks', 'no checks to run', {
      where: '--threshold',
      hint: 'Add checks: to the config (see `opsmetrics init`), or pass --threshold "p90(frt) <= 4h".',
    });
  }
  const catalogue = [...ALL_TICKET_METRICS, ...customMetrics(config.metrics), ...(await complaintCatalogue(config))];
  const checks = specs.map((spec) => resolveCheck(spec, { sla: config.sla, catalogue }));
  return {
    checks,
    extraBy: [...new Set(checks.flatMap((c) => c.spec.threshold.by ?? []))],
    classify: checks.some((c) => c.metric.id.startsWith('complaints.')),
  };
}

export interface CheckRun {
  outcome: CheckReport;
  /** The input accounting of the reports judged. */
  input: InputAccounting;
}

/** Judges `checks` over reports of `loaded`. */
export function runChecks(
  loaded: LoadedTickets,
  checks: readonly ResolvedCheck[],
  failOn: CheckSeverity,
  version: string,
): CheckRun {
  const reports = new Map<string, Report>();
  const context = createTicketContext(loaded.table, loaded.options, loaded.options.engine);
  const only = new Set(['created', ...checks.map((c) => c.metric.id)]);
  const reportFor = (check: ResolvedCheck): Report => {
    const by = check.spec.threshold.by ?? loaded.options.by.map((d) => d.name);
    const key = by.join('\u0000');
    let report = reports.get(key);
    if (!report) {
      const options = {
        ...loaded.options,
        by: by.map((name) => ({ name, key: loaded.dimensionKey(name) })),
        compare: null,
      };
      report = buildTicketReport(loaded.table, options, loaded.ingest, { context, only });
      reports.set(key, report);
    }
    return report;
  };
  const first = reportFor(checks[0] as ResolvedCheck);
  const outcome = evaluateChecks(checks, { failOn, reportFor, window: first.window, version });
  return { outcome, input: first.input };
}
