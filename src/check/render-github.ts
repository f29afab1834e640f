/**
 * GitHub Actions outputs: workflow-command annotations (printed on stderr by the CLI when
 * GITHUB_ACTIONS=true) and a Markdown job summary (appended to $GITHUB_STEP_SUMMARY).
 */
import { escapeMarkdown } from '../report/renderers/markdown.js';
import type { CheckReport, CheckResult } from './model.js';
import { formatMeasure, groupText, resultMessage, verdictText, windowText } from './text.js';

/**
 * Escapes a workflow-command message the way the runner decodes it: `%`, CR and LF.
 * @example escapeData('50% done\n') // '50%25 done%0A'
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a workflow-command property value: as `escapeData`, plus `:` and `,` (they delimit properties).
 * @example escapeProperty('p90(frt) <= 4h [team=A, b]') // 'p90(frt) <= 4h [team=A%2C b]'
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One annotation per result that failed, warned or could not be computed (passes and skips stay
 * quiet): `::error title=…::message` when it fails the run, `::warning title=…::message` otherwise.
 * @example
 * // fixtures/examples: p90(frt) <= 1h failed (78 min), resolution_rate >= 50% passed (stays quiet)
 * githubAnnotations(fixture('examples/check-report.json'))
 * // ['::error title=opsmetrics check failed%3A p90(frt) <= 1h::p90(frt) = 78 min, target <= 60 min (n 3, all; ' +
 * //   'window 2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)']
 */
export function githubAnnotations(report: CheckReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.status === 'pass' || r.status === 'skipped') continue;
    const level = r.fails_run ? 'error' : 'warning';
    const what = r.status === 'error' ? 'could not be computed' : r.fails_run ? 'failed' : 'warning';
    const title = escapeProperty(`opsmetrics check ${what}: ${r.name}`);
    lines.push(`::${level} title=${title}::${escapeData(resultMessage(r, report.window))}`);
  }
  return lines;
}

const cell = (text: string) => escapeMarkdown(text);

/**
 * The job summary: a headline with the outcome and a table of every result.
 * @example
 * // the headline and the row of the check that passed (Markdown punctuation escaped)
 * const lines = renderCheckMarkdown(fixture('examples/check-report.json')).split('\n');
 * [lines[0], lines[7]]
 * // ['### opsmetrics check: 1 failed', '| PASS | resolution\\_rate \\>= 50% | all | 50% | \\>= 50% | 4 |  |']
 */
export function renderCheckMarkdown(report: CheckReport): string {
  const s = report.summary;
  const outcome =
    report.exit_code === 3
      ? `${s.errors} not computable`
      : report.exit_code === 1
        ? `${s.failed} failed`
        : 'all passed';
  const rows = report.results.map(
    (r: CheckResult) =>
      `| ${verdictText(r)} | ${cell(r.check)} | ${cell(groupText(r))} | ${cell(formatMeasure(r.value, r.unit))} | ` +
      `${cell(`${r.op} ${formatMeasure(r.target, r.unit)}`)} | ${r.n ?? '—'} | ` +
      `${cell(r.reason ?? (r.status === 'fail' ? resultMessage(r, report.window) : ''))} |`,
  );
  return [
    `### opsmetrics check: ${outcome}`,
    '',
    `${s.total} results: ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ` +
      `${s.skipped} skipped, ${s.errors} not computable. Window: ${cell(windowText(report.window))}.`,
    '',
    '| verdict | check | group | value | target | n | note |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
