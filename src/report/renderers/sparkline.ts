/**
 * One-line trends for the terminal: `▁▂▃▅█` over the periods of a report, one line per headline
 * figure that has a value somewhere, with the first and last values. Shown under the multi-row table when `--period`
 * gives
 * several periods and there is no `--by` (with groups, one line per figure would mix them).
 */
import { cellValue } from '../flatten.js';
import type { Report } from '../model.js';
import { formatFigure, NO_VALUE } from '../text.js';

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of `values`: each scaled between the min and max to one of 8 bars; a gap (space) for
 * null; the middle bar for all-equal values.
 * @example sparkline([1, 2, 3, 4, 5, 6, 7, 8]) // '▁▂▃▄▅▆▇█'
 * @example sparkline([5, null, 5]) // '▄ ▄'
 */
export function sparkline(values: readonly (number | null)[]): string {
  // A loop, not Math.min(...values): spreading more than ~120k arguments overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return values.map(() => ' ').join('');
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max === min) return BARS[3];
      return BARS[Math.min(7, Math.floor(((v - min) / (max - min)) * 8))];
    })
    .join('');
}

/**
 * `label  ▁▃█  first → last` per headline column, labels padded to one width; empty when the report
 * has one period or groups.
 * @example
 * // fixtures/examples per day, Monday to Thursday: one ticket a day; the first two resolved, the others not
 * const lines = trendLines(fixture('examples/report-daily.json'));
 * [lines[0], lines.find((line) => line.startsWith('Resolution rate'))].map((line) => line.split(/ {2,}/))
 * // [['Created', '▄▄▄▄', '1 → 1'], ['Resolution rate %', '██▁▁', '100.0% (1/1) → 0.0% (0/1)']]
 */
export function trendLines(report: Report): string[] {
  if (report.window.period === null || report.window.by.length > 0 || report.rows.length < 2) return [];
  // Figures without a value in any period (unavailable metrics) are left out: the footer gives the reason.
  const specs = report.columns.filter(
    (s) => s.headline && report.rows.some((row) => cellValue(row.metrics[s.metric], s) !== null),
  );
  const width = Math.max(0, ...specs.map((s) => [...s.label].length));
  return specs.map((spec) => {
    const values = report.rows.map((row) => cellValue(row.metrics[spec.metric], spec));
    const first = report.rows[0];
    const last = report.rows.at(-1);
    const ends =
      `${first ? formatFigure(first.metrics[spec.metric], spec) : NO_VALUE} ` +
      `→ ${last ? formatFigure(last.metrics[spec.metric], spec) : NO_VALUE}`;
    return `${spec.label.padEnd(width)}  ${sparkline(values)}  ${ends}`;
  });
}
