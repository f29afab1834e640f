/**
 * Evaluation of resolved checks over built reports (pure). A check without `by` is judged on the
 * whole window (one result per period with `--period`); with `by`, once per group.
 *
 * Rules, in order, for each row:
 * 1. the metric is unavailable (the input lacks its columns) -> `error`;
 * 2. a count is judged as it is, whatever the sample: a count over no tickets is 0, and `created >= 1`
 *    on an empty window fails with 0 (a count is exact, no estimate: min_sample does not apply);
 * 3. the sample is empty (n 0, no figure) -> `skipped`, unless no row of the check has data, then
 *    every row is an `error`: a check that computed nothing is never a pass;
 * 4. n < min_sample -> `skipped` (small sample);
 * 5. otherwise the comparison decides `pass` or `fail`, with a tolerance of 1e-9 (relative) so that
 *    a figure equal to its target in decimal is not failed by binary rounding.
 * A check whose grouping has no group in the window (`by team` over a window without tickets) gives
 * one result for the whole window: a count judged as 0, any other figure an `error`.
 */
import { figureOf } from '../report/flatten.js';
import { SCHEMA_VERSION, type MetricValue, type Report, type ReportRow } from '../report/model.js';
import { stripControl } from '../report/text.js';
import type { CheckReport, CheckResult, CheckSummary, FailOn } from './model.js';
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

/** The row's cohort size: tickets created (ticket reports) or orders created (orders reports). */
function cohortSize(row: ReportRow): number | null {
  const cohort = row.metrics.created ?? row.metrics.orders;
  return cohort?.kind === 'count' ? cohort.value : null;
}

/** The tickets a figure is computed over: duration n, rate denominator, total n; for counts, the cohort. */
function sampleSize(value: MetricValue, row: ReportRow): number | null {
  switch (value.kind) {
    case 'duration':
    case 'total':
      return value.n;
    case 'rate':
      return value.denominator;
    case 'count':
      return cohortSize(row);
    case 'unavailable':
      return null;
  }
}

/** ` [period=2025-W47, team=Billing]`; values with control characters stripped (they name test cases). */
const groupSuffix = (row: Pick<ReportRow, 'period' | 'group'>, withPeriod: boolean): string => {
  const parts = [
    ...(withPeriod ? [`period=${row.period.label}`] : []),
    ...Object.entries(row.group).map(([k, v]) => `${stripControl(k)}=${v === null ? '(none)' : stripControl(v)}`),
  ];
  return parts.length ? ` [${parts.join(', ')}]` : '';
};

export interface EvaluateOptions {
  /** Lowest level that fails the run: `error` (default), `warning` or `skip`. */
  failOn: FailOn;
  /** The report each check is judged on, by its effective `by` dimensions. */
  reportFor: (check: ResolvedCheck) => Report;
  /** The report whose window the outcome states. */
  window: Report['window'];
  version: string;
  /** What the reports were built from. Default `tickets`. */
  inputKind?: CheckReport['input_kind'];
}

function judge(check: ResolvedCheck, report: Report, failOn: FailOn): CheckResult[] {
  const { spec, metric } = check;
  const withPeriod = report.window.period !== null;
  const clock = metric.kind === 'duration' && check.figure !== 'n' ? clockOf(metric.id, report) : null;
  const skipFails = failOn === 'skip';
  const base = (row: Pick<ReportRow, 'period' | 'group'>): CheckResult => ({
    name: `${spec.threshold.text}${groupSuffix(row, withPeriod)}`,
    check: spec.threshold.text,
    source: spec.source,
    file: spec.file ?? null,
    line: spec.line ?? null,
    metric: metric.id,
    stat: check.stat,
    op: spec.threshold.op,
    target: check.target,
    target_text: spec.threshold.target.text,
    unit: check.unit,
    clock,
    severity: spec.severity,
    min_sample: check.minSample,
    period: withPeriod ? row.period : null,
    group: row.group,
    value: null,
    n: null,
    status: 'error',
    fails_run: true,
    reason: null,
  });
  const judged = (result: CheckResult, value: number): CheckResult => {
    const pass = compare(value, spec.threshold.op, check.target);
    const fatal = spec.severity === 'error' || failOn !== 'error';
    return { ...result, value, status: pass ? 'pass' : 'fail', fails_run: !pass && fatal };
  };
  const skipped = (result: CheckResult, reason: string): CheckResult => ({
    ...result,
    status: 'skipped',
    fails_run: skipFails,
    reason,
  });

  if (report.rows.length === 0) {
    // No group has a ticket in the window: the grouping gives no row at all.
    const whole = base({ period: { label: 'all', start: '', end: '' }, group: {} });
    const none = { ...whole, period: null, name: `${spec.threshold.text} [no group in the window]` };
    const what = report.kind === 'orders' ? 'orders' : 'tickets';
    if (metric.kind === 'count')
      return [judged({ ...none, n: 0, reason: `no ${what} in the window: the count is 0` }, 0)];
    return [{ ...none, reason: `no data: no ${what} in the window` }];
  }

  const results = report.rows.map((row): CheckResult => {
    const value = row.metrics[metric.id];
    const n = value === undefined ? null : sampleSize(value, row);
    const raw = figureOf(value, check.figure);
    const figure = raw === null ? null : raw * check.scale;
    const result = { ...base(row), value: figure, n };
    if (value === undefined || value.kind === 'unavailable') {
      return {
        ...result,
        value: null,
        reason: `${metric.id} is unavailable: ${value?.kind === 'unavailable' ? value.reason : 'not in the report'}`,
      };
    }
    if (value.kind === 'count') {
      const what = report.kind === 'orders' ? 'orders' : 'tickets';
      const empty = n === 0 && (figure ?? 0) === 0 ? `no ${what} in the window: the count is 0` : null;
      return judged({ ...result, reason: empty }, figure ?? 0);
    }
    if (n === null || n === 0 || figure === null) return skipped(result, 'no data (n 0)');
    if (n < check.minSample) return skipped(result, `small sample: n ${n} < min_sample ${check.minSample}`);
    return judged(result, figure);
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

/**
 * The clock a duration metric is measured on: the report's (`--hours`, `report.hours`), except SLA
 * lateness, which is calendar time from the due instant whatever the targets' clock.
 */
function clockOf(metricId: string, report: Report): string {
  return metricId.startsWith('sla.') ? 'calendar time' : report.definitions.clock;
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
 * when any result fails the run, else 0.
 * @example
 * import { thresholdSpec } from './config.js';
 * import { resolveCheck } from './resolve.js';
 * // p90(frt) <= 1h by team over fixtures/examples: Billing's replies took 30 and 90 min, p90 = 30 + 0.9 × 60 = 84
 * // min (fail); Shipping's one took 20 min (pass). A failure of severity error: exit 1.
 * const report = fixture('examples/report.json');
 * const spec = thresholdSpec('p90(frt) <= 1h by team', 'checks[0]', { minSample: 1 });
 * const check = resolveCheck(spec, { sla: undefined, catalogue: [{ id: 'frt', kind: 'duration', unit: 'minutes' }] });
 * const outcome = evaluateChecks([check], {
 *   failOn: 'error',
 *   reportFor: () => report,
 *   window: report.window,
 *   version: '1.0.0',
 * });
 * [outcome.exit_code, outcome.results.map((r) => `${r.name}: ${r.status} (${r.value}, n ${r.n})`)]
 * // [1, ['p90(frt) <= 1h by team [team=Billing]: fail (84, n 2)',
 * //   'p90(frt) <= 1h by team [team=Shipping]: pass (20, n 1)']]
 * @example
 * import { thresholdSpec } from './config.js';
 * import { resolveCheck } from './resolve.js';
 * // the same check with the default min_sample (10): no team has 10 replies, nothing is judged, exit 0
 * const report = fixture('examples/report.json');
 * const spec = thresholdSpec('p90(frt) <= 1h by team', 'checks[0]');
 * const check = resolveCheck(spec, { sla: undefined, catalogue: [{ id: 'frt', kind: 'duration', unit: 'minutes' }] });
 * const run = { failOn: 'error', reportFor: () => report, window: report.window, version: '1.0.0' };
 * const outcome = evaluateChecks([check], run);
 * [outcome.exit_code, outcome.summary.skipped, outcome.results[0].reason]
 * // [0, 2, 'small sample: n 2 < min_sample 10']
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
    input_kind: options.inputKind ?? 'tickets',
    window: options.window,
    fail_on: options.failOn,
    summary,
    exit_code: summary.errors > 0 ? 3 : results.some((r) => r.fails_run) ? 1 : 0,
    results,
  };
}
