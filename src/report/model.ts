/**
 * The report model: what every renderer reads. Built once by `buildTicketReport`, then rendered as a
 * table, CSV, JSON... JSON output is this object as it is (documented in docs/json.md and
 * versioned by `schema_version`).
 */

import type { ComplaintRulesSummary, Insights } from './insights/types.js';

export const SCHEMA_VERSION = 1;

export type {
  CountValue,
  DurationValue,
  MetricValue,
  RateValue,
  TotalValue,
  UnavailableValue,
} from '../metrics/values.js';
import type { MetricValue } from '../metrics/values.js';
import type { DurationReconciliation } from '../metrics/reconciliation.js';
import type { ProcessSummary } from '../metrics/events/process.js';

export type { DurationReconciliation } from '../metrics/reconciliation.js';
export type { ProcessSummary } from '../metrics/events/process.js';

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
  /**
   * `deleted` (a connector's Zendesk tables only, docs/warehouse.md): tickets the connector marks
   * deleted, left out as dbt_zendesk leaves them out. Then read = used + outside_period + duplicate +
   * deleted + rejected. `blank` rows are not among the rows read.
   */
  skipped: { outside_period: number; duplicate: number; blank: number; folded?: number; deleted?: number };
  rejected: number;
  /** Rows kept with one or more fields set to null because their value was unusable. */
  nulled: number;
  issues: IssueSummary[];
  /**
   * Conversation exports only (docs/events.md): messages read, conversations built from the reply
   * links, replies whose parent is not in the input (each starts a conversation) and reply cycles.
   */
  conversations?: { messages: number; conversations: number; orphans: number; cycles: number };
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

/** How one input file's columns fed the fields (the mapping `inspect` shows before a report). */
export interface FileMapping {
  file: string;
  kind: 'tickets' | 'orders' | 'events';
  /** The export profile used (detected, named, or `generic` for a mapping). */
  profile: string;
  /** Field (mapping name) -> the column that fed it. */
  columns: Record<string, string>;
  /** The fields the profile or the detection mapped (the others come from the user's mapping). */
  auto: string[];
  /** Fields the profile would have mapped that the user switched off (`--map field=`, `--unmap`, `field: null`). */
  unmapped: string[];
}

/** A default or fallback that changes a headline figure, stated beside it. */
export interface Assumption {
  /** Stable key: `resolution_instant`, `input_timezone`, `date_formats`, `promise`, `date_only_promise`... */
  key: string;
  /** The statement as printed, e.g. "resolution instant: resolved_at, else closed_at for 1,204 tickets". */
  text: string;
  /** How many tickets, orders or rows it applied to, when it is counted. */
  count?: number;
  /** True when it is the default (no flag or config key chose it). */
  default: boolean;
}

/** What a report assumed: the mapping of every file, the defaults and fallbacks taken, the values emptied. */
export interface Assumptions {
  mapping: FileMapping[];
  statements: Assumption[];
  /** Values emptied (rows kept), by rule and column: the `nulled` issues of `input.issues`. */
  emptied: { code: string; column: string | null; rows: number; message: string }[];
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

export interface Report {
  schema_version: number;
  tool: { name: 'opsmetrics'; version: string };
  kind: 'tickets' | 'orders';
  window: ReportWindow;
  definitions: Definitions;
  input: InputAccounting;
  /** What the figures rest on besides the definitions: mapping, defaults and fallbacks, emptied values. */
  assumptions?: Assumptions;
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
   * With `--insights` or `--format html`: complaint trends, patterns, consistency
   * (src/report/insights/types.ts). JSON and HTML.
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
