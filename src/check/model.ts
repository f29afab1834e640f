/**
 * What `opsmetrics check` produces: one result per check and group, and the outcome. The JSON output
 * is this object as it is; the table, JUnit, GitHub and Markdown renderers read it. A run that ends
 * before judging (unreadable input, bad config, a bug) is a `CheckRunFailure` instead, which the CI
 * renderers show as well, so that a failed night always leaves a trace where CI users look.
 */
import type { CheckSeverity } from './config.js';
import type { PeriodRef, ReportWindow } from '../report/model.js';
import type { Operator, Statistic } from './parse.js';

/**
 * - `pass` / `fail`: judged;
 * - `skipped`: the group's sample is smaller than `min_sample` (not a failure, unless `--fail-on skip`);
 * - `error`: the figure cannot be computed (metric unavailable, or no group has any data): never a
 *   pass and never a breach; the run exits 3.
 */
export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'error';

/**
 * `--fail-on`: the lowest level that fails the run (exit 1). `error`: failed error-severity checks;
 * `warning`: failed warning checks too; `skip`: also results that were skipped (small sample, no data).
 */
export type FailOn = CheckSeverity | 'skip';

/** How a figure and its target are shown: a rate as a percentage, durations in their unit, else a number. */
export type CheckUnit = 'percent' | 'seconds' | 'minutes' | 'hours' | 'number';

export interface CheckResult {
  /** Unique per check and group: the expression, then the group: `p90(frt) <= 4h [team=Billing]`. */
  name: string;
  /** The expression in canonical spelling. */
  check: string;
  /** Where the check was written: `checks[0]`, `checks[2].expr`, `--threshold`. */
  source: string;
  /** The config file and 1-based line of a check from `checks:`; null for `--threshold`. */
  file: string | null;
  line: number | null;
  metric: string;
  stat: Statistic;
  op: Operator;
  /** Target in the figure's unit: a fraction for rates, seconds, minutes or hours for durations. */
  target: number;
  /** The target as written: `4h`, `95%`. */
  target_text: string;
  unit: CheckUnit;
  /**
   * The clock a duration was measured on, as the report states it (`calendar time`, `business hours:
   * support (Europe/Berlin)`); null for figures that are no duration.
   */
  clock: string | null;
  severity: CheckSeverity;
  min_sample: number;
  /** The row's period when the run has `--period`; null for the whole window. */
  period: PeriodRef | null;
  /** Dimension -> value of the group judged (as in the data); empty for the whole window. */
  group: Record<string, string | null>;
  /** The figure in `unit`, null when it could not be computed. */
  value: number | null;
  /** Tickets (orders) in the figure's sample: duration n, rate denominator, tickets created for counts. */
  n: number | null;
  status: CheckStatus;
  /** True when this result makes the run fail: an error, or a failure (or skip) at or above `--fail-on`. */
  fails_run: boolean;
  /** Why a check was skipped or could not be computed, or how a count without tickets was judged; else null. */
  reason: string | null;
}

export interface CheckSummary {
  total: number;
  passed: number;
  /** Failures that fail the run (severity at or above --fail-on). */
  failed: number;
  /** Failures below --fail-on: reported, not fatal. */
  warned: number;
  /** Skipped results (those that fail the run with `--fail-on skip` included). */
  skipped: number;
  errors: number;
}

export interface CheckReport {
  schema_version: number;
  tool: { name: 'opsmetrics'; version: string };
  kind: 'check';
  /** What was read: ticket exports (or event logs folded into tickets), or order exports. */
  input_kind: 'tickets' | 'orders';
  window: ReportWindow;
  fail_on: FailOn;
  summary: CheckSummary;
  /** 0 all pass, 1 a check failed, 3 a check could not be computed (wins over 1). */
  exit_code: 0 | 1 | 3;
  results: CheckResult[];
}

/**
 * A run of `check` that ended before it could judge: the input could not be read or was empty, too
 * many rows were rejected, the config or a flag is wrong, or a bug. Its exit code is the error's.
 */
export interface CheckRunFailure {
  /** The error code (src/errors.ts, docs/errors.md), e.g. `file_not_found`, `internal_error`. */
  code: string;
  exit_code: 2 | 3 | 4;
  /** What went wrong, as the error line on standard error says it (without the `opsmetrics: error:` prefix). */
  message: string;
  /** Where: a file, `file:line`, an option or a config key; null when unknown. */
  where: string | null;
  /** How to fix it; null when there is no hint. */
  hint: string | null;
  /** The config file and line the error is about, when it is one (for a CI annotation's `file=` and `line=`). */
  file: string | null;
  line: number | null;
}
