/**
 * The `insights` section of the report (`--insights`, always with `--format html`): complaint trends,
 * recurring patterns with emerging issues, and consistency across agents, teams and channels.
 * Optional: reports without it are unchanged. Rules and tests are described in docs/weekly-report.md
 * and repeated in the section itself (`method` texts), so a saved report explains itself.
 */

/** One period of a complaint class. */
export interface ComplaintPeriod {
  period: string;
  /** Tickets created in the period. */
  created: number;
  /** Tickets of the class created in the period. */
  count: number;
  /** count / created; null without tickets. */
  share: number | null;
}

export interface ComplaintTrend {
  class: string;
  /** Over the whole window. */
  count: number;
  share: number | null;
  periods: ComplaintPeriod[];
  /**
   * Least-squares slope of the share over the periods, in percentage points per period; null under 2 periods with
   * tickets.
   */
  slope_pp_per_period: number | null;
  /** Share of the last period minus that of the one before, in percentage points; null when either is null. */
  change_pp: number | null;
}

/** A recurring category or tag over the window. */
export interface PatternItem {
  value: string;
  tickets: number;
  /** tickets / tickets created in the window. */
  share: number;
  /** Repeat contacts among these tickets (as `repeat_contact_rate`) / tickets; null without a customer column. */
  repeat_contact_rate: number | null;
}

/** A category whose count in a period exceeds what its share in the previous periods predicts. */
export interface EmergingIssue {
  category: string;
  period: string;
  /** Tickets of the category in the period. */
  count: number;
  /** Tickets created in the period. */
  created: number;
  /** Share of the category over the previous periods (smoothed, see `method`). */
  baseline_share: number;
  /** created × baseline_share. */
  expected: number;
  /** One-sided exact binomial P(X >= count). */
  p_value: number;
  /** Categories tested in the period (the Bonferroni divisor). */
  tested: number;
}

export interface Patterns {
  top_categories: PatternItem[];
  top_tags: PatternItem[];
  emerging: EmergingIssue[];
  /** The test behind `emerging`, in words, with its parameters. */
  method: string;
  history_periods: number;
  alpha: number;
  min_count: number;
}

/** One group's figure for one measure. */
export interface GroupFigure {
  group: string;
  /** Tickets behind the figure (tickets with a value; FCR: its denominator). */
  n: number;
  value: number | null;
  /** Robust z-score against the other groups with n >= min_n; null when not scored. */
  z: number | null;
  flagged: boolean;
}

export interface MeasureSpread {
  /** `frt_median_min`, `resolution_full_median_h`, `fcr`. */
  measure: string;
  /** Over the groups with n >= min_n. */
  groups: number;
  min: number | null;
  max: number | null;
  median: number | null;
  iqr: number | null;
  cv: number | null;
  figures: GroupFigure[];
}

export interface ConsistencyDimension {
  /** `agent`, `team` or `channel`. */
  dimension: string;
  measures: MeasureSpread[];
}

/** p90 / median per team: how far the slow tickets are from the typical one. */
export interface Predictability {
  team: string;
  measure: 'frt' | 'resolution_full';
  n: number;
  median: number | null;
  p90: number | null;
  /** p90 / median; null when the median is 0 or null. */
  ratio: number | null;
}

export interface Consistency {
  min_n: number;
  z_threshold: number;
  /** The flagging rule, in words. */
  method: string;
  dimensions: ConsistencyDimension[];
  predictability: Predictability[];
}

export interface HistogramBin {
  /** `<5 min`, `5–15 min`, `≥2 d`. */
  label: string;
  /** Lower bound, inclusive, in the histogram's unit. */
  from: number;
  /** Upper bound, exclusive; null for the last bin. */
  to: number | null;
  count: number;
}

export interface Histogram {
  unit: 'minutes' | 'hours';
  n: number;
  bins: HistogramBin[];
}

export interface Insights {
  /** The unit of the insight periods: the report's `--period`, else ISO weeks. */
  period_unit: 'day' | 'week' | 'month';
  complaints: ComplaintTrend[];
  patterns: Patterns;
  consistency: Consistency;
  distributions: { frt: Histogram; resolution_full: Histogram };
}

export type { ComplaintRulesSummary } from '../../complaints/summary.js';
