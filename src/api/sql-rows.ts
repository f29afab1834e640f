import { formatInstant } from '../calendar/zone.js';
import { durationSources } from '../derive/durations.js';
import { describeClock } from '../engine/context.js';
import { ticketMetricsFor } from '../metrics/index.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import { DEFAULT_PLAUSIBLE_YEARS } from '../ingest/row-rules.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { TicketRunOptions } from '../options/resolve.js';
import { columnSpecs } from '../report/columns.js';
import {
  type InputAccounting,
  type MetricValue,
  type Report,
  type ReportRow,
  SCHEMA_VERSION,
} from '../report/model.js';
import { reportWindow } from '../report/slicing.js';
import type { SqlRow } from '../sql/run.js';
import type { SqlReportOptions } from '../sql/statement.js';

export const ISSUE_TEXT: Record<string, { message: string; hint: string }> = {
  missing_required: { message: 'a required value is empty', hint: 'Every ticket needs an id and a creation time.' },
  bad_date: {
    message: 'a date/time is not ISO 8601',
    hint: 'The SQL engine reads YYYY-MM-DD[ HH:MM[:SS]][zone]; run without --engine for other formats.',
  },
  bad_number: {
    message: 'a number does not parse',
    hint:
      'Numbers are read as without --engine: 1.234 and 1,234, or a decimal comma, need the decimal separator ' +
      'declared (--decimal-point, --decimal-comma); run without --engine to see the values.',
  },
  impossible_value: {
    message: "a negative count or duration, an instant before the ticket's creation, or a reply after the resolution",
    hint:
      'Check the export and the zones (--input-tz); ' +
      'with --on-bad-value null the value is dropped and the row kept.',
  },
  implausible_date: {
    message: 'a creation time outside the plausible years',
    hint:
      'A mistyped year (0201 for 2021) or a wrong date format; fix the value, or widen the range with ' +
      '--plausible-years FROM-TO (config input.plausible_years: [FROM, TO]).',
  },
};

/**
 * The ticket report of `input` on a SQL engine. `runner` is for tests (an engine already open);
 * otherwise the engine is opened and closed here.
 */

export type Accounting = Omit<InputAccounting, 'used' | 'skipped'> & {
  skipped: Omit<InputAccounting['skipped'], 'outside_period'>;
};

export function accountingOf(
  rows: readonly SqlRow[],
  files: InputAccounting['files'],
  profile: string,
  plausibleYears: readonly [number, number] = DEFAULT_PLAUSIBLE_YEARS,
): Accounting {
  let read = 0;
  let rejected = 0;
  let folded = 0;
  let nulled = 0;
  let blank = 0;
  let deleted: number | undefined;
  const issues: InputAccounting['issues'] = [];
  for (const r of rows) {
    const n = Number(r.rows);
    const verdict = String(r.verdict);
    // A blank row is no row read (the JS reader skips it and counts it apart); a deleted ticket is a
    // row read and left out, as a row outside the window is.
    if (verdict === 'skip:blank') {
      blank += n;
      continue;
    }
    read += n;
    if (verdict === 'skip:deleted') {
      deleted = (deleted ?? 0) + n;
      continue;
    }
    folded += Number(r.folded);
    nulled += Number(r.nulled);
    if (verdict === 'ok') continue;
    rejected += n;
    const [code = verdict, column = null] = verdict.split(':');
    const text = ISSUE_TEXT[code] ?? { message: code, hint: '' };
    const message = code === 'implausible_date' ? `${text.message} ${plausibleYears.join('-')}` : text.message;
    issues.push({ code, column, count: n, action: 'rejected', message, hint: text.hint, samples: [] });
  }
  return {
    files: files.map((f) => ({ ...f, profile, rows: files.length === 1 ? read : f.rows })),
    read,
    rejected,
    nulled,
    skipped: { duplicate: folded, blank, ...(deleted === undefined ? {} : { deleted }) },
    issues,
  };
}

export interface RowsContext {
  asOf: number;
  repeatWindowDays: number;
  repeatSame: 'category' | null;
  fcrVariant: SqlReportOptions['fcrVariant'];
  resolutionRate: SqlReportOptions['resolutionRate'];
  recompute: boolean;
  resolutionInstant: SqlReportOptions['resolutionInstant'];
  custom: SqlReportOptions['custom'];
  sla?: SqlReportOptions['sla'];
  window: TicketRunOptions['window'];
  inputTimezone: string;
  version: string;
  present: ReadonlySet<string>;
}

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The value of one metric from a statement row (the columns named as the CSV's). */
export function metricValue(m: MetricDefinition, row: SqlRow): MetricValue {
  const k = (suffix: string) => row[`${m.id}${suffix}`];
  if (m.kind === 'count') return { kind: 'count', value: Number(row[m.id] ?? 0) };
  if (m.kind === 'rate') {
    const numerator = Number(k('_num') ?? 0);
    const denominator = Number(k('_den') ?? 0);
    return { kind: 'rate', numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
  }
  if (m.kind === 'total') {
    const total = {
      kind: 'total' as const,
      n: Number(k('_n') ?? 0),
      sum: Number(k('_sum') ?? 0),
      mean: num(k('_mean')),
    };
    if (m.stats !== true) return total;
    // The order statistics of a total that states them; its distribution is the JS engine's only.
    const [median, p90, p95, min, max] = ['_median', '_p90', '_p95', '_min', '_max'].map((x) => num(k(x)));
    return { ...total, median, p90, p95, min, max } as MetricValue;
  }
  const unit = m.unit ?? 'minutes';
  const suffix = unit === 'hours' ? 'h' : 'min';
  const f = (figure: string) => num(k(`_${figure}_${suffix}`));
  return {
    kind: 'duration',
    unit,
    n: Number(k('_n') ?? 0),
    mean: f('mean'),
    median: f('median'),
    p90: f('p90'),
    p95: f('p95'),
    min: f('min'),
    max: f('max'),
  };
}

export const groupText = (v: string | null) => v ?? '\uffff';

/** The report model of the statement's rows (accounting set by the caller). */
export function reportFromRows(
  rows: readonly SqlRow[],
  metrics: readonly MetricDefinition[],
  skipped: readonly { id: string; reason: string }[],
  ctx: RowsContext,
): Report {
  const { window } = ctx;
  const zone = window.timezone;
  const out: ReportRow[] = rows.map((row) => ({
    period: {
      label: String(row.period),
      start: formatInstant(Number(row.period_start_ms), zone),
      end: formatInstant(Number(row.period_end_ms), zone),
    },
    group: Object.fromEntries(
      window.by.map((name) => [name, row[name] === null || row[name] === undefined ? null : String(row[name])]),
    ),
    metrics: Object.fromEntries([
      ...metrics.map((m) => [m.id, metricValue(m, row)] as const),
      ...skipped.map((s) => [s.id, { kind: 'unavailable', reason: s.reason.replace(/^unavailable: /, '') }] as const),
    ]),
  }));
  // Rows as the JS report orders them: by period, then groups by their values (missing last).
  const starts = rows.map((r) => Number(r.period_start_ms));
  const order = out.map((_, i) => i);
  order.sort((a, b) => {
    const d = (starts[a] as number) - (starts[b] as number);
    if (d !== 0) return d;
    for (const name of window.by) {
      const c = groupText((out[a] as ReportRow).group[name] ?? null).localeCompare(
        groupText((out[b] as ReportRow).group[name] ?? null),
        'en',
      );
      if (c !== 0) return c;
    }
    return 0;
  });
  const all = [
    ...metrics,
    ...skipped.map((s) => ticketMetricsFor(ctx).find((m) => m.id === s.id)).filter((m) => m !== undefined),
  ];
  const ordered = ticketMetricsFor(ctx).filter((m) => all.some((x) => x.id === m.id));
  const options = { ...ctx, clock: undefined };
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: ctx.version },
    kind: 'tickets',
    window: reportWindow({
      since: window.since,
      until: window.until,
      asOf: ctx.asOf,
      timezone: zone,
      inputTimezone: ctx.inputTimezone,
      period: window.period,
      weekStart: window.weekStart,
      by: window.by.map((name) => ({ name })),
      compare: null,
    }),
    definitions: {
      metrics: Object.fromEntries(ordered.map((m) => [m.id, m.describe(options)])),
      fcr_variant: `fcr.${ctx.fcrVariant}`,
      resolution_rate_variant: ctx.resolutionRate,
      repeat_window_days: ctx.repeatWindowDays,
      repeat_same: ctx.repeatSame,
      sources: durationSources(ctx.present as ReadonlySet<never>, options),
      quantile_method: QUANTILE_METHOD,
      clock: describeClock(undefined),
    },
    input: {
      files: [],
      read: 0,
      used: 0,
      skipped: { outside_period: 0, duplicate: 0, blank: 0 },
      rejected: 0,
      nulled: 0,
      issues: [],
    },
    columns: columnSpecs(ordered),
    rows: order.map((i) => out[i] as ReportRow),
  };
}

/** How the columns of the table `opsmetrics sql` writes for store their values. */
