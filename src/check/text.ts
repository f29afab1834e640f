/**
 * Wording shared by the check renderers: figures with their unit, groups, the outcome's headline and
 * one-line messages. Group values come from the data: they are printed with control characters
 * stripped (a line break in a team name must not start a new line on a terminal or in a CI log).
 */
import type { ReportWindow } from '../report/model.js';
import { stripControl } from '../report/text.js';
import type { CheckReport, CheckResult, CheckRunFailure, CheckUnit } from './model.js';

const trim = (value: number, decimals: number) => String(Number(value.toFixed(decimals)));

/**
 * A figure in its unit: `93.5%`, `45 s`, `312.5 min`, `26.25 h`, `37`; `—` for no value.
 * @example formatMeasure(0.935, 'percent') // '93.5%'
 * @example formatMeasure(240, 'minutes') // '240 min'
 */
export function formatMeasure(value: number | null, unit: CheckUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return `${trim(value * 100, 2)}%`;
    case 'seconds':
      return `${trim(value, 2)} s`;
    case 'minutes':
      return `${trim(value, 2)} min`;
    case 'hours':
      return `${trim(value, 2)} h`;
    case 'number':
      return trim(value, 4);
  }
}

/**
 * The judged group: `period=2025-W47, team=Billing`, or `all` for the whole window; control
 * characters of the data stripped.
 * @example groupText({ period: null, group: { team: 'Billing' } }) // 'team=Billing'
 */
export function groupText(result: Pick<CheckResult, 'period' | 'group'>): string {
  const parts = [
    ...(result.period ? [`period=${result.period.label}`] : []),
    ...Object.entries(result.group).map(([k, v]) => `${k}=${v ?? '(none)'}`),
  ];
  return parts.length ? stripControl(parts.join(', ')) : 'all';
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What happened, in full, for the top of the job summary and the table's last line: every kind of
 * result that occurred, worst first; "all N passed" only when nothing else happened, and a gate
 * where nothing was judged says so.
 * @example
 * // fixtures/examples: p90(frt) <= 1h failed, resolution_rate >= 50% passed
 * outcomeHeadline(fixture('examples/check-report.json')) // '1 failed, 1 passed'
 * @example
 * const summary = { total: 5, passed: 0, failed: 3, warned: 1, skipped: 0, errors: 1 };
 * outcomeHeadline({ summary, fail_on: 'error' }) // '3 failed, 1 not computable, 1 warning'
 * @example
 * // every group below min_sample
 * const summary = { total: 4, passed: 0, failed: 0, warned: 0, skipped: 4, errors: 0 };
 * outcomeHeadline({ summary, fail_on: 'error' }) // 'all 4 skipped: nothing was judged'
 */
export function outcomeHeadline(report: Pick<CheckReport, 'summary' | 'fail_on'>): string {
  const s = report.summary;
  if (s.total > 0 && s.passed === s.total) return s.total === 1 ? '1 passed' : `all ${s.total} passed`;
  if (s.total > 0 && s.skipped === s.total) {
    const all = s.total === 1 ? '1 skipped' : `all ${s.total} skipped`;
    return `${all}: nothing was judged${report.fail_on === 'skip' ? ' (fails the run: --fail-on skip)' : ''}`;
  }
  const parts = [
    s.failed > 0 ? `${s.failed} failed` : '',
    s.errors > 0 ? `${s.errors} not computable` : '',
    s.warned > 0 ? plural(s.warned, 'warning') : '',
    s.skipped > 0 ? `${s.skipped} skipped${report.fail_on === 'skip' ? ' (fail the run: --fail-on skip)' : ''}` : '',
    s.passed > 0 ? `${s.passed} passed` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** The clocks of the run's duration results, once each: `durations in calendar time`; empty without durations. */
export function clockText(report: CheckReport): string {
  const clocks = [...new Set(report.results.flatMap((r) => (r.clock === null ? [] : [r.clock])))];
  return clocks.length === 0 ? '' : `durations in ${clocks.join('; ')}`;
}

/**
 * What a result measured against what, without the window (stated once by the caller): `p90(frt) =
 * 312.5 min, target <= 240 min`, or the reason a result was skipped or not computed.
 * @example
 * // fixtures/examples: the p90 of 20, 30 and 90 min is 30 + 0.8 × 60 = 78 min; a rate has no clock
 * fixture('examples/check-report.json').results.map(resultNote)
 * // ['p90(frt) = 78 min in calendar time, target <= 60 min', 'resolution_rate = 50%, target >= 50%']
 */
export function resultNote(result: CheckResult): string {
  if (result.status === 'error' || result.status === 'skipped') {
    const fails = result.status === 'skipped' && result.fails_run ? ' (fails the run: --fail-on skip)' : '';
    return `${result.reason ?? result.status}${fails}`;
  }
  const subject = result.check.split(/\s(?:<=|<|>=|>|==|!=)\s/)[0] ?? result.metric;
  const clock = result.clock === null ? '' : ` in ${result.clock}`;
  const note = result.reason === null ? '' : ` (${result.reason})`;
  return (
    `${subject} = ${formatMeasure(result.value, result.unit)}${clock}, target ` +
    `${result.op} ${formatMeasure(result.target, result.unit)}${note}`
  );
}

/**
 * One line for a result: what was measured against what, on which sample and window.
 * @example
 * // fixtures/examples: the p90 of 20, 30 and 90 min is 30 + 0.8 × 60 = 78 min
 * const { results, window } = fixture('examples/check-report.json');
 * resultMessage(results[0], window)
 * // 'p90(frt) = 78 min in calendar time, target <= 60 min (n 3, all; ' +
 * //   'window 2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)'
 */
export function resultMessage(result: CheckResult, window: ReportWindow): string {
  const where = `${result.n === null ? '' : `n ${result.n}, `}${groupText(result)}; window ${windowText(window)}`;
  if (result.status === 'error' || result.status === 'skipped')
    return `${result.check}: ${resultNote(result)} (${where})`;
  return `${resultNote(result)} (${where})`;
}

/** What kind of stop a run failure's exit code means. */
export const STOP_TEXT: Readonly<Record<CheckRunFailure['exit_code'], string>> = {
  2: 'configuration or usage error',
  3: 'input could not be used',
  4: 'internal error',
};
