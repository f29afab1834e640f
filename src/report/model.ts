/**
 * The report model: what every renderer reads. Built once by `buildTicketReport`, then rendered as a
 * table, CSV, JSON... JSON output is this object as it is (documented in docs/json-schema.md and
 * versioned by `schema_version`).
 */

import type { ComplaintRulesSummary, Insights } from '../insights/types.js';

export const SCHEMA_VERSION = 1;

/** Duration statistics in the unit named by `unit`; every figure is null when n is 0. */
export interface DurationValue {
  kind: 'duration';
  unit: 'minutes' | 'hours';
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/**
 * A ratio with its parts; `value` is numerator / denominator (0..1, may exceed 1 for throughput), null when the
 * denominator is 0.
 */
export interface RateValue {
  kind: 'rate';
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface CountValue {
  kind: 'count';
  value: number;
}

/** A sum over tickets with its mean (e.g. group transfers). */
export interface TotalValue {
  kind: 'total';
  n: number;
  sum: number;
  mean: number | null;
}

/** The input lacks what the metric needs; `reason` says what and how to provide it. */
export interface UnavailableValue {
  kind: 'unavailable';
  reason: string;
}

export type MetricValue = DurationValue | RateValue | CountValue | TotalValue | UnavailableValue;

/** One figure of one metric, flattened for tabular output. */
export interface ColumnSpec {
  /** Column name in CSV/TSV, units in the name: `frt_median_min`, `resolution_rate_pct`. */
  key: string;
  /** Metric id in `ReportRow.metrics`. */
  metric: string;
  /** Which figure of the metric value. */
  figure: 'value' | 'n' | 'mean' | 'median' | 'p90' | 'p95' | 'min' | 'max' | 'numerator' | 'denominator' | 'sum';
  /** Short human label for tables: `FRT median (min)`. */
  label: string;
  /** Shown in the compact terminal table and compared with `--compare previous`. */
  headline: boolean;
  /** Rates are shown as percentages in tabular output (value * 100). */
  percent: boolean;
}

export interface PeriodRef {
  /** `2025-W47`, `2025-11-24`, `2025-11`, or `all`. */
  label: string;
  /** Inclusive start, ISO 8601 with the report zone's offset. */
  start: string;
  /** Exclusive end, ISO 8601 with the report zone's offset. */
  end: string;
}

export interface ReportRow {
  period: PeriodRef;
  /** Dimension name -> value; null for tickets without a value (shown as `(none)`). */
  group: Record<string, string | null>;
  metrics: Record<string, MetricValue>;
  /** With `--compare previous`: the same metrics over the preceding window of equal length. */
  previous?: { period: PeriodRef; metrics: Record<string, MetricValue> };
}

export interface IssueSummary {
  code: string;
  column: string | null;
  count: number;
  action: 'rejected' | 'nulled' | 'skipped';
  message: string;
  hint: string | null;
  /** Up to a few examples with their location. */
  samples: { file: string; line: number; value: string | null }[];
}

export interface InputAccounting {
  files: { path: string; profile: string; encoding: string; delimiter: string | null; rows: number }[];
  /** Data rows read (records after the header, blank lines excluded). */
  read: number;
  /** Rows that became tickets created inside the report window. */
  used: number;
  /** Rows kept out of the window's figures, by reason. read = used + sum(skipped) + rejected. */
  /**
   * `folded` (event input only, docs/events.md): event rows that did not start a case, i.e. later events
   * of a case and ignored field-history rows. Then read = used + outside_period + folded + rejected.
   */
  skipped: { outside_period: number; duplicate: number; blank: number; folded?: number };
  rejected: number;
  /** Rows kept with one or more fields set to null because their value was unusable. */
  nulled: number;
  issues: IssueSummary[];
}

export interface Definitions {
  /** Metric id -> the definition text used for this run (variant included). */
  metrics: Record<string, string>;
  fcr_variant: string;
  resolution_rate_variant: 'cohort' | 'throughput';
  repeat_window_days: number;
  repeat_same: string | null;
  /** How each duration was obtained: export column or timestamps. */
  sources: Record<string, string>;
  quantile_method: string;
  clock: string;
}

export interface ReportWindow {
  since: string | null;
  until: string | null;
  as_of: string;
  timezone: string;
  input_timezone: string;
  period: 'day' | 'week' | 'month' | null;
  week_start: 'monday' | 'sunday';
  by: string[];
  compare: 'previous' | null;
}

/**
 * Our figure beside the export's own for one duration metric, in minutes, over the tickets created in
 * the report window that have both. With a business clock: ours recomputed from timestamps on the
 * run's schedule, theirs from the export's business-hours column (the vendor's schedule). With a
 * calendar clock: ours from timestamps alone, theirs from the export's calendar duration column.
 * Medians follow `definitions.quantile_method`; every figure is null when n is 0.
 */
export interface DurationReconciliation {
  /** The export column compared with, as a ticket field: `first_reply_business_duration`. */
  theirs: string;
  /** Tickets with both values. */
  n: number;
  ours_median_min: number | null;
  theirs_median_min: number | null;
  /** Median over tickets of |ours - theirs|. */
  median_abs_diff_min: number | null;
  /** Share (0..1) of the n tickets where |ours - theirs| <= 1 minute. */
  within_1_min: number | null;
}

export interface Report {
  schema_version: number;
  tool: { name: 'opsmetrics'; version: string };
  kind: 'tickets' | 'orders';
  window: ReportWindow;
  definitions: Definitions;
  input: InputAccounting;
  columns: ColumnSpec[];
  rows: ReportRow[];
  /**
   * Only when the export has a duration column on the run's clock (business-hours columns with
   * business hours, calendar columns otherwise) and the matching timestamps: metric id (`frt`,
   * `resolution_first`, `resolution_full`) -> our figure beside the export's. Absent otherwise.
   * JSON only: not flattened into CSV columns.
   */
  reconciliation?: Record<string, DurationReconciliation>;
  /** Orders reports with tickets only: how tickets were linked to orders (see docs/orders.md). JSON only. */
  order_contacts?: OrderContactSummary;
  /**
   * Event input only (docs/events.md): process tables over the cases created in the report window,
   * all groups together. Absent for ticket exports, so their reports are unchanged.
   */
  process?: ProcessSummary;
  /**
   * Complaint classes and their rules, rules that never matched, `--explain` matches (docs/weekly-report.md). JSON and
   * HTML.
   */
  complaints?: ComplaintRulesSummary;
  /**
   * With `--insights` or `--format html`: complaint trends, patterns, consistency (src/insights/types.ts). JSON and
   * HTML.
   */
  insights?: Insights;
  /**
   * With `--format html` or `xlsx`: the same metrics over wider cells, for the headline tiles and the
   * summary sheets. Absent otherwise.
   */
  totals?: ReportTotals;
}

/** The report's metrics over all groups and over the whole window (see `Report.totals`). */
export interface ReportTotals {
  /**
   * The whole window, every group (period `all`, group `{}`), with `previous`: the window of equal
   * length just before it.
   */
  window: ReportRow;
  /** With `--period` and `--by`: each period over every group (group `{}`). */
  periods?: ReportRow[];
  /** With `--period` and `--by`: each group over the whole window (period `all`). */
  groups?: ReportRow[];
}

/** How the tickets of an orders report were linked, over all tickets read. */
export interface OrderContactSummary {
  tickets: number;
  linked: { order_number: number; subject: number; email: number };
  unlinked: number;
  email_window_days: number;
  /**
   * Ticket categories of the tickets linked to late orders of the window (late as in
   * `contact_rate_late`), most frequent first, beside those of on-time orders.
   */
  categories_after_late: { category: string | null; tickets: number }[];
  categories_after_on_time: { category: string | null; tickets: number }[];
}

/**
 * Process tables of an event log (see docs/events.md). Durations in hours, quantiles as `definitions.quantile_method`.
 */
export interface ProcessSummary {
  /** Cases created in the window, and those of them not resolved at as-of (still open at the end of the log). */
  cases: number;
  open_cases: number;
  /** Events folded into those cases. */
  events: number;
  /** Steps kept per path; a longer path ends with `…`. */
  path_max_steps: number;
  /**
   * The most common paths: activity sequences (consecutive repeats collapsed), most cases first (ties:
   * path text), at most 10. Duration: creation to the case's last event.
   */
  paths: { path: string[]; cases: number; share: number; median_duration_h: number | null }[];
  /**
   * Bottlenecks: per status transition X -> Y, the time spent in X before moving to Y; longest median
   * first (ties: more transitions first), at most 10.
   */
  bottlenecks: { from: string; to: string; n: number; median_h: number | null; p90_h: number | null }[];
}
