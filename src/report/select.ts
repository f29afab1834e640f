/**
 * What a rendering shows of a report: the metrics named by `--metrics`, and the columns this input
 * can fill. Pure: a report in, a narrower view of it out (the report itself is never changed).
 */
import { usageError } from '../errors.js';
import { mainColumn } from './meaning.js';
import type { ColumnSpec, MetricValue, Report, ReportRow } from './model.js';

/** Metric ids of the report, in column order. */
export function metricIds(report: Report): string[] {
  return [...new Set(report.columns.map((spec) => spec.metric))];
}

function pick(metrics: Record<string, MetricValue>, ids: readonly string[]): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const id of ids) {
    const value = metrics[id];
    if (value !== undefined) out[id] = value;
  }
  return out;
}

function pickRow(row: ReportRow, ids: readonly string[]): ReportRow {
  const picked: ReportRow = { ...row, metrics: pick(row.metrics, ids) };
  if (row.previous !== undefined) picked.previous = { ...row.previous, metrics: pick(row.previous.metrics, ids) };
  return picked;
}

/**
 * The report narrowed to the metrics `names` names, in that order: each name is a metric id (`frt`)
 * or a prefix ending in `.*` (`sla.*`, `complaints.*`). A metric without a headline figure gets its
 * main one (median, value, mean) as headline, so that a table of headline figures shows it.
 * A name that matches nothing is a usage error listing the report's metric ids.
 *
 * @example
 * const narrowed = selectMetrics(fixture('examples/report.json'), ['fcr', 'frt']);
 * [...new Set(narrowed.columns.map((c) => c.metric))] // ['fcr', 'frt']
 */
export function selectMetrics(report: Report, names: readonly string[]): Report {
  const all = metricIds(report);
  const chosen: string[] = [];
  for (const name of names) {
    const matches = name.endsWith('.*')
      ? all.filter((id) => id.startsWith(name.slice(0, -1)))
      : all.filter((id) => id === name);
    if (matches.length === 0) {
      throw usageError('unknown_metric', `--metrics ${name}: no such metric in this report`, {
        where: '--metrics',
        hint: `The report's metrics: ${all.join(', ')} (or a prefix such as sla.*).`,
      });
    }
    for (const id of matches) if (!chosen.includes(id)) chosen.push(id);
  }
  const columns: ColumnSpec[] = [];
  for (const id of chosen) {
    const specs = report.columns.filter((spec) => spec.metric === id);
    const main = mainColumn(report, id);
    for (const spec of specs) columns.push(spec === main && !spec.headline ? { ...spec, headline: true } : spec);
  }
  const narrowed: Report = { ...report, columns, rows: report.rows.map((row) => pickRow(row, chosen)) };
  if (report.totals !== undefined) {
    narrowed.totals = {
      window: pickRow(report.totals.window, chosen),
      ...(report.totals.periods ? { periods: report.totals.periods.map((row) => pickRow(row, chosen)) } : {}),
      ...(report.totals.groups ? { groups: report.totals.groups.map((row) => pickRow(row, chosen)) } : {}),
    };
  }
  return narrowed;
}

/**
 * The metrics this input can never fill: unavailable in every row (the reason is the input's, e.g.
 * "needs event data", so it is the same in every row). None when the report has no rows, as nothing
 * then tells.
 */
export function neverFilled(report: Report): Set<string> {
  const never = new Set<string>();
  const [first] = report.rows;
  if (first === undefined) return never;
  for (const id of metricIds(report)) {
    const has = (value: MetricValue | undefined) => value !== undefined && value.kind !== 'unavailable';
    const unavailable = (row: ReportRow) => row.metrics[id]?.kind === 'unavailable' && !has(row.previous?.metrics[id]);
    if (report.rows.every(unavailable)) never.add(id);
  }
  return never;
}

/**
 * The columns a table file (CSV, TSV, XLSX) writes: all of them with `allColumns` (the stable schema
 * of the report kind, for scripts), else those of metrics this input can fill.
 */
export function writtenColumns(report: Report, allColumns: boolean): ColumnSpec[] {
  if (allColumns) return report.columns;
  const never = neverFilled(report);
  return report.columns.filter((spec) => !never.has(spec.metric));
}
