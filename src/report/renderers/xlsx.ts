/**
 * The report as an Excel workbook (write-excel-file, pinned): one sheet per section, native numbers,
 * rates as fractions shown as percentages, durations as numbers in the unit their header names (or,
 * with `excelDurations`, as Excel durations `[h]:mm`), period bounds as Excel dates and times in the
 * report zone, a frozen header row and column widths on every sheet.
 *
 * Text cells are always written as strings (shared strings, never `<f>` elements): a group value
 * `=HYPERLINK(...)` stays text, so formula injection is impossible whatever the data holds.
 * Characters XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates)
 * are removed from text: Excel would otherwise refuse the file or offer to repair it.
 */
import type { Cell, CellObject, Row, Sheet } from 'write-excel-file/node';
import { changeValue, figureOf, isPercentColumn } from '../flatten.js';
import type { ColumnSpec, MetricValue, Report, ReportRow } from '../model.js';
import { betterOf, judgeChange, mainColumn, metricLabel, sampleOf } from '../meaning.js';
import { writtenColumns } from '../select.js';
import { describeRun } from '../text.js';
import type { RenderOptions } from './options.js';

/** Sheet names, as Excel shows them on the tabs. */
export const SHEETS = {
  summary: 'Summary',
  byPeriod: 'By period',
  byGroup: 'By group',
  rows: 'By period and group',
  figures: 'All figures',
  checks: 'Checks',
  definitions: 'Definitions',
} as const;

const FORMAT = {
  count: '#,##0',
  decimal: '#,##0.0',
  mean: '#,##0.00',
  percent: '0.0%',
  duration: '[h]:mm',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
  points: '+0.0" pp";-0.0" pp";0.0" pp"',
  relative: '+0.0%;-0.0%;0.0%',
} as const;

// XML 1.0 allows tab, LF, CR and U+0020 up; not U+FFFE, U+FFFF nor unpaired surrogates.
const NOT_XML = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]',
    '[\\ud800-\\udbff](?![\\udc00-\\udfff])',
    '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  ].join('|'),
  'g',
);

/** A text cell: always a string, never a formula; characters XML forbids removed. */
function text(value: string | null | undefined, bold = false): Cell {
  if (value === null || value === undefined) return null;
  const cell: CellObject = { value: value.replace(NOT_XML, ''), type: String };
  if (bold) cell.fontWeight = 'bold';
  return cell;
}

function number(value: number | null, format: string): Cell {
  return value === null || !Number.isFinite(value) ? null : { value, type: Number, format };
}

/**
 * An ISO 8601 instant of the report (in the report zone, with its offset) as the Excel date and time
 * it shows: the wall-clock fields, written as if UTC (write-excel-file converts a Date by its UTC
 * fields), so that Excel shows the report zone's time whatever the machine's zone.
 * @example wallClockDate('2025-11-17T00:00:00-05:00').toISOString() // '2025-11-17T00:00:00.000Z'
 */
export function wallClockDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(iso);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, Number.isNaN(s) ? 0 : s));
}

function date(iso: string | null): Cell {
  const value = iso === null ? null : wallClockDate(iso);
  if (value === null) return text(iso);
  const midnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0;
  return { value, type: Date, format: midnight ? FORMAT.date : FORMAT.dateTime };
}

interface Style {
  excelDurations: boolean;
}

/** Minutes or hours -> days, Excel's unit of time. */
const toDays = (value: number, unit: 'minutes' | 'hours') => (unit === 'minutes' ? value / 1440 : value / 24);

/** One figure of a metric value as a native cell, in the format its kind wants. */
function figureCell(value: MetricValue | undefined, spec: ColumnSpec, style: Style): Cell {
  const figure = figureOf(value, spec.figure);
  if (figure === null || value === undefined) return null;
  if (isPercentColumn(spec)) return number(figure, FORMAT.percent);
  if (value.kind === 'duration' && spec.figure !== 'n') {
    return style.excelDurations ? number(toDays(figure, value.unit), FORMAT.duration) : number(figure, FORMAT.decimal);
  }
  if (value.kind === 'total' && spec.figure === 'mean') return number(figure, FORMAT.mean);
  return number(figure, FORMAT.count);
}

/** A column's header: its label, the unit changed to `h:mm` when durations are Excel durations. */
function columnHeader(spec: ColumnSpec, style: Style): string {
  return style.excelDurations ? spec.label.replace(/\((?:min|h)\)$/, '(h:mm)') : spec.label;
}

/** The change of a figure against the previous window: points for percentages, a relative change otherwise. */
function changeCell(current: MetricValue | undefined, previous: MetricValue | undefined, spec: ColumnSpec): Cell {
  const scale = isPercentColumn(spec) ? 100 : 1;
  const now = figureOf(current, spec.figure);
  const before = figureOf(previous, spec.figure);
  const change = changeValue(now === null ? null : now * scale, before === null ? null : before * scale, spec);
  if (change === null) return null;
  return isPercentColumn(spec) ? number(change, FORMAT.points) : number(change / 100, FORMAT.relative);
}

/** A sheet with a frozen bold header row and widths fitted to its content (at most 60 characters). */
function sheet(name: string, head: readonly string[], body: readonly Row[]): Sheet<Buffer> {
  const widths = head.map((h) => h.length);
  for (const row of body) {
    row.forEach((cell, c) => {
      const v = cell !== null && typeof cell === 'object' && 'value' in cell ? cell.value : cell;
      const shown = v instanceof Date ? 16 : typeof v === 'number' ? 12 : String(v ?? '').length;
      if (shown > (widths[c] ?? 0)) widths[c] = shown;
    });
  }
  return {
    sheet: name,
    data: [head.map((h) => text(h, true)), ...body],
    columns: widths.map((w) => ({ width: Math.min(60, Math.max(8, w + 2)) })),
    stickyRowsCount: 1,
  };
}

/** The rows of a table sheet: period, bounds, groups, then every written column (and its previous, change). */
function rowsSheet(
  name: string,
  report: Report,
  rows: readonly ReportRow[],
  columns: readonly ColumnSpec[],
  style: Style,
  options: { period: boolean; groups: boolean },
): Sheet<Buffer> {
  const compare = rows.some((row) => row.previous !== undefined);
  const by = options.groups ? report.window.by : [];
  const head = [
    ...(options.period ? ['Period', 'Start', 'End'] : []),
    ...by,
    ...columns.flatMap((spec) => {
      const label = columnHeader(spec, style);
      return compare && spec.headline
        ? [label, `${label}, previous`, `${label}, change${isPercentColumn(spec) ? ' (pp)' : ''}`]
        : [label];
    }),
  ];
  const body = rows.map(
    (row): Row => [
      ...(options.period ? [text(row.period.label), date(row.period.start), date(row.period.end)] : []),
      ...by.map((dimension) => text(row.group[dimension] ?? '(none)')),
      ...columns.flatMap((spec) => {
        const value = row.metrics[spec.metric];
        const cell = figureCell(value, spec, style);
        if (!(compare && spec.headline)) return [cell];
        const before = row.previous?.metrics[spec.metric];
        return [cell, figureCell(before, spec, style), changeCell(value, before, spec)];
      }),
    ],
  );
  return sheet(name, head, body);
}

/** The unit a tile's figure is in, for the Summary's Unit column. */
function unitOf(value: MetricValue | undefined, spec: ColumnSpec, style: Style): string {
  if (isPercentColumn(spec)) return '%';
  if (value?.kind === 'duration' && spec.figure !== 'n') {
    return style.excelDurations ? 'h:mm' : value.unit === 'minutes' ? 'minutes' : 'hours';
  }
  return 'count';
}

/** The headline figure of every metric over the whole window, with n, the previous window and the change. */
function summarySheet(report: Report, columns: readonly ColumnSpec[], style: Style): Sheet<Buffer> {
  const row = report.totals?.window ?? (report.rows.length === 1 ? report.rows[0] : undefined);
  const head = ['Metric', 'Figure', 'Value', 'Unit', 'n', 'Previous window', 'Change', 'Reading', 'Metric id'];
  if (row === undefined) return sheet(SHEETS.summary, head, []);
  const metrics = [...new Set(columns.map((spec) => spec.metric))];
  const body = metrics.flatMap((metric): Row[] => {
    const spec = mainColumn({ ...report, columns: [...columns] }, metric);
    const value = row.metrics[metric];
    if (spec === undefined || value === undefined || value.kind === 'unavailable') return [];
    const before = row.previous?.metrics[metric];
    const scale = isPercentColumn(spec) ? 100 : 1;
    const now = figureOf(value, spec.figure);
    const then = figureOf(before, spec.figure);
    const change = changeValue(now === null ? null : now * scale, then === null ? null : then * scale, spec);
    const judged = judgeChange(metric, change);
    const reading =
      change === null
        ? ''
        : judged === 'neutral'
          ? betterOf(metric) === 'neutral'
            ? 'volume'
            : 'no change'
          : judged === 'good'
            ? 'better'
            : 'worse';
    return [
      [
        text(metricLabel(report, metric)),
        text(spec.figure === 'value' ? (isPercentColumn(spec) ? 'rate' : 'count') : spec.figure),
        figureCell(value, spec, style),
        text(unitOf(value, spec, style)),
        number(sampleOf(value), FORMAT.count),
        figureCell(before, spec, style),
        changeCell(value, before, spec),
        text(reading),
        text(metric),
      ],
    ];
  });
  return sheet(SHEETS.summary, head, body);
}

/** What was read and what was left out: the input's checks. */
function checksSheet(report: Report): Sheet<Buffer> {
  const input = report.input;
  const count = (value: number) => number(value, FORMAT.count);
  const body: Row[] = [
    [text('Rows read'), count(input.read), text(input.files.map((f) => `${f.path} (${f.profile})`).join(', '))],
    [text('Used'), count(input.used), text('created inside the window')],
    [text('Outside the window'), count(input.skipped.outside_period), null],
    [text('Duplicate'), count(input.skipped.duplicate), null],
    [text('Blank'), count(input.skipped.blank), null],
    ...(input.skipped.folded === undefined
      ? []
      : [[text('Folded events'), count(input.skipped.folded), text('later events of a case')] as Row]),
    [text('Rejected'), count(input.rejected), null],
    [text('Kept with a field emptied'), count(input.nulled), null],
    ...input.issues.map((issue): Row => {
      const sample = issue.samples[0];
      const where = sample === undefined ? '' : ` (e.g. ${sample.file}:${sample.line})`;
      return [
        text(`${issue.code}${issue.column === null ? '' : ` in ${issue.column}`}, ${issue.action}`),
        count(issue.count),
        text(`${issue.message}${issue.hint === null ? '' : ` ${issue.hint}`}${where}`),
      ];
    }),
  ];
  return sheet(SHEETS.checks, ['Check', 'Rows', 'Detail'], body);
}

/** The run's facts and every metric's definition, with the columns it fills. */
function definitionsSheet(report: Report, columns: readonly ColumnSpec[]): Sheet<Buffer> {
  const run = describeRun(report);
  const facts = [...run.window, ...run.definitions].map((fact): Row => [text(fact.label), text(fact.value), null]);
  const metrics = [...new Set(columns.map((spec) => spec.metric))].map(
    (metric): Row => [
      text(metricLabel(report, metric)),
      text(report.definitions.metrics[metric] ?? ''),
      text(
        `${metric}: ${columns
          .filter((s) => s.metric === metric)
          .map((s) => s.key)
          .join(', ')}`,
      ),
    ],
  );
  const method: Row[] = [
    [text('Percentiles'), text(report.definitions.quantile_method), null],
    [text('Clock'), text(report.definitions.clock), null],
    [text('Generated by'), text(`opsmetrics ${report.tool.version}`), null],
  ];
  return sheet(
    SHEETS.definitions,
    ['Term', 'Definition', 'Metric id and CSV columns'],
    [...facts, ...method, ...metrics],
  );
}

/** The workbook's sheets for a report, in tab order. */
export function workbookSheets(report: Report, options: RenderOptions = {}): Sheet<Buffer>[] {
  const style: Style = { excelDurations: options.excelDurations ?? false };
  const columns = writtenColumns(report, options.allColumns ?? false);
  const { period, by } = report.window;
  const grouped = by.length > 0;
  const sheets = [summarySheet(report, columns, style)];
  if (period !== null && grouped) {
    const totals = report.totals;
    if (totals?.periods) {
      sheets.push(rowsSheet(SHEETS.byPeriod, report, totals.periods, columns, style, { period: true, groups: false }));
    }
    if (totals?.groups) {
      sheets.push(rowsSheet(SHEETS.byGroup, report, totals.groups, columns, style, { period: false, groups: true }));
    }
    sheets.push(rowsSheet(SHEETS.rows, report, report.rows, columns, style, { period: true, groups: true }));
  } else if (period !== null) {
    sheets.push(rowsSheet(SHEETS.byPeriod, report, report.rows, columns, style, { period: true, groups: false }));
  } else if (grouped) {
    sheets.push(rowsSheet(SHEETS.byGroup, report, report.rows, columns, style, { period: false, groups: true }));
  } else {
    sheets.push(rowsSheet(SHEETS.figures, report, report.rows, columns, style, { period: true, groups: false }));
  }
  sheets.push(checksSheet(report), definitionsSheet(report, columns));
  return sheets;
}

/**
 * The report as an XLSX workbook: Summary (each metric's headline figure over the window, n, the
 * previous window, the change and whether it is better or worse), By period / By group / By period
 * and group (a row per report row, a column per figure), Checks (the input accounting), Definitions.
 * @example
 * // a zip file, as every XLSX workbook is
 * const bytes = await renderXlsx(fixture('examples/report.json'));
 * String.fromCharCode(bytes[0], bytes[1]) // 'PK'
 */
export async function renderXlsx(report: Report, options: RenderOptions = {}): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  return writeXlsxFile(workbookSheets(report, options)).toBuffer();
}
