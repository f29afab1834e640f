/**
 * Hand-built reports for the renderer tests. Every figure is chosen so that the expected output can
 * be worked out on paper (29/40 = 72.5%, 186 min = 3.1 h).
 */

import type {
  ColumnSpec,
  CountValue,
  DurationValue,
  MetricValue,
  RateValue,
  Report,
  ReportRow,
  ReportWindow,
  TotalValue,
  UnavailableValue,
} from '../../src/report/model.js';

export function duration(
  unit: DurationValue['unit'],
  figures: Partial<Omit<DurationValue, 'kind' | 'unit'>> & { n: number },
): DurationValue {
  return { kind: 'duration', unit, mean: null, median: null, p90: null, p95: null, min: null, max: null, ...figures };
}

export function rate(numerator: number, denominator: number): RateValue {
  return { kind: 'rate', numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

export function count(value: number): CountValue {
  return { kind: 'count', value };
}

export function total(sum: number, n: number): TotalValue {
  return { kind: 'total', sum, n, mean: n === 0 ? null : sum / n };
}

export function unavailable(reason: string): UnavailableValue {
  return { kind: 'unavailable', reason };
}

function column(
  key: string,
  metric: string,
  figure: ColumnSpec['figure'],
  label: string,
  headline = false,
  percent = false,
): ColumnSpec {
  return { key, metric, figure, label, headline, percent };
}

/** Headline: frt median, resolution rate, reopened, csat; the rest are detail columns. */
export const COLUMNS: ColumnSpec[] = [
  column('frt_median_min', 'frt', 'median', 'FRT median (min)', true),
  column('frt_p90_min', 'frt', 'p90', 'FRT p90 (min)'),
  column('frt_n', 'frt', 'n', 'FRT n'),
  column('resolution_rate_pct', 'resolution_rate', 'value', 'Resolution rate (%)', true, true),
  column('resolution_rate_resolved', 'resolution_rate', 'numerator', 'Resolved', false, true),
  column('resolution_rate_tickets', 'resolution_rate', 'denominator', 'Tickets', false, true),
  column('resolution_median_h', 'resolution_time', 'median', 'Resolution median (h)'),
  column('reopened', 'reopens', 'value', 'Reopened', true),
  column('transfers_mean', 'transfers', 'mean', 'Transfers (mean)'),
  column('csat_pct', 'csat', 'value', 'CSAT (%)', true, true),
];

export const COLUMN = Object.fromEntries(COLUMNS.map((spec) => [spec.key, spec])) as Record<string, ColumnSpec>;

/** Metrics of the "current" sample row: FRT median 42 min, p90 186 min (3.1 h), 29 of 40 resolved. */
export function sampleMetrics(): Record<string, MetricValue> {
  return {
    frt: duration('minutes', { n: 37, median: 42, p90: 186, mean: 50.25, p95: 200, min: 1, max: 300 }),
    resolution_rate: rate(29, 40),
    resolution_time: duration('hours', { n: 29, median: 5.5, p90: 30, mean: 9 }),
    reopens: count(3),
    transfers: total(12, 40),
    csat: unavailable('no satisfaction column; map one with --column csat=<name>'),
  };
}

export function sampleRow(overrides: Partial<ReportRow> = {}): ReportRow {
  return {
    period: { label: '2025-W47', start: '2025-11-17T00:00:00+01:00', end: '2025-11-24T00:00:00+01:00' },
    group: {},
    metrics: sampleMetrics(),
    ...overrides,
  };
}

export function sampleReport(
  overrides: { window?: Partial<ReportWindow>; rows?: ReportRow[]; columns?: ColumnSpec[] } = {},
): Report {
  return {
    schema_version: 1,
    tool: { name: 'opsmetrics', version: '0.1.0' },
    kind: 'tickets',
    window: {
      since: '2025-11-17',
      until: '2025-11-24',
      as_of: '2025-11-24T09:00:00+01:00',
      timezone: 'Europe/Berlin',
      input_timezone: 'America/New_York',
      period: 'week',
      week_start: 'monday',
      by: [],
      compare: null,
      ...overrides.window,
    },
    definitions: {
      metrics: {
        frt: 'First reply time: created to first public agent reply, calendar minutes.',
        resolution_rate: 'Tickets created in the window and solved by as_of, over tickets created.',
      },
      fcr_variant: 'one-touch',
      resolution_rate_variant: 'cohort',
      repeat_window_days: 7,
      repeat_same: 'requester',
      sources: { frt: 'timestamps' },
      quantile_method: 'linear interpolation (R-7)',
      clock: 'calendar',
    },
    input: {
      files: [{ path: 'tickets.csv', profile: 'zendesk', encoding: 'utf-8', delimiter: ',', rows: 1234 }],
      read: 1234,
      used: 1200,
      skipped: { outside_period: 25, duplicate: 3, blank: 2 },
      rejected: 4,
      nulled: 10,
      issues: [
        {
          code: 'bad_date',
          column: 'created_at',
          count: 4,
          action: 'rejected',
          message: 'Not a date.',
          hint: 'Pass --date-format.',
          samples: [{ file: 'tickets.csv', line: 7, value: '31/02' }],
        },
      ],
    },
    columns: overrides.columns ?? COLUMNS,
    rows: overrides.rows ?? [sampleRow()],
  };
}

/**
 * A report grouped by `team` with one row per team value: the metrics of the sample row, so that
 * only the group cell varies.
 */
export function groupedReport(teams: (string | null)[], window: Partial<ReportWindow> = {}): Report {
  return sampleReport({
    window: { by: ['team'], ...window },
    rows: teams.map((team) => sampleRow({ group: { team } })),
  });
}

/** A previous week for the sample row: FRT 40 -> 42 min (+5%), resolution 70% -> 72.5% (+2.5 pp), reopened 0 -> 3. */
export function previousWeek(): NonNullable<ReportRow['previous']> {
  return {
    period: { label: '2025-W46', start: '2025-11-10T00:00:00+01:00', end: '2025-11-17T00:00:00+01:00' },
    metrics: {
      ...sampleMetrics(),
      frt: duration('minutes', { n: 30, median: 40, p90: 200, mean: 45 }),
      resolution_rate: rate(28, 40),
      reopens: count(0),
    },
  };
}

/** The sample row compared with `previousWeek`. */
export function compareReport(): Report {
  return sampleReport({ window: { compare: 'previous' }, rows: [sampleRow({ previous: previousWeek() })] });
}
