/**
 * The check results as an aligned text table with a summary line (stdout, default format). Color is
 * an option decided by the CLI; nothing here looks at the environment.
 */
import { Chalk } from 'chalk';
import { stripControl } from '../report/text.js';
import type { CheckReport } from './model.js';
import { clockText, formatMeasure, groupText, outcomeHeadline, resultNote, verdictText, windowText } from './text.js';

export interface CheckTableOptions {
  color: boolean;
}

/**
 * @example
 * // fixtures/examples: columns as wide as their widest cell, two spaces apart, trailing blanks cut; then the outcome
 * renderCheckTable(fixture('examples/check-report.json'), { color: false }).split('\n')
 * // ['verdict  check                   group  value   target     n  note',
 * //  'FAIL     p90(frt) <= 1h          all    78 min  <= 60 min  3',
 * //  'PASS     resolution_rate >= 50%  all    50%     >= 50%     4',
 * //  '',
 * //  '1 failed, 1 passed (2 results); window 2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, ' +
 * //    'as of 2025-11-24T00:00:00+00:00; durations in calendar time; exit 1',
 * //  '']
 */
export function renderCheckTable(report: CheckReport, options: CheckTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<string, (s: string) => string> = {
    PASS: chalk.green,
    FAIL: chalk.red.bold,
    WARN: chalk.yellow,
    SKIP: chalk.dim,
    ERROR: chalk.magenta.bold,
  };
  const header = ['verdict', 'check', 'group', 'value', 'target', 'n', 'note'];
  // Cells echo group values of the data (and the reasons quote them): no control character may
  // reach the terminal or a CI log, where a line break could start a workflow command.
  const rows = report.results.map((r) =>
    [
      verdictText(r),
      r.check,
      groupText(r),
      formatMeasure(r.value, r.unit),
      `${r.op} ${formatMeasure(r.target, r.unit)}${r.severity === 'warning' ? ' (warning)' : ''}`,
      r.n === null ? '—' : String(r.n),
      r.status === 'error' || r.status === 'skipped' ? resultNote(r) : (r.reason ?? ''),
    ].map(stripControl),
  );
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => (row[k] as string).length)));
  const line = (cells: string[], color: (s: string) => string = (s) => s) =>
    cells
      .map((cell, k) => (k === 0 ? color(cell.padEnd(widths[k] as number)) : cell.padEnd(widths[k] as number)))
      .join('  ')
      .trimEnd();
  const s = report.summary;
  const clock = clockText(report);
  const lines = [
    chalk.bold(line(header)),
    ...rows.map((row) => line(row, paint[row[0] as string])),
    '',
    `${outcomeHeadline(report)} (${s.total} result${s.total === 1 ? '' : 's'}); ` +
      `window ${windowText(report.window)}${clock === '' ? '' : `; ${clock}`}; exit ${report.exit_code}`,
  ];
  return `${lines.join('\n')}\n`;
}
