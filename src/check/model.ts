/**
 * What `opsmetrics check` produces: one result per check and group, and the outcome. The JSON output
 * is this object as it is; the table, JUnit, GitHub and Markdown renderers read it.
 */
import type { CheckSeverity } from './config.js';
import type { PeriodRef, ReportWindow } from '../report/model.js';
import type { Operator, Statistic } from './parse.js';

/**
 * - `pass` / `fail`: judged;
 * - `skipped`: the group's sample is smaller than `min_sample` (not a failure);
 * - `error`: the figure cannot be computed (metric unavailable, or no group has any data): never a
 *   pass and never a breach; the run exits 3.
 */
export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'error';

/** How a figure and its target are shown: a rate as a percentage, durations in their unit, else a number. */
export type CheckUnit = 'percent' | 'minutes' | 'hours' | 'number';

export interface CheckResult {
  /** Unique per check and group: the expression, then the group: `p90(frt) <= 4h [team=Billing]`. */
  name: string;
  /** The expression in canonical spelling. */
  check: string;
  /** Where the check was written: `checks[0]`, `checks[2].expr`, `--threshold`. */
  source: string;
  metric: string;
  stat: Statistic;
  op: Operator;
  /** Target in the figure's unit: a fraction for rates, minutes or hours for durations. */
  target: number;
  /** The target as written: `4h`, `95%`. */
  target_text: string;
  unit: CheckUnit;
  severity: CheckSeverity;
  min_sample: number;
  /** The row's period when the run has `--period`; null for the whole window. */
  period: PeriodRef | null;
  /** Dimension -> value of the group judged; empty for the whole window. */
  group: Record<string, string | null>;
  /** The figure, null when it could not be computed. */
  value: number | null;
  /** Tickets in the figure's sample (duration n, rate denominator, tickets created for counts). */
  n: number | null;
  status: CheckStatus;
  /** True when this result makes the run fail: an error, or a failure at or above `--fail-on`. */
  fails_run: boolean;
  /** Why a check was skipped or could not be computed; null otherwise. */
  reason: string | null;
}

export interface CheckSummary {
  total: number;
  passed: number;
  /** Failures that fail the run (severity at or above --fail-on). */
  failed: number;
  /** Failures below --fail-on: reported, not fatal. */
  warned: number;
  skipped: number;
  errors: number;
}

export interface CheckReport {
  schema_version: number;
  tool: { name: 'opsmetrics'; version: string };
  kind: 'check';
  window: ReportWindow;
  fail_on: CheckSeverity;
  summary: CheckSummary;
  /** 0 all pass, 1 a check failed, 3 a check could not be computed (wins over 1). */
  exit_code: 0 | 1 | 3;
  results: CheckResult[];
}
