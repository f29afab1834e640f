/**
 * The terminal table, the default output on a TTY. One report row: every metric in a "Metric |
 * Value" list. Several rows: one line per period and group with the headline figures. Color is an
 * option decided by the CLI (TTY, NO_COLOR, --no-color); nothing here looks at the environment.
 */

import { assumptionLines } from '../assumptions.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ColumnSpec, MetricValue, Report, ReportRow } from '../model.js';
import { describeProcess } from '../../metrics/events/process.js';
import {
  drawGrid,
  gridCell,
  gridWidth,
  naturalWidths,
  stackCells,
  type GridCell,
  type Paint,
  wrapText,
} from './grid.js';
import { trendLines } from './sparkline.js';
import {
  describeRun,
  type Fact,
  formatChange,
  formatCount,
  formatDuration,
  formatFigure,
  formatGroupValue,
  formatNumber,
  formatRate,
  listUnavailable,
  shownHeadlines,
  NO_VALUE,
  stripControl,
} from '../text.js';

export interface TableOptions {
  /** Emit ANSI colors (bold headers, dimmed notes). */
  color: boolean;
  /**
   * Terminal width in columns. When given and the table is wider, it is laid out to fit: headline
   * figures as rows and periods/groups as columns, wrapped headers, or blocks of columns.
   */
  width?: number;
}

interface Style {
  chalk: ChalkInstance;
  width: number | undefined;
}

/** A cell of `text`, sanitized before any color is added, so that data can never inject escapes. */
function cell(text: string, paint?: Paint, align?: 'right'): GridCell {
  return gridCell(stripControl(text), paint, align);
}

/** Facts joined by ` · `, broken into several lines between facts when longer than `width`. */
function factLines(facts: Fact[], width: number | undefined): string[] {
  const lines: string[] = [];
  for (const fact of facts) {
    const text = `${fact.label}: ${stripControl(fact.value)}`;
    const last = lines.at(-1);
    if (last !== undefined && (width === undefined || [...last].length + 3 + [...text].length <= width)) {
      lines[lines.length - 1] = `${last} · ${text}`;
    } else {
      lines.push(text);
    }
  }
  return lines;
}

function header(report: Report, style: Style): string[] {
  const run = describeRun(report);
  return [...factLines(run.window, style.width), ...factLines(run.definitions, style.width)].map((line) =>
    style.chalk.dim(line),
  );
}

/** The metrics this input cannot give (once each, with the reason), then the input accounting. */
function footer(report: Report, style: Style): string[] {
  const { input } = report;
  const skipped =
    input.skipped.outside_period +
    input.skipped.duplicate +
    input.skipped.blank +
    (input.skipped.folded ?? 0) +
    (input.skipped.deleted ?? 0);
  const reasons = listUnavailable(report).map(
    ({ metrics, reason }) => `${NO_VALUE} ${metrics.map(stripControl).join(', ')}: ${stripControl(reason)}`,
  );
  const accounting = factLines(
    [
      { label: 'Input', value: `${formatCount(input.read)} rows read` },
      { label: 'used', value: formatCount(input.used) },
      { label: 'skipped', value: formatCount(skipped) },
      { label: 'rejected', value: formatCount(input.rejected) },
      { label: 'nulled', value: formatCount(input.nulled) },
    ],
    style.width,
  );
  // A long list of metrics wraps to the terminal, its later lines indented.
  const wrapped = reasons.flatMap((line) =>
    style.width === undefined
      ? [line]
      : wrapText(line, style.width - 2).map((part, k) => (k === 0 ? part : `  ${part}`)),
  );
  const assumptions =
    report.assumptions === undefined
      ? []
      : ['Assumptions:', ...assumptionLines(report.assumptions).map((line) => `  ${stripControl(line)}`)];
  return [...wrapped, ...processLines(report), ...accounting, ...assumptions].map((line) => style.chalk.dim(line));
}

/** Event input only: a short process block, the top 3 paths and bottlenecks (all of them in JSON and Markdown). */
function processLines(report: Report): string[] {
  const process = report.process;
  if (process === undefined) return [];
  const hours = (value: number | null) => (value === null ? NO_VALUE : `${formatNumber(value, 1)} h`);
  return [
    `Process: ${formatCount(process.cases)} cases, ` +
      `${formatCount(process.open_cases)} open, ${formatCount(process.events)} events`,
    `  (${stripControl(describeProcess(process))})`,
    ...process.paths
      .slice(0, 3)
      .map(
        (p) =>
          `  path ${stripControl(p.path.join(' → '))}: ` +
          `${formatCount(p.cases)} cases, median ${hours(p.median_duration_h)}`,
      ),
    ...process.bottlenecks
      .slice(0, 3)
      .map(
        (b) =>
          `  wait ${stripControl(b.from)} → ${stripControl(b.to)}: median ` +
          `${hours(b.median_h)}, p90 ${hours(b.p90_h)} (n ${formatCount(b.n)}, ${formatCount(b.cases)} cases)`,
      ),
  ];
}

/**
 * A whole metric on one line: durations as `median 42.0 min · p90 3.1 h · mean 50.2 min · n 37`,
 * rates as `72.5% (29/40)`, counts as integers, totals as `sum 12 · mean 0.30 · n 40`, unavailable
 * metrics as `— (reason)`.
 */
function formatMetric(value: MetricValue | undefined): string {
  switch (value?.kind) {
    case undefined:
      return NO_VALUE;
    case 'duration':
      if (value.n === 0) return `${NO_VALUE} (n 0)`;
      return [
        `median ${formatDuration(value.median, value.unit)}`,
        `p90 ${formatDuration(value.p90, value.unit)}`,
        `mean ${formatDuration(value.mean, value.unit)}`,
        `n ${formatCount(value.n)}`,
      ].join(' · ');
    case 'rate':
      return formatRate(value);
    case 'count':
      return formatCount(value.value);
    case 'total':
      return [
        `sum ${formatCount(value.sum)}`,
        `mean ${value.mean === null ? NO_VALUE : formatNumber(value.mean, 2)}`,
        // A total that states its distribution (a count column, a score) shows its median and maximum too.
        ...(value.median === undefined || value.median === null || value.max === undefined || value.max === null
          ? []
          : [`median ${formatNumber(value.median, 2)}`, `max ${formatNumber(value.max, 2)}`]),
        `n ${formatCount(value.n)}`,
      ].join(' · ');
    case 'unavailable':
      return `${NO_VALUE} (${value.reason})`;
  }
}

/** Metric ids in column order, then any metric of the row that has no column; unavailable ones left out. */
function metricOrder(report: Report, row: ReportRow): string[] {
  return [...new Set([...report.columns.map((spec) => spec.metric), ...Object.keys(row.metrics)])].filter(
    (metric) => row.metrics[metric]?.kind !== 'unavailable',
  );
}

/** Changes of a metric's headline figures; each prefixed with its figure when there are several. */
function metricChange(report: Report, row: ReportRow, metric: string): string {
  const specs = report.columns.filter((spec) => spec.metric === metric && spec.headline);
  const changes = specs.flatMap((spec) => {
    const change = formatChange(row.metrics[metric], row.previous?.metrics[metric], spec);
    if (change === null) return [];
    return [specs.length > 1 ? `${spec.figure} ${change}` : change];
  });
  return changes.join(' · ');
}

/**
 * One row: a "Metric | Value [| Change]" list; metrics unavailable for this input are left to the
 * footer. Too wide for the terminal: the Value column wraps to what the others leave.
 */
function singleRowTable(report: Report, row: ReportRow, style: Style): string[] {
  const { chalk } = style;
  const compare = report.window.compare === 'previous';
  const head = [
    cell('Metric', chalk.bold),
    cell('Value', chalk.bold),
    ...(compare ? [cell('Change', chalk.bold)] : []),
  ];
  const body = metricOrder(report, row).map((metric) => [
    cell(metric),
    cell(formatMetric(row.metrics[metric]), row.metrics[metric] === undefined ? chalk.dim : undefined),
    ...(compare ? [cell(metricChange(report, row, metric))] : []),
  ]);
  const widths = naturalWidths(head, body);
  if (style.width === undefined || gridWidth(widths) <= style.width) return drawGrid(head, body);
  const others = gridWidth(widths) - (widths[1] as number);
  const valueWidth = style.width - others;
  if (valueWidth < 24) return drawGrid(head, body);
  return drawGrid(head, body, { widths: widths.map((w, c) => (c === 1 ? valueWidth : w)), separators: true });
}

/** A laid-out table: its header and body cells, and how many leading columns say what a row is. */
interface Layout {
  head: GridCell[];
  body: GridCell[][];
  keys: number;
}

/** A headline figure of a row, with its change under it when the report compares. */
function figureCell(report: Report, row: ReportRow, spec: ColumnSpec, style: Style): GridCell {
  const value = row.metrics[spec.metric];
  const paint = value === undefined || value.kind === 'unavailable' ? style.chalk.dim : undefined;
  const figure = cell(formatFigure(value, spec), paint, 'right');
  if (report.window.compare !== 'previous') return figure;
  const change = formatChange(value, row.previous?.metrics[spec.metric], spec);
  return change === null ? figure : stackCells(figure, cell(change, style.chalk.dim));
}

/** A header cell, its words one per line when `wrap`. */
function headCell(label: string, style: Style, wrap: boolean): GridCell {
  const clean = stripControl(label);
  return gridCell(wrap ? clean.split(' ').join('\n') : clean, style.chalk.bold);
}

/** Rows as report rows: one line per period and group, a column per headline figure. */
function wideLayout(report: Report, headline: readonly ColumnSpec[], style: Style, wrap: boolean): Layout {
  const by = report.window.by;
  const head = ['Period', ...by, ...headline.map((spec) => spec.label)].map((label) => headCell(label, style, wrap));
  const body = report.rows.map((row) => [
    cell(row.period.label),
    ...by.map((dimension) => {
      const value = row.group[dimension];
      return cell(formatGroupValue(value), value === null || value === undefined ? style.chalk.dim : undefined);
    }),
    ...headline.map((spec) => figureCell(report, row, spec, style)),
  ]);
  return { head, body, keys: 1 + by.length };
}

/** Transposed: a line per headline figure, a column per period and group (named on the header's lines). */
function tallLayout(report: Report, headline: readonly ColumnSpec[], style: Style): Layout {
  const periods = new Set(report.rows.map((row) => row.period.label)).size;
  const only = report.rows[0]?.period.label ?? '';
  const head = [
    // One period and groups: the period names the first column, the groups the others.
    cell(periods === 1 && report.window.by.length > 0 ? only : 'Metric', style.chalk.bold),
    ...report.rows.map((row) => {
      const names = [
        ...(periods > 1 || report.window.by.length === 0 ? [row.period.label] : []),
        ...report.window.by.map((dimension) => formatGroupValue(row.group[dimension])),
      ];
      return gridCell(names.map(stripControl).join('\n'), style.chalk.bold, 'right');
    }),
  ];
  const body = headline.map((spec) => [
    cell(spec.label),
    ...report.rows.map((row) => figureCell(report, row, spec, style)),
  ]);
  return { head, body, keys: 1 };
}

/**
 * A layout cut into blocks of columns that each fit `width`, the key columns repeated in each; at
 * least one other column per block, even if that block is wider.
 */
function blocks(layout: Layout, width: number): number[][] {
  const widths = naturalWidths(layout.head, layout.body);
  const keyColumns = Array.from({ length: layout.keys }, (_, c) => c);
  const keyWidth = gridWidth(widths.slice(0, layout.keys));
  const result: number[][] = [];
  let current: number[] = [];
  let used = keyWidth;
  for (let c = layout.keys; c < widths.length; c++) {
    const w = (widths[c] as number) + 3;
    if (current.length > 0 && used + w > width) {
      result.push([...keyColumns, ...current]);
      current = [];
      used = keyWidth;
    }
    current.push(c);
    used += w;
  }
  if (current.length > 0 || result.length === 0) result.push([...keyColumns, ...current]);
  return result;
}

function drawBlocks(layout: Layout, columns: readonly number[][]): string[] {
  const lines: string[] = [];
  for (const [b, block] of columns.entries()) {
    if (b > 0) lines.push('');
    const head = block.map((c) => layout.head[c] as GridCell);
    const body = layout.body.map((row) => block.map((c) => row[c] as GridCell));
    lines.push(...drawGrid(head, body));
  }
  return lines;
}

/**
 * Several rows. The first that fits the terminal: a line per period and group with a column per
 * headline figure; transposed (a line per figure, a column per period and group); the same with
 * headers wrapped one word per line; else the layout that needs fewer blocks of columns, each block
 * repeating the columns that name a row. Every width is measured once: linear in the cells.
 */
function multiRowTable(report: Report, headline: readonly ColumnSpec[], style: Style): string[] {
  const wide = wideLayout(report, headline, style, false);
  const width = style.width;
  const fits = (layout: Layout) => width === undefined || gridWidth(naturalWidths(layout.head, layout.body)) <= width;
  if (width === undefined || fits(wide)) return drawGrid(wide.head, wide.body);
  const tall = tallLayout(report, headline, style);
  if (fits(tall)) return drawGrid(tall.head, tall.body);
  const wrapped = wideLayout(report, headline, style, true);
  if (fits(wrapped)) return drawGrid(wrapped.head, wrapped.body);
  const wideBlocks = blocks(wrapped, width);
  const tallBlocks = blocks(tall, width);
  return tallBlocks.length < wideBlocks.length ? drawBlocks(tall, tallBlocks) : drawBlocks(wrapped, wideBlocks);
}

/**
 * The report as a terminal table, with a dimmed header (window, zones, definitions) and footer
 * (metrics this input cannot give, once each with the reason; the input accounting).
 *
 * - Exactly one report row: a "Metric | Value" table, durations as
 *   `median 42.0 min · p90 3.1 h · mean 50.2 min · n 37`, rates as `72.5% (29/40)`; with
 *   `--compare previous` a "Change" column (`▲ +3.2 pp`, `▼ -12%`).
 * - Several rows: the headline figures per period and group, laid out to fit `width` (see
 *   `multiRowTable`); with `--compare previous` the change under each figure.
 *
 * Every cell is stripped of control characters and escape sequences (`stripControl`); ANSI codes
 * appear only when `color` is true. Linear in the number of cells. Ends with a newline.
 *
 * @example
 * // the header lines of fixtures/examples by team
 * renderTable(fixture('examples/report.json'), { color: false }).split('\n').slice(0, 2)
 * // ['Window: 2025-11-17T00:00:00+00:00 → 2025-11-24T00:00:00+00:00 (as of 2025-11-24T00:00:00+00:00) · ' +
 * //   'Zone: UTC · By: team', 'FCR: fcr.one_touch_no_reopen · Resolution rate: cohort · Repeat window: 7 days']
 */
export function renderTable(report: Report, options: TableOptions): string {
  const style: Style = { chalk: new Chalk({ level: options.color ? 1 : 0 }), width: options.width };
  const [only, ...others] = report.rows;
  if (only === undefined) {
    const lines = [...header(report, style), '', 'No tickets in the window.', ...footer(report, style)];
    return `${lines.join('\n')}\n`;
  }
  if (others.length > 0) {
    const trends = trendLines(report).map((line) => stripControl(line));
    const trend = trends.length > 0 ? ['', style.chalk.bold('Trend'), ...trends] : [];
    const lines = [
      ...header(report, style),
      '',
      ...multiRowTable(report, shownHeadlines(report), style),
      ...trend,
      ...footer(report, style),
    ];
    return `${lines.join('\n')}\n`;
  }
  const title = [
    only.period.label,
    ...report.window.by.map((dimension) => `${dimension}: ${formatGroupValue(only.group[dimension])}`),
  ];
  const body = [style.chalk.bold(stripControl(title.join(' · '))), ...singleRowTable(report, only, style)];
  return `${[...header(report, style), '', ...body, ...footer(report, style)].join('\n')}\n`;
}
