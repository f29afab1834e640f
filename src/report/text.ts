/**
 * Human-readable formatting shared by the terminal table and the Markdown renderer. Machine formats
 * (CSV, JSON) never use these: they write raw figures. Everything here is locale-independent (en-US
 * digits and separators whatever the host), so output does not change from machine to machine.
 */

import { changeValue, figureOf, isPercentColumn } from './flatten.js';
import type { ColumnSpec, DurationValue, MetricValue, RateValue, Report } from './model.js';

/** Shown where a figure has no value (unavailable metric, median over zero tickets). */
export const NO_VALUE = '—';

/** Shown for a group whose tickets have no value for the dimension (`group[dim] === null`). */
export const NO_GROUP_VALUE = '(none)';

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * A number with exactly `decimals` decimals and en-US thousands separators; never `-0`; `—` for
 * NaN and ±Infinity.
 *
 * @example formatNumber(1234.56, 1) // '1,234.6'
 * @example formatNumber(-0.04, 1) // '0.0'
 */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  // Rounding first turns -0.04 into 0, so no "-0.0" is ever printed.
  const rounded = Number(value.toFixed(decimals)) || 0;
  // The first Intl.NumberFormat of a run loads ICU data (~10 ms, a tenth of a small report). Below
  // 1e9 with at most 6 decimals a number has at most 15 significant digits, so its toFixed digits
  // are exactly those Intl prints: only the en-US thousands separators are to add.
  if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 6 && Math.abs(rounded) < 1e9)
    return groupThousands(rounded.toFixed(decimals));
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(rounded);
}

/** `-1234567.5` -> `-1,234,567.5`: en-US separators in the integer digits of a toFixed string. */
function groupThousands(fixed: string): string {
  const dot = fixed.indexOf('.');
  const integer = dot === -1 ? fixed : fixed.slice(0, dot);
  return integer.replace(/\B(?=(\d{3})+$)/g, ',') + (dot === -1 ? '' : fixed.slice(dot));
}

/**
 * An integer count with thousands separators.
 *
 * @example formatCount(12345) // '12,345'
 */
export function formatCount(value: number): string {
  return formatNumber(value, 0);
}

export interface FormatDurationOptions {
  /**
   * Keep the value's own unit instead of picking a readable one: for columns, whose label names the
   * unit and whose rows are compared down the column. Default false.
   */
  keepUnit?: boolean;
}

const UNIT_SUFFIX: Record<DurationValue['unit'], string> = { minutes: 'min', hours: 'h' };

/**
 * A duration for humans, one decimal, in the largest unit that keeps it readable: minutes below one
 * hour, hours below two days, then days (or in its own unit with `keepUnit`). `unit` is the unit
 * `value` is in (the metric's unit).
 *
 * @example formatDuration(42, 'minutes') // '42.0 min'
 * @example formatDuration(186, 'minutes') // '3.1 h'
 * @example formatDuration(186, 'minutes', { keepUnit: true }) // '186.0 min'
 * @example formatDuration(60, 'hours') // '2.5 d'
 * @example formatDuration(null, 'hours') // '—'
 */
export function formatDuration(
  value: number | null,
  unit: DurationValue['unit'],
  options: FormatDurationOptions = {},
): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  if (options.keepUnit === true) return `${formatNumber(value, 1)} ${UNIT_SUFFIX[unit]}`;
  const minutes = unit === 'hours' ? value * 60 : value;
  // Compare after rounding to one decimal, so that 59.97 min reads "1.0 h" rather than "60.0 min".
  if (Math.abs(Number(minutes.toFixed(1))) < 60) return `${formatNumber(minutes, 1)} min`;
  const hours = minutes / 60;
  if (Math.abs(Number(hours.toFixed(1))) < 48) return `${formatNumber(hours, 1)} h`;
  return `${formatNumber(hours / 24, 1)} d`;
}

/**
 * A rate as a percentage with one decimal and its parts; `—` when the denominator is 0.
 *
 * @example formatRate({ kind: 'rate', numerator: 29, denominator: 40, value: 0.725 }) // '72.5% (29/40)'
 * @example formatRate({ kind: 'rate', numerator: 0, denominator: 0, value: null }) // '— (0/0)'
 */
export function formatRate(rate: RateValue): string {
  const parts = `(${formatCount(rate.numerator)}/${formatCount(rate.denominator)})`;
  const percent =
    rate.value === null || !Number.isFinite(rate.value) ? NO_VALUE : `${formatNumber(rate.value * 100, 1)}%`;
  return `${percent} ${parts}`;
}

/**
 * One column's figure of a metric value for humans: rates as `72.5% (29/40)` (for the `value`
 * figure), durations in the metric's unit, the one the column label names (`186.0 min`, `5.5 h`),
 * counts and `n` as integers, means of totals with two decimals; `—` when there is no value.
 *
 * @example
 * const frtMedianMin = fixture('examples/report.json').columns.find((c) => c.key === 'frt_median_min');
 * const frtValue = { kind: 'duration', unit: 'minutes', n: 3, mean: 50, median: 42, p90: 80, p95: 85, min: 8,
 *   max: 90 };
 * formatFigure(frtValue, frtMedianMin) // '42.0 min'
 */
export function formatFigure(value: MetricValue | undefined, spec: ColumnSpec): string {
  if (value?.kind === 'rate' && spec.figure === 'value') return formatRate(value);
  const figure = figureOf(value, spec.figure);
  if (value === undefined || figure === null) return NO_VALUE;
  if (value.kind === 'duration' && spec.figure !== 'n') return formatDuration(figure, value.unit, { keepUnit: true });
  if (value.kind === 'total' && spec.figure === 'mean') return formatNumber(figure, 2);
  return formatCount(figure);
}

/**
 * The change of one column against the previous window, with an arrow: percentage columns in
 * percentage points (one decimal), others as a relative change in percent (one decimal below 10%,
 * whole percent above); null when it cannot be computed (see `changeValue`). The arrow says
 * direction only, not whether it is good: a longer FRT and a higher FCR both show ▲.
 *
 * @example
 * // 70% -> 73.2%: +3.2 percentage points
 * const resolutionRatePct = fixture('examples/report.json').columns.find((c) => c.key === 'resolution_rate_pct');
 * const before = { kind: 'rate', numerator: 28, denominator: 40, value: 0.7 };
 * const now = { kind: 'rate', numerator: 183, denominator: 250, value: 0.732 };
 * formatChange(now, before, resolutionRatePct) // '▲ +3.2 pp'
 * @example
 * // median 50 -> 44 min: (44 - 50) / 50 = -12%
 * const frtMedianMin = fixture('examples/report.json').columns.find((c) => c.key === 'frt_median_min');
 * const stats = { kind: 'duration', unit: 'minutes', n: 9, mean: 60, p90: 90, p95: 95, min: 5, max: 99 };
 * formatChange({ ...stats, median: 44 }, { ...stats, median: 50 }, frtMedianMin) // '▼ -12%'
 */
export function formatChange(
  current: MetricValue | undefined,
  previous: MetricValue | undefined,
  spec: ColumnSpec,
): string | null {
  const scale = isPercentColumn(spec) ? 100 : 1;
  const now = figureOf(current, spec.figure);
  const before = figureOf(previous, spec.figure);
  const change = changeValue(now === null ? null : now * scale, before === null ? null : before * scale, spec);
  if (change === null) return null;
  const points = isPercentColumn(spec);
  const decimals = points || Math.abs(change) < 9.95 ? 1 : 0;
  const rounded = Number(change.toFixed(decimals));
  const unit = points ? ' pp' : '%';
  if (rounded === 0) return `= ${formatNumber(0, decimals)}${unit}`;
  const figure = `${formatNumber(rounded, decimals)}${unit}`;
  return rounded > 0 ? `▲ +${figure}` : `▼ ${figure}`;
}

// ESC sequences are removed whole (so `ESC[31m` leaves nothing, not `[31m`), longest forms first.
const ESCAPE_SEQUENCE = new RegExp(
  [
    // CSI, 7-bit (ESC [) and 8-bit (0x9B): parameters, intermediates, final byte.
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]',
    // OSC, DCS, SOS, PM, APC strings (7-bit and 8-bit introducers) up to BEL or ST, or to the end.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d-\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // Any other ESC sequence: intermediates then a final byte (ESC ( B, ESC c, ...).
    '\\u001b[ -/]*[0-~]?',
  ].join('|'),
  'g',
);
// Line breaks and tabs become a space so that "a\nb" stays two words.
const LAYOUT_CONTROL = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Remaining C0, DEL, C1, and the bidirectional overrides/isolates that can reorder what a terminal shows.
const OTHER_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the data made safe to print on a terminal: removes escape sequences (ESC and C1 CSI,
 * OSC and other string sequences), C0 controls, DEL, C1 controls and bidirectional overrides; tabs
 * and line breaks become a space. A ticket field therefore cannot color, move the cursor, retitle
 * the window or hide text.
 *
 * @example stripControl('\u001b[31mBilling\u001b[0m') // 'Billing'
 * @example stripControl('a\nb') // 'a b'
 */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(LAYOUT_CONTROL, ' ').replace(OTHER_CONTROL, '');
}

/**
 * As `stripControl`, but tabs and line breaks stay: for formats whose quoting keeps a multi-line value
 * in one cell (CSV) on its way to a terminal.
 *
 * @example stripControlKeepLines('a\u001b[2J\nb') // 'a\nb'
 */
export function stripControlKeepLines(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/**
 * A group value for humans: `(none)` for tickets without a value, otherwise the value with control
 * characters stripped.
 */
export function formatGroupValue(value: string | null | undefined): string {
  return value === null || value === undefined ? NO_GROUP_VALUE : stripControl(value);
}

/** A labelled fact about the run, e.g. `{ label: 'Zone', value: 'Europe/Berlin' }`. */
export interface Fact {
  label: string;
  value: string;
}

/**
 * What the report covers and which definitions it used, as two lists of facts for the header of
 * human output: `window` (dates, zones, periods, groups, comparison) and `definitions` (FCR variant,
 * resolution-rate variant, repeat window).
 */
export function describeRun(report: Report): { window: Fact[]; definitions: Fact[] } {
  const { window, definitions } = report;
  const zone =
    window.input_timezone === window.timezone ? window.timezone : `${window.timezone} (input ${window.input_timezone})`;
  const unit = report.kind === 'orders' ? 'order' : 'ticket';
  const facts: Fact[] = [
    {
      label: 'Window',
      value: `${window.since ?? `first ${unit}`} → ${window.until ?? `last ${unit}`} (as of ${window.as_of})`,
    },
    { label: 'Zone', value: zone },
  ];
  if (window.period !== null) {
    const periodValue = window.period === 'week' ? `week (starting ${window.week_start})` : window.period;
    facts.push({ label: 'Period', value: periodValue });
  }
  if (window.by.length > 0) facts.push({ label: 'By', value: window.by.join(', ') });
  if (window.compare === 'previous')
    facts.push({ label: 'Compared with', value: 'the previous window of equal length' });

  const days = definitions.repeat_window_days;
  const repeat = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (report.kind === 'orders') {
    const sources = definitions.sources;
    return {
      window: facts,
      definitions: [
        ...(sources.promise ? [{ label: 'Promise', value: sources.promise }] : []),
        ...(sources.on_time_event ? [{ label: 'On time by', value: sources.on_time_event }] : []),
        ...(sources.duration_start ? [{ label: 'Durations from', value: sources.duration_start }] : []),
        { label: 'Ticket link window', value: repeat },
      ],
    };
  }
  return {
    window: facts,
    definitions: [
      { label: 'FCR', value: definitions.fcr_variant },
      { label: 'Resolution rate', value: definitions.resolution_rate_variant },
      {
        label: 'Repeat window',
        value: definitions.repeat_same === null ? repeat : `${repeat}, same ${definitions.repeat_same}`,
      },
    ],
  };
}

/** Metrics that could not be computed for the same reason (e.g. "needs event data"). */
export interface UnavailableMetrics {
  metrics: string[];
  reason: string;
}

/**
 * Every metric whose value is `unavailable` in some row (current or previous window), grouped by
 * reason so that a dozen metrics missing the same input make one line; in order of first appearance.
 * @example
 * // fixtures/examples is a ticket export without stations, ratings, vendor verdicts or events: the last of six
 * // reasons groups the eleven event metrics
 * const unavailable = listUnavailable(fixture('examples/report.json'));
 * [unavailable.length, unavailable[5].metrics.slice(0, 3), unavailable[5].metrics.length, unavailable[5].reason]
 * // [6, ['next_reply_time', 'requester_wait', 'agent_wait'], 11,
 * //  'needs event data: run with --events (one row per event; see docs/events.md)']
 */
export function listUnavailable(report: Report): UnavailableMetrics[] {
  const byReason = new Map<string, string[]>();
  for (const row of report.rows) {
    for (const metrics of [row.metrics, row.previous?.metrics ?? {}]) {
      for (const [metric, value] of Object.entries(metrics)) {
        if (value.kind !== 'unavailable') continue;
        const list = byReason.get(value.reason) ?? [];
        if (!list.includes(metric)) list.push(metric);
        byReason.set(value.reason, list);
      }
    }
  }
  return [...byReason].map(([reason, metrics]) => ({ metrics, reason }));
}

/**
 * The headline columns worth a column in a compact table: those whose metric has a value in at
 * least one row. A metric unavailable everywhere is listed once, with its reason, instead.
 */
export function shownHeadlines(report: Report): ColumnSpec[] {
  return report.columns.filter(
    (spec) =>
      spec.headline && report.rows.some((row) => (row.metrics[spec.metric]?.kind ?? 'unavailable') !== 'unavailable'),
  );
}
