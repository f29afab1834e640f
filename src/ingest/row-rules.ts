/**
 * The rules a ticket row's instants must keep, in one place for both readers: the reference reader
 * reports a broken rule as an `impossible_value` issue (normalize.ts); the fast engine's byte lane
 * asks `breaksRule` and hands such a row to the reference reader, which reports it.
 *
 * 1. Every instant but `created` and `updated` lies at or after the creation.
 * 2. None lies longer after the creation than the longest plausible duration (a reply decades after
 *    creation is a unit or date error, not a slow ticket; config input.max_duration_days).
 * 0. The creation lies within the plausible years (config input.plausible_years, `--plausible-years`,
 *    default 1970-2100): a year 0201 is a typo, and would make a weekly report of 95,000 periods.
 * 3. The first reply does not follow the first resolution (first solved, else solved, else closed):
 *    the first reply time would be longer than the resolution time.
 *
 * The rules read a row's values by position, as each reader lays them out.
 */
import type { DurationField, InstantField, TicketRows } from '../model/ticket.js';
import { maxDurationMs } from './values.js';

export interface InstantRules {
  /** Position of `created` among the row's values. */
  readonly created: number;
  /** Positions of the instants rules 1 and 2 check, in the reader's field order. */
  readonly checked: Int32Array;
  /** Position of the first reply, -1 when the reader has none. */
  readonly reply: number;
  /** Positions of the resolutions rule 3 looks at, in order: first solved, solved, closed. */
  readonly resolutions: Int32Array;
  readonly longestMs: number;
  /** The plausible creation instants (rule 0): from the start of the first year to the end of the last. */
  readonly earliestMs: number;
  readonly latestMs: number;
}

/** Default of `input.plausible_years` / `--plausible-years`: creation times outside are implausible. */
export const DEFAULT_PLAUSIBLE_YEARS: readonly [number, number] = [1970, 2100];

/**
 * The instants of a plausible range of years, UTC: from January 1 of the first to the end of the last.
 * @example plausibleRangeMs([1970, 2100])[0] // 0
 */
export function plausibleRangeMs(years: readonly [number, number] = DEFAULT_PLAUSIBLE_YEARS): [number, number] {
  const start = new Date(0);
  start.setUTCFullYear(years[0], 0, 1);
  const end = new Date(0);
  end.setUTCFullYear(years[1] + 1, 0, 1);
  return [start.getTime(), end.getTime() - 1];
}

/**
 * The rules over values laid out as `fields` (a position per field; non-instants are undefined).
 * @example instantRules(['created', 'solved', 'first_reply'], 3650).checked // Int32Array.of(1, 2)
 */
export function instantRules(
  fields: readonly (InstantField | undefined)[],
  maxDurationDays: number | undefined,
  plausibleYears?: readonly [number, number],
): InstantRules {
  const [earliestMs, latestMs] = plausibleRangeMs(plausibleYears);
  const at = (field: InstantField) => fields.indexOf(field);
  const checked: number[] = [];
  fields.forEach((field, k) => {
    if (field !== undefined && field !== 'created' && field !== 'updated') checked.push(k);
  });
  return {
    created: at('created'),
    checked: Int32Array.from(checked),
    reply: at('first_reply'),
    resolutions: Int32Array.from((['first_solved', 'solved', 'closed'] as const).map(at).filter((k) => k >= 0)),
    longestMs: maxDurationMs(maxDurationDays),
    earliestMs,
    latestMs,
  };
}

/**
 * Rule 1: the instant at position k precedes the creation.
 * @example
 * // created at 100, solved at 50 (epoch ms): solved before it was created
 * const rules = instantRules(['created', 'solved'], 3650);
 * beforeCreation(Float64Array.of(100, 50), rules, 1) // true
 */
export const beforeCreation = (values: Float64Array, rules: InstantRules, k: number): boolean =>
  (values[k] as number) < (values[rules.created] as number);

/**
 * Rule 2: the instant at position k lies longer after the creation than any plausible duration.
 * (NaN compares false: a missing instant keeps both rules.)
 */
export const tooLongAfterCreation = (values: Float64Array, rules: InstantRules, k: number): boolean =>
  (values[k] as number) - (values[rules.created] as number) > rules.longestMs;

/** Rule 3: the position of the first resolution the first reply follows, or -1 when it keeps the rule. */
export function replyAfterResolution(values: Float64Array, rules: InstantRules): number {
  if (rules.reply < 0) return -1;
  const reply = values[rules.reply] as number;
  for (let j = 0; j < rules.resolutions.length; j++) {
    const k = rules.resolutions[j] as number;
    const resolved = values[k] as number;
    if (!Number.isNaN(resolved)) return reply > resolved ? k : -1;
  }
  return -1;
}

/**
 * Rule 0: the creation lies outside the plausible years (NaN, no creation, keeps the rule).
 * @example
 * // 0201-11-03: a mistyped year
 * implausibleCreation(Float64Array.of(Date.UTC(201, 10, 3)), instantRules(['created'], 3650))
 * // true
 */
export const implausibleCreation = (values: Float64Array, rules: InstantRules): boolean => {
  if (rules.created < 0) return false;
  const created = values[rules.created] as number;
  return created < rules.earliestMs || created > rules.latestMs;
};

/** Whether the row breaks any rule. */
export function breaksRule(values: Float64Array, rules: InstantRules): boolean {
  if (implausibleCreation(values, rules)) return true;
  const checked = rules.checked;
  for (let j = 0; j < checked.length; j++) {
    const k = checked[j] as number;
    if (beforeCreation(values, rules, k) || tooLongAfterCreation(values, rules, k)) return true;
  }
  return replyAfterResolution(values, rules) >= 0;
}

/** A duration that counts as missing when it is zero and none of `unless` is there (Profile.zeroMeansMissingUnless). */
export interface ZeroRule {
  readonly field: DurationField;
  readonly unless: readonly InstantField[];
}

/**
 * Empties the durations of row `row` that its zero rules say are missing: Freshdesk writes
 * `00:00:00` both for "answered at once" and for "never answered", and only the timestamp tells.
 */
export function applyZeroRules(
  table: Pick<TicketRows, 'durations' | 'instants'>,
  row: number,
  rules: readonly ZeroRule[],
): void {
  for (const rule of rules) {
    if (
      table.durations[rule.field][row] === 0 &&
      rule.unless.every((at) => Number.isNaN(table.instants[at][row] as number))
    ) {
      table.durations[rule.field][row] = NaN;
    }
  }
}
