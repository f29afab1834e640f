/**
 * The rules a ticket row's instants must keep, in one place for both readers: the reference reader
 * reports a broken rule as an `impossible_value` issue (normalize.ts); the fast engine's byte lane
 * asks `breaksRule` and hands such a row to the reference reader, which reports it.
 *
 * 1. Every instant but `created` and `updated` lies at or after the creation.
 * 2. None lies longer after the creation than the longest plausible duration (a reply decades after
 *    creation is a unit or date error, not a slow ticket; config input.max_duration_days).
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
}

/**
 * The rules over values laid out as `fields` (a position per field; non-instants are undefined).
 * @example instantRules(['created', 'solved', 'first_reply'], 3650).checked // Int32Array.of(1, 2)
 */
export function instantRules(
  fields: readonly (InstantField | undefined)[],
  maxDurationDays: number | undefined,
): InstantRules {
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

/** Whether the row breaks any rule. */
export function breaksRule(values: Float64Array, rules: InstantRules): boolean {
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
