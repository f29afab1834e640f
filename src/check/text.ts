/** Wording shared by the check renderers: figures with their unit, groups, and one-line messages. */
import type { ReportWindow } from '../report/model.js';
import type { CheckResult, CheckUnit } from './model.js';

const trim = (value: number, decimals: number) => String(Number(value.toFixed(decimals)));

/**
 * A figure in its unit: `93.5%`, `312.5 min`, `26.25 h`, `37`; `—` for no value.
 * @example formatMeasure(0.935, 'percent') // '93.5%'
 * @example formatMeasure(240, 'minutes') // '240 min'
 */
export function formatMeasure(value: number | null, unit: CheckUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return `${trim(value * 100, 2)}%`;
    case 'minutes':
      return `${trim(value, 2)} min`;
    case 'hours':
      return `${trim(value, 2)} h`;
    case 'number':
      return trim(value, 4);
  }
}

/**
 * The judged group: `period=2025-W47, team=Billing`, or `all` for the whole window.
 * @example groupText({ period: null, group: { team: 'Billing' } }) // 'team=Billing'
 */
export function groupText(result: Pick<CheckResult, 'period' | 'group'>): string {
  const parts = [
    ...(result.period ? [`period=${result.period.label}`] : []),
    ...Object.entries(result.group).map(([k, v]) => `${k}=${v ?? '(none)'}`),
  ];
  return parts.length ? parts.join(', ') : 'all';
}

/**
 * The window a check was judged on: `2025-11-17T00:00:00Z .. 2025-11-24T00:00:00Z, as of 2025-11-24T00:00:00Z`.
 * @example
 * windowText({ since: null, until: null, as_of: '2025-11-24T00:00:00Z' }) // 'all input, as of 2025-11-24T00:00:00Z'
 */
export function windowText(window: ReportWindow): string {
  const range =
    window.since === null && window.until === null
      ? 'all input'
      : `${window.since ?? 'start'} .. ${window.until ?? 'as-of'}`;
  return `${range}, as of ${window.as_of}`;
}

/** Verdict word: PASS, FAIL, WARN (a failure below --fail-on), SKIP, ERROR. */
export function verdictText(result: CheckResult): string {
  if (result.status === 'fail') return result.fails_run ? 'FAIL' : 'WARN';
  return { pass: 'PASS', skipped: 'SKIP', error: 'ERROR' }[result.status];
}

/**
 * One line for a result: what was measured against what, on which sample and window.
 * @example
 * // fixtures/examples: the p90 of 20, 30 and 90 min is 30 + 0.8 × 60 = 78 min
 * const { results, window } = fixture('examples/check-report.json');
 * resultMessage(results[0], window)
 * // 'p90(frt) = 78 min, target <= 60 min (n 3, all; ' +
 * //   'window 2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)'
 */
export function resultMessage(result: CheckResult, window: ReportWindow): string {
  const where = `${result.n === null ? '' : `n ${result.n}, `}${groupText(result)}; window ${windowText(window)}`;
  if (result.status === 'error' || result.status === 'skipped')
    return `${result.check}: ${result.reason ?? result.status} (${where})`;
  const subject = result.check.split(/\s(?:<=|<|>=|>|==|!=)\s/)[0] ?? result.metric;
  return (
    `${subject} = ${formatMeasure(result.value, result.unit)}, target ` +
    `${result.op} ${formatMeasure(result.target, result.unit)} (${where})`
  );
}
