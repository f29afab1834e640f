/**
 * Text for the HTML page: escaping, numbers without trailing zeros, one display unit per duration
 * metric across the page, humanized durations (`1 h 15 min`), labels instead of ids, and what a
 * period is (partial or whole). Locale-independent, like text.ts.
 */
import { figureOf, isPercentColumn } from '../../flatten.js';
import type { ColumnSpec, MetricValue, PeriodRef, Report } from '../../model.js';
import { metricLabel } from '../../meaning.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Controls and bidirectional overrides never reach the page (HTML forbids most C0 anyway); line
// breaks become character references, so no data text starts a line of the file (`::` commands).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe in HTML content and attribute values, on one line of the file.
 * @example escapeHtml('<b>"R&D"</b>\n::x') // '&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;&#10;::x'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] as string)
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/**
 * A number for people: at most `decimals` decimals, trailing zeros dropped, en-US thousands
 * separators, no `-0`.
 * @example plainNumber(45) // '45'
 * @example plainNumber(329.5) // '329.5'
 * @example plainNumber(1234.04, 1) // '1,234'
 */
export function plainNumber(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = Number(value.toFixed(decimals)) || 0;
  const [integer = '0', fraction] = rounded.toFixed(decimals).split('.');
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return integer.replace(/\B(?=(\d{3})+$)/g, ',') + (trimmed ? `.${trimmed}` : '');
}

/** A fraction as a percentage: `72.5%`, `100%`. */
export const percent = (fraction: number, decimals = 1): string => `${plainNumber(fraction * 100, decimals)}%`;

/** The unit a duration metric is shown in on the whole page. */
export type DisplayUnit = 'min' | 'h' | 'd';

const MINUTES: Record<DisplayUnit, number> = { min: 1, h: 60, d: 1440 };

/**
 * The one unit a duration metric is shown in across the page, from its typical size (the median of
 * the figures it shows): minutes under 90 minutes, hours under 72 hours, else days.
 * @example displayUnit([45, 120], 'minutes') // 'min'
 */
export function displayUnit(values: readonly number[], unit: 'minutes' | 'hours'): DisplayUnit {
  const minutes = values.filter(Number.isFinite).map((v) => (unit === 'hours' ? v * 60 : v));
  if (minutes.length === 0) return unit === 'hours' ? 'h' : 'min';
  const sorted = [...minutes].sort((a, b) => a - b);
  const typical = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  return typical < 90 ? 'min' : typical < 72 * 60 ? 'h' : 'd';
}

/** A duration in the metric's unit, converted to a display unit. */
export const inUnit = (value: number, unit: 'minutes' | 'hours', display: DisplayUnit): number =>
  (unit === 'hours' ? value * 60 : value) / MINUTES[display];

/**
 * A duration as people say it, to the minute: `45 min`, `1 h 15 min`, `2 d 3 h`.
 * @example humanDuration(75, 'minutes') // '1 h 15 min'
 * @example
 * // 51.5 hours: 52, to the hour
 * humanDuration(51.5, 'hours') // '2 d 4 h'
 */
export function humanDuration(value: number, unit: 'minutes' | 'hours'): string {
  const minutes = Math.round(unit === 'hours' ? value * 60 : value);
  if (minutes < 1) return value > 0 ? '< 1 min' : '0 min';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(minutes / 60);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** How each duration metric of the page is shown: its display unit, chosen once. */
export type UnitTable = ReadonlyMap<string, DisplayUnit>;

/** The display unit of every duration metric, from the figures the page shows of it. */
export function unitTable(report: Report): UnitTable {
  const table = new Map<string, DisplayUnit>();
  const rows = [...(report.totals ? [report.totals.window] : []), ...report.rows];
  for (const spec of report.columns) {
    if (table.has(spec.metric)) continue;
    const values: number[] = [];
    let unit: 'minutes' | 'hours' | undefined;
    for (const row of rows) {
      const value = row.metrics[spec.metric];
      if (value?.kind !== 'duration') continue;
      unit = value.unit;
      if (value.median !== null) values.push(value.median);
    }
    if (unit !== undefined) table.set(spec.metric, displayUnit(values, unit));
  }
  return table;
}

/** The number a figure is plotted and tabled as: percentages 0-100, durations in the display unit. */
export function shownNumber(value: MetricValue | undefined, spec: ColumnSpec, units: UnitTable): number | null {
  const figure = figureOf(value, spec.figure);
  if (figure === null || value === undefined) return null;
  if (isPercentColumn(spec)) return figure * 100;
  if (value.kind === 'duration' && spec.figure !== 'n')
    return inUnit(figure, value.unit, units.get(spec.metric) ?? 'h');
  return figure;
}

/** The unit shown beside a column's numbers: `%`, `min`, `h`, `d`, or '' for counts. */
export function shownUnit(report: Report, spec: ColumnSpec, units: UnitTable): string {
  if (isPercentColumn(spec)) return '%';
  const isDuration = report.rows.some((row) => row.metrics[spec.metric]?.kind === 'duration');
  return isDuration && spec.figure !== 'n' ? (units.get(spec.metric) ?? '') : '';
}

/** A figure as a table shows it: `72.5%`, `1.3` (the unit in the header), `42`; `—` without a value. */
export function shownText(value: MetricValue | undefined, spec: ColumnSpec, units: UnitTable): string {
  const shown = shownNumber(value, spec, units);
  if (shown === null) return '—';
  if (isPercentColumn(spec)) return `${plainNumber(shown)}%`;
  return plainNumber(shown, value?.kind === 'total' && spec.figure === 'mean' ? 2 : 1);
}

const FIGURE_WORDS: Record<string, string> = {
  median: 'median',
  p90: '90th percentile',
  p95: '95th percentile',
  mean: 'average',
  min: 'shortest',
  max: 'longest',
  n: 'count',
  sum: 'total',
  numerator: 'count',
  denominator: 'base',
  value: '',
};

/**
 * A column's label for people: the metric's label, its figure in words and the unit:
 * `First reply time, median (min)`, `Resolution rate (%)`, `Created`.
 */
export function columnLabel(report: Report, spec: ColumnSpec, units: UnitTable): string {
  const words = FIGURE_WORDS[spec.figure] ?? spec.figure;
  const unit = shownUnit(report, spec, units);
  return `${metricLabel(report, spec.metric)}${words ? `, ${words}` : ''}${unit ? ` (${unit})` : ''}`;
}

/** A complaint class or other snake_case name as words: `billing_error` -> `Billing error`. */
export function words(name: string): string {
  const spaced = name.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** What a period is: its label, and whether it is partial (cut by the window or not yet over). */
export interface PeriodFacts {
  label: string;
  partial: boolean;
  /** `partial week: 2 of 7 days`, or null for a whole period. */
  note: string | null;
}

const DAY = 86_400_000;

/** Days of the calendar a half-open span of wall times touches, from their ISO texts. */
function daysTouched(start: string, end: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  const endsAtMidnight = /T00:00(?::00)?(?:\.0+)?(?:[+-]|Z|$)/.test(end);
  return Math.max(1, Math.round((day(end) - day(start)) / DAY) + (endsAtMidnight ? 0 : 1));
}

/**
 * Whether a report period is whole: a week of 7 days, a month of all its days, not cut by the window
 * nor ending after as-of (a period in progress); a partial one says how many days it covers.
 * @example
 * // a week cut by the window's start (Thursday 14:05 in New York): 3.5 of its 7 days
 * const report = { window: { period: 'week', as_of: '2025-11-10T00:00:00-05:00' } };
 * periodFacts(report, { label: '2025-W44', start: '2025-10-30T14:05:31-04:00', end: '2025-11-03T00:00:00-05:00' })
 * // { label: '2025-W44', partial: true, note: 'partial week: 3.5 of 7 days' }
 */
export function periodFacts(report: Report, period: PeriodRef): PeriodFacts {
  const unit = report.window.period;
  if (unit === null) return { label: period.label, partial: false, note: null };
  const year = Number(period.start.slice(0, 4));
  const month = Number(period.start.slice(5, 7));
  const natural = unit === 'day' ? 1 : unit === 'week' ? 7 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const touched = daysTouched(period.start, period.end);
  const clipped = /T00:00(?::00)?(?:\.0+)?(?:[+-]|Z|$)/.test(period.start) === false || touched < natural;
  const inProgress = Date.parse(report.window.as_of) < Date.parse(period.end);
  if (!clipped && !inProgress) return { label: period.label, partial: false, note: null };
  // The time the period covers, in days to one decimal (3.5 of 7 days): what its counts rest on.
  const until = inProgress ? report.window.as_of : period.end;
  const covered = Math.min(natural, (Date.parse(until) - Date.parse(period.start)) / DAY);
  return {
    label: period.label,
    partial: true,
    note: `partial ${unit}: ${plainNumber(covered)} of ${natural} ${natural === 1 ? 'day' : 'days'}`,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock fields of an ISO 8601 instant as written (already in the report zone). */
function wall(iso: string): { y: number; m: number; d: number; time: string } {
  return {
    y: Number(iso.slice(0, 4)),
    m: Number(iso.slice(5, 7)),
    d: Number(iso.slice(8, 10)),
    time: iso.slice(11, 16),
  };
}

/**
 * The report's window as a person writes it, the last day included: `17 Nov – 23 Nov 2025`, or
 * with the times when a bound is not midnight (`30 Oct 2025 14:05 – 23 Nov 2025 22:34`).
 * @example humanSpan('2025-11-17T00:00:00-05:00', '2025-11-24T00:00:00-05:00') // '17 Nov – 23 Nov 2025'
 */
export function humanSpan(startIso: string, endIso: string): string {
  const start = wall(startIso);
  let end = wall(endIso);
  const endsAtMidnight = end.time === '00:00';
  if (endsAtMidnight) {
    const previous = new Date(Date.UTC(end.y, end.m - 1, end.d - 1));
    end = { y: previous.getUTCFullYear(), m: previous.getUTCMonth() + 1, d: previous.getUTCDate(), time: '00:00' };
  }
  const startTime = start.time === '00:00' ? '' : ` ${start.time}`;
  const endTime = endsAtMidnight ? '' : ` ${end.time}`;
  const day = (w: typeof start, year: boolean) => `${w.d} ${MONTHS[w.m - 1]}${year ? ` ${w.y}` : ''}`;
  if (start.y === end.y && start.m === end.m && start.d === end.d && !startTime && !endTime) return day(end, true);
  return `${day(start, start.y !== end.y || startTime !== '')}${startTime} – ${day(end, true)}${endTime}`;
}

/** An instant of the report as a person writes it: `23 Nov 2025 22:34`. */
export function humanInstant(iso: string): string {
  const w = wall(iso);
  return `${w.d} ${MONTHS[w.m - 1]} ${w.y} ${w.time}`;
}
