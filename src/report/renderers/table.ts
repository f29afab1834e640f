/**
 * The terminal table, the default output on a TTY. One report row: every metric in a "Metric |
 * Value" list. Several rows: one line per period and group with the headline figures. Color is an
 * option decided by the CLI (TTY, NO_COLOR, --no-color); nothing here looks at the environment.
 */

import { assumptionLines } from '../assumptions.js';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { ColumnSpec, MetricValue, Report, ReportRow } from '../model.js';
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
  /** Terminal width in columns. When given and the table is wider, headers or long values are wrapped. */
  width?: number;
}

type Cell = { content: string; hAlign?: 'left' | 'right' };

interface Style {
  chalk: ChalkInstance;
  width: number | undefined;
}

/** A cell of `text`, sanitized before any color is added, so that data can never inject escapes. */
function cell(text: string, paint: (text: string) => string = (text) => text, hAlign?: 'right'): Cell {
  const content = paint(stripControl(text));
  return hAlign === undefined ? { content } : { content, hAlign };
}

/** Cells shown as the lines of one cell, aligned like the first. */
function stack(first: Cell, ...rest: Cell[]): Cell {
  return { ...first, content: [first, ...rest].map((part) => part.content).join('\n') };
}

/**
 * A cli-table3 table. Its own head/border colors are off: chalk, at the level the caller chose, does
 * all coloring. `compact` drops the rule between body rows, kept only when cells span several lines.
 */
function newTable(head: Cell[], layout: { compact: boolean; colWidths?: (number | null)[] }): Table.Table {
  return new Table({
    head: head.map((header) => header.content),
    style: { head: [], border: [], compact: layout.compact },
    ...(layout.colWidths === undefined ? {} : { colWidths: layout.colWidths, wordWrap: true }),
  });
}

/** Display width of a rendered table: its top border, which has no color and one column per character. */
function tableWidth(rendered: string): number {
  return [...(rendered.split('\n')[0] ?? '')].length;
}

/**
 * Columns a cell takes, padding excluded: its longest line without chalk's SGR codes (the only escapes
 * left after `stripControl`). Counts code points, so East Asian wide characters are undercounted.
 */
function cellWidth(content: string): number {
  return Math.max(...content.split('\n').map((line) => [...line.replace(/\u001b\[\d+m/g, '')].length));
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

/** Input accounting, preceded by the reasons of unavailable metrics unless the table already shows them. */
function footer(report: Report, style: Style, showsReasons: boolean): string[] {
  const { input } = report;
  const skipped =
    input.skipped.outside_period +
    input.skipped.duplicate +
    input.skipped.blank +
    (input.skipped.folded ?? 0) +
    (input.skipped.deleted ?? 0);
  const reasons = (showsReasons ? [] : listUnavailable(report)).map(
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
  const assumptions =
    report.assumptions === undefined
      ? []
      : ['Assumptions:', ...assumptionLines(report.assumptions).map((line) => `  ${stripControl(line)}`)];
  return [...reasons, ...processLines(report), ...accounting, ...assumptions].map((line) => style.chalk.dim(line));
}

/** Event input only: a short process block, the top 3 paths and bottlenecks (all of them in JSON and Markdown). */
function processLines(report: Report): string[] {
  const process = report.process;
  if (process === undefined) return [];
  const hours = (value: number | null) => (value === null ? NO_VALUE : `${formatNumber(value, 1)} h`);
  return [
    `Process: ${formatCount(process.cases)} cases, ` +
      `${formatCount(process.open_cases)} open, ${formatCount(process.events)} events`,
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
          `${hours(b.median_h)}, p90 ${hours(b.p90_h)} (n ${formatCount(b.n)})`,
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

/** Metric ids in column order, then any metric of the row that has no column. */
function metricOrder(report: Report, row: ReportRow): string[] {
  return [...new Set([...report.columns.map((spec) => spec.metric), ...Object.keys(row.metrics)])];
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

function singleRowTable(report: Report, row: ReportRow, style: Style): string {
  const { chalk } = style;
  const compare = report.window.compare === 'previous';
  const head = [
    cell('Metric', chalk.bold),
    cell('Value', chalk.bold),
    ...(compare ? [cell('Change', chalk.bold)] : []),
  ];
  const body = metricOrder(report, row).map((metric) => {
    const value = row.metrics[metric];
    const paint = value === undefined || value.kind === 'unavailable' ? chalk.dim : undefined;
    return [
      cell(metric),
      cell(formatMetric(value), paint),
      ...(compare ? [cell(metricChange(report, row, metric))] : []),
    ];
  });

  const draw = (colWidths?: (number | null)[]): string => {
    const table = newTable(head, colWidths === undefined ? { compact: true } : { compact: false, colWidths });
    table.push(...body);
    return table.toString();
  };
  const rendered = draw();
  if (style.width === undefined || tableWidth(rendered) <= style.width) return rendered;
  // Too wide: wrap the Value column (long reasons) to what the other columns leave, if that is usable.
  const widthOf = (column: number): number =>
    Math.max(...[head, ...body].map((cells) => cellWidth(cells[column]?.content ?? ''))) + 2;
  const others = widthOf(0) + (compare ? widthOf(2) : 0);
  const valueWidth = style.width - others - (head.length + 1);
  if (valueWidth < 24) return rendered;
  return draw([widthOf(0), valueWidth, ...(compare ? [widthOf(2)] : [])]);
}

function multiRowTable(report: Report, style: Style): string {
  const { chalk } = style;
  const compare = report.window.compare === 'previous';
  const headline: ColumnSpec[] = shownHeadlines(report);
  const labels = ['Period', ...report.window.by, ...headline.map((spec) => spec.label)];
  const body = report.rows.map((row) => {
    const groups = report.window.by.map((dimension) => {
      const value = row.group[dimension];
      return cell(formatGroupValue(value), value === null || value === undefined ? chalk.dim : undefined);
    });
    const figures = headline.map((spec) => {
      const value = row.metrics[spec.metric];
      const text = formatFigure(value, spec);
      const paint = value === undefined || value.kind === 'unavailable' ? chalk.dim : undefined;
      const change = compare ? formatChange(value, row.previous?.metrics[spec.metric], spec) : null;
      // The change goes on a second line of the cell: columns stay narrow enough for 100 columns.
      const figure = cell(text, paint, 'right');
      return change === null ? figure : stack(figure, cell(change, chalk.dim));
    });
    return [cell(row.period.label), ...groups, ...figures];
  });

  const draw = (wrapHeaders: boolean): string => {
    const head = labels.map((label) => {
      const [first = '', ...rest] = wrapHeaders ? label.split(' ') : [label];
      return stack(cell(first, chalk.bold), ...rest.map((word) => cell(word, chalk.bold)));
    });
    const table = newTable(head, { compact: !compare });
    table.push(...body);
    return table.toString();
  };
  const rendered = draw(false);
  // Headers are usually the widest part ("Resolution rate (%)"); one word per line is the cheap fix.
  return style.width !== undefined && tableWidth(rendered) > style.width ? draw(true) : rendered;
}

/**
 * The report as a terminal table (cli-table3), with a dimmed header (window, zones, definitions)
 * and footer (unavailable metrics with their reason, input accounting).
 *
 * - Exactly one report row: a "Metric | Value" table of every metric, durations as
 *   `median 42.0 min · p90 3.1 h · mean 50.2 min · n 37`, rates as `72.5% (29/40)`, unavailable
 *   metrics as `— (reason)`; with `--compare previous` a "Change" column (`▲ +3.2 pp`, `▼ -12%`).
 * - Several rows: one line per period × group with the headline figures under their labels; with
 *   `--compare previous` the change under each figure.
 *
 * Every cell is stripped of control characters and escape sequences (`stripControl`); ANSI codes
 * appear only when `color` is true. Ends with a newline.
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
    const lines = [...header(report, style), '', 'No tickets in the window.', ...footer(report, style, false)];
    return `${lines.join('\n')}\n`;
  }
  if (others.length > 0) {
    const trends = trendLines(report).map((line) => stripControl(line));
    const trend = trends.length > 0 ? ['', style.chalk.bold('Trend'), ...trends] : [];
    const lines = [
      ...header(report, style),
      '',
      multiRowTable(report, style),
      ...trend,
      ...footer(report, style, false),
    ];
    return `${lines.join('\n')}\n`;
  }
  const title = [
    only.period.label,
    ...report.window.by.map((dimension) => `${dimension}: ${formatGroupValue(only.group[dimension])}`),
  ];
  const body = [style.chalk.bold(stripControl(title.join(' · '))), singleRowTable(report, only, style)];
  return `${[...header(report, style), '', ...body, ...footer(report, style, true)].join('\n')}\n`;
}
