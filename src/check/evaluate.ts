/**
 * Evaluation of resolved checks over built reports (pure). A check without `by` is judged on the
 * whole window (one result per period with `--period`); with `by`, once per group.
 *
 * Rules, in order, for each row:
 * 1. the metric is unavailable (the input lacks its columns) -> `error`;
 * 2. the sample is empty (n 0, no figure) -> `skipped`, unless no row of the check has data, then
 *    every row is an `error`: a check that computed nothing is never a pass;
 * 3. n < min_sample -> `skipped` (small sample);
 * 4. otherwise the comparison decides `pass` or `fail`, with a tolerance of 1e-9 (relative) so that
 *    a figure equal to its target in decimal is not failed by binary rounding.
 */
import type { CheckSeverity } from '../options/checks.js';
import { figureOf } from '../report/flatten.js';
import { SCHEMA_VERSION, type MetricValue, type Report, type ReportRow } from '../report/model.js';
import type { CheckReport, CheckResult, CheckSummary } from './model.js';
import type { Operator } from './parse.js';
import type { ResolvedCheck } from './resolve.js';

const TOLERANCE = 1e-9;

/**
 * `value op target`, with equality up to 1e-9 relative to the larger magnitude (at least 1).
 * @example compare(0.95, '>=', 19 / 20) // true
 */
export function compare(value: number, op: Operator, target: number): boolean {
  const equal = Math.abs(value - target) <= TOLERANCE * Math.max(1, Math.abs(value), Math.abs(target));
  switch (op) {
    case '<=':
      return value < target || equal;
    case '<':
      return value < target && !equal;
    case '>=':
      return value > target || equal;
    case '>':
      return value > target && !equal;
    case '==':
      return equal;
    case '!=':
      return !equal;
  }
}

/** The tickets a figure is computed over: duration n, rate denominator, total n; for counts, the tickets created. */
function sampleSize(value: MetricValue, row: ReportRow): number | null {
  switch (value.kind) {
    case 'duration':
    case 'total':
      return value.n;
    case 'rate':
      return value.denominator;
    case 'count': {
      const created = row.metrics.created;
      return created?.kind === 'count' ? created.value : null;
    }
    case 'unavailable':
      return null;
  }
}

const groupSuffix = (row: ReportRow, withPeriod: boolean): string => {
  const parts = [
    ...(withPeriod ? [`period=${row.period.label}`] : []),
    ...Object.entries(row.group).map(([k, v]) => `${k}=${v ?? '(none)'}`),
  ];
  return parts.length ? ` [${parts.join(', ')}]` : '';
};

export interface EvaluateOptions {
  /** Lowest severity whose failures fail the run: `error` (default) or `warning`. */
  failOn: CheckSeverity;
  /** The report each check is judged on, by its effective `by` dimensions. */
  reportFor: (check: ResolvedCheck) => Report;
  /** The report whose window the outcome states. */
  window: Report['window'];
  version: string;
}

function judge(check: ResolvedCheck, report: Report, failOn: CheckSeverity): CheckResult[] {
  const { spec, metric } = check;
  const withPeriod = report.window.period !== null;
  const results = report.rows.map((row): CheckResult => {
    const value = row.metrics[metric.id];
    const n = value === undefined ? null : sampleSize(value, row);
    const figure = figureOf(value, check.figure);
    const base: CheckResult = {
      name: `${spec.threshold.text}${groupSuffix(row, withPeriod)}`,
      check: spec.threshold.text,
      source: spec.source,
      metric: metric.id,
      stat: check.stat,
      op: spec.threshold.op,
      target: check.target,
      target_text: spec.threshold.target.text,
      unit: check.unit,
      severity: spec.severity,
      min_sample: spec.minSample,
      period: withPeriod ? row.period : null,
      group: row.group,
      value: figure,
      n,
      status: 'error',
      fails_run: true,
      reason: null,
    };
    if (value === undefined || value.kind === 'unavailable') {
      return {
        ...base,
        value: null,
        reason: `${metric.id} is unavailable: ${value?.kind === 'unavailable' ? value.reason : 'not in the report'}`,
      };
    }
    if (n === null || n === 0 || figure === null)
      return { ...base, status: 'skipped', fails_run: false, reason: 'no data (n 0)' };
    if (n < spec.minSample)
      return {
        ...base,
        status: 'skipped',
        fails_run: false,
        reason: `small sample: n ${n} < min_sample ${spec.minSample}`,
      };
    const pass = compare(figure, spec.threshold.op, check.target);
    const fatal = spec.severity === 'error' || failOn === 'warning';
    return { ...base, status: pass ? 'pass' : 'fail', fails_run: !pass && fatal };
  });
  const computedNothing = results.every((r) => r.status === 'error' || r.reason === 'no data (n 0)');
  if (computedNothing) {
    return results.map((r) =>
      r.status === 'error'
        ? r
        : {
            ...r,
            status: 'error',
            fails_run: true,
            reason: `no data: ${metric.id} has no value in ${results.length > 1 ? 'any group' : 'the window'} (n 0)`,
          },
    );
  }
  return results;
}

/** Appends ` #2`, ` #3`... to repeated names, so that each result has its own name (JUnit test names). */
function uniqueNames(results: CheckResult[]): CheckResult[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const count = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, count);
    return count === 1 ? r : { ...r, name: `${r.name} #${count}` };
  });
}

/**
 * Judges every check and states the outcome: exit 3 when any check could not be computed, else 1
 * when any failure fails the run, else 0.
 * @example
 * // p90(frt) <= 1h by team over fixtures/examples: Billing's replies took 30 and 90 min, p90 = 30 + 0.9 × 60 = 84
 * // min (fail); Shipping's one took 20 min (pass). A failure of severity error: exit 1.
 * const report = fixture('examples/report.json');
 * const target = { kind: 'duration', ms: HOUR, text: '1h' };
 * const threshold = { stat: 'p90', metric: 'frt', op: '<=', target, by: ['team'], text: 'p90(frt) <= 1h by team' };
 * const spec = { threshold, minSample: 1, severity: 'error', source: 'checks[0]' };
 * const check = { spec, metric: { id: 'frt' }, stat: 'p90', figure: 'p90', target: 60, unit: 'minutes' };
 * const outcome = evaluateChecks([check], {
 *   failOn: 'error',
 *   reportFor: () => report,
 *   window: report.window,
 *   version: '1.0.0',
 * });
 * [outcome.exit_code, outcome.results.map((r) => `${r.name}: ${r.status} (${r.value})`)]
 * // [1, ['p90(frt) <= 1h by team [team=Billing]: fail (84)', 'p90(frt) <= 1h by team [team=Shipping]: pass (20)']]
 */
export function evaluateChecks(checks: readonly ResolvedCheck[], options: EvaluateOptions): CheckReport {
  const results = uniqueNames(checks.flatMap((check) => judge(check, options.reportFor(check), options.failOn)));
  const summary: CheckSummary = { total: results.length, passed: 0, failed: 0, warned: 0, skipped: 0, errors: 0 };
  for (const r of results) {
    if (r.status === 'pass') summary.passed++;
    else if (r.status === 'skipped') summary.skipped++;
    else if (r.status === 'error') summary.errors++;
    else if (r.fails_run) summary.failed++;
    else summary.warned++;
  }
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: options.version },
    kind: 'check',
    window: options.window,
    fail_on: options.failOn,
    summary,
    exit_code: summary.errors > 0 ? 3 : summary.failed > 0 ? 1 : 0,
    results,
  };
}
