/**
 * Flattening of the report model into cells: one number per (row, ColumnSpec). Shared by the CSV/TSV
 * writer (machine figures, in the unit named by the column key) and the human renderers (which read
 * raw figures through `figureOf` and format them with `text.ts`).
 */

import type { ColumnSpec, MetricValue, Report } from './model.js';

type Figure = ColumnSpec['figure'];
type DurationFigure = 'n' | 'mean' | 'median' | 'p90' | 'p95' | 'min' | 'max';
/** A total's figures; the order statistics only in totals that state them (`stats`). */
type TotalFigure = 'n' | 'sum' | 'mean' | 'median' | 'p90' | 'p95' | 'min' | 'max';

const DURATION_FIGURES: ReadonlySet<Figure> = new Set<DurationFigure>([
  'n',
  'mean',
  'median',
  'p90',
  'p95',
  'min',
  'max',
]);
const TOTAL_FIGURES: ReadonlySet<Figure> = new Set<TotalFigure>([
  'n',
  'sum',
  'mean',
  'median',
  'p90',
  'p95',
  'min',
  'max',
]);

/** Leading CSV columns, before the `--by` dimensions and the metric figures. */
export const LEADING_KEYS = ['period', 'period_start', 'period_end'] as const;

/** A cell of `tableRows`: text, a finite number, or null for "no value" (an empty cell). */
export type TableCell = string | number | null;

/** Non-finite numbers never reach an output: they become "no value". */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * The raw figure of a metric value, in the metric's own unit, without percent scaling.
 *
 * Null when the value is missing or unavailable, when the figure itself is null (a duration median
 * over zero tickets), or when the kind has no such figure (`median` of a count). The last case is a
 * column/metric mismatch; it renders as an empty cell instead of aborting the whole report.
 *
 * @example figureOf({ kind: 'rate', numerator: 29, denominator: 40, value: 0.725 }, 'numerator') // 29
 */
export function figureOf(value: MetricValue | undefined, figure: Figure): number | null {
  if (value === undefined) return null;
  switch (value.kind) {
    case 'duration':
      return DURATION_FIGURES.has(figure) ? finiteOrNull(value[figure as DurationFigure]) : null;
    case 'rate':
      if (figure === 'value') return finiteOrNull(value.value);
      if (figure === 'numerator') return finiteOrNull(value.numerator);
      return figure === 'denominator' ? finiteOrNull(value.denominator) : null;
    case 'count':
      return figure === 'value' ? finiteOrNull(value.value) : null;
    case 'total':
      return TOTAL_FIGURES.has(figure) ? finiteOrNull(value[figure as TotalFigure] ?? null) : null;
    case 'unavailable':
      return null;
  }
}

/**
 * True when the column holds a percentage (a rate's `value` with `percent` set); its cells are
 * value * 100 and its changes are in percentage points.
 */
export function isPercentColumn(spec: ColumnSpec): boolean {
  return spec.percent && spec.figure === 'value';
}

/**
 * The number written in the column `spec` for one metric value: the figure named by `spec.figure`,
 * in the unit named by the column key (durations keep the metric's unit, minutes or hours), rates
 * with `percent` as value * 100, numerators/denominators/counts as they are. Null (an empty cell)
 * for a missing or unavailable metric and for figures that do not exist (median over zero tickets).
 * Never NaN or Infinity.
 *
 * @example
 * const resolutionRatePct = fixture('examples/report.json').columns.find((c) => c.key === 'resolution_rate_pct');
 * cellValue({ kind: 'rate', numerator: 29, denominator: 40, value: 0.725 }, resolutionRatePct) // 72.5
 * @example
 * const frtMedianMin = fixture('examples/report.json').columns.find((c) => c.key === 'frt_median_min');
 * cellValue({ kind: 'unavailable', reason: 'no reply column' }, frtMedianMin) // null
 */
export function cellValue(value: MetricValue | undefined, spec: ColumnSpec): number | null {
  const figure = figureOf(value, spec.figure);
  if (figure === null) return null;
  return isPercentColumn(spec) ? figure * 100 : figure;
}

/**
 * The change from `previous` to `current`, two cells of the column `spec` (as `cellValue` returns them).
 *
 * One rule, chosen by the column's unit so that the number is never ambiguous:
 * - percentage columns (`isPercentColumn`): absolute change in percentage points, `current - previous`
 *   (a resolution rate going from 70% to 73.2% is +3.2 pp, not +4.6%);
 * - every other column (durations, counts, sums, means, numerators): relative change in percent,
 *   `(current - previous) / |previous| * 100`, null when `previous` is 0.
 * Null when either side is null.
 *
 * @example
 * // percentage points, up to binary rounding (73.2 - 70 = 3.2000000000000028)
 * const resolutionRatePct = fixture('examples/report.json').columns.find((c) => c.key === 'resolution_rate_pct');
 * Number(changeValue(73.2, 70, resolutionRatePct).toFixed(10)) // 3.2
 * @example
 * // relative change in percent: (30 - 40) / 40 × 100
 * const frtMedianMin = fixture('examples/report.json').columns.find((c) => c.key === 'frt_median_min');
 * changeValue(30, 40, frtMedianMin) // -25
 */
export function changeValue(current: number | null, previous: number | null, spec: ColumnSpec): number | null {
  if (current === null || previous === null) return null;
  if (isPercentColumn(spec)) return finiteOrNull(current - previous);
  if (previous === 0) return null;
  return finiteOrNull(((current - previous) / Math.abs(previous)) * 100);
}

/**
 * Column name of the change of `spec` against the previous window; the suffix carries the unit:
 * `_change_pp` (percentage points) for percentage columns, `_change_pct` (relative %) otherwise.
 *
 * @example
 * const resolutionRatePct = fixture('examples/report.json').columns.find((c) => c.key === 'resolution_rate_pct');
 * changeKey(resolutionRatePct) // 'resolution_rate_pct_change_pp'
 * @example
 * const frtMedianMin = fixture('examples/report.json').columns.find((c) => c.key === 'frt_median_min');
 * changeKey(frtMedianMin) // 'frt_median_min_change_pct'
 */
export function changeKey(spec: ColumnSpec): string {
  return `${spec.key}_change_${isPercentColumn(spec) ? 'pp' : 'pct'}`;
}

/** Column name of the previous window's figure of `spec`: `<key>_prev`. */
export function previousKey(spec: ColumnSpec): string {
  return `${spec.key}_prev`;
}

export interface TableRowsOptions {
  /** The metric columns to write (default: all of `report.columns`). */
  columns?: readonly ColumnSpec[];
  /** Period bounds as wall time in the report zone without the offset (`2025-11-17 00:00:00`). */
  wallTime?: boolean;
}

/**
 * An ISO 8601 instant with an offset as the wall time it names, without the offset: what Excel reads
 * as a date and time. The report's instants are already in the report zone.
 * @example wallTime('2025-11-17T00:00:00-05:00') // '2025-11-17 00:00:00'
 */
export function wallTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  if (match === null) return iso;
  const time = match[2] as string;
  return `${match[1]} ${time.length === 5 ? `${time}:00` : time}`;
}

/**
 * The report as a rectangular table, for CSV/TSV.
 *
 * Columns, in order:
 * 1. `period` (label), `period_start`, `period_end` (ISO 8601 with the report zone's offset);
 * 2. one column per `--by` dimension, named as given, the group value or null (an empty cell);
 * 3. every `report.columns` key (`cellValue`); with `window.compare === 'previous'`, each headline
 *    column is followed by `<key>_prev` and `<key>_change_pp` or `<key>_change_pct` (see
 *    `changeValue` for the rule).
 *
 * @example
 * // fixtures/examples by team, as if compared with the previous window: `created` is a headline column
 * const report = fixture('examples/report.json');
 * tableRows({ ...report, window: { ...report.window, compare: 'previous' } }).keys.slice(0, 8)
 * // ['period', 'period_start', 'period_end', 'team', 'created', 'created_prev', 'created_change_pct', 'frt_n']
 */
export function tableRows(report: Report, options: TableRowsOptions = {}): { keys: string[]; rows: TableCell[][] } {
  const compare = report.window.compare === 'previous';
  const columns = options.columns ?? report.columns;
  const instant = options.wallTime === true ? wallTime : (text: string) => text;
  const keys: string[] = [...LEADING_KEYS, ...report.window.by];
  for (const spec of columns) {
    keys.push(spec.key);
    if (compare && spec.headline) keys.push(previousKey(spec), changeKey(spec));
  }

  const rows = report.rows.map((row) => {
    const cells: TableCell[] = [row.period.label, instant(row.period.start), instant(row.period.end)];
    for (const dimension of report.window.by) cells.push(row.group[dimension] ?? null);
    for (const spec of columns) {
      const current = cellValue(row.metrics[spec.metric], spec);
      cells.push(current);
      if (compare && spec.headline) {
        const previous = cellValue(row.previous?.metrics[spec.metric], spec);
        cells.push(previous, changeValue(current, previous, spec));
      }
    }
    return cells;
  });
  return { keys, rows };
}
