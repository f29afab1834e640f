/**
 * The report's `complaints` section: the classes and rules of the run, the rules that never matched,
 * and with `--explain` every match; plus the stderr lines for both.
 */
import type { Tickets } from '../model/ticket.js';
import type { ComplaintClassifier } from './classifier.js';

/** Complaint rules of the run: always in JSON when classes exist. */
export interface ComplaintRulesSummary {
  classes: { name: string; origin: 'default' | 'config'; fields: string[]; rules: string[] }[];
  /** Rules that matched no input row (dead rules: a typo, or a word the customers do not use). */
  unmatched: { class: string; rule: string }[];
  /** With `--explain`: every match behind the classes of tickets created in the window. */
  matches?: { ticket: string; class: string; rule: string; field: string; text: string }[];
}

/** The section, matches in ticket (input) order when `explain`. */
export function complaintRulesSummary(
  classifier: ComplaintClassifier,
  table: Tickets,
  explain: boolean,
): ComplaintRulesSummary {
  const summary: ComplaintRulesSummary = {
    classes: classifier.classes.map((c) => ({
      name: c.name,
      origin: c.origin,
      fields: [...c.fields],
      rules: c.rules.map((r) => r.source),
    })),
    unmatched: classifier.unmatchedRules().map((u) => ({ class: u.className, rule: u.rule })),
  };
  if (explain) {
    const rows = [...table.complaintMatches.keys()].filter((row) => row < table.length).sort((a, b) => a - b);
    summary.matches = rows.flatMap((row) =>
      (table.complaintMatches.get(row) ?? []).map((m) => ({
        ticket: table.ids.get(row),
        class: m.className,
        rule: m.rule,
        field: m.field,
        text: m.text,
      })),
    );
  }
  return summary;
}

/**
 * Lines for stderr: for each class in `warnFor` (all classes when null) whose rules include some that
 * matched no input row, one warning naming them; then one line per `--explain` match. The default
 * classes are left out of the warnings unless asked: on a small export most default words never occur.
 * @example
 * // two rules never matched, one of the class asked about, one of a default class (left out)
 * const unmatched = [{ class: 'delay', rule: 'late parcel' }, { class: 'billing', rule: 'iban' }];
 * complaintLines({ classes: [], unmatched }, new Set(['delay']))
 * // ['opsmetrics: warning: complaint class delay: rule "late parcel" matched no ticket']
 */
export function complaintLines(summary: ComplaintRulesSummary, warnFor: ReadonlySet<string> | null): string[] {
  const byClass = new Map<string, string[]>();
  for (const u of summary.unmatched) {
    if (warnFor !== null && !warnFor.has(u.class)) continue;
    byClass.set(u.class, [...(byClass.get(u.class) ?? []), JSON.stringify(u.rule)]);
  }
  const lines = [...byClass].map(
    ([name, rules]) =>
      `opsmetrics: warning: complaint class ${name}: ` +
      `${rules.length === 1 ? 'rule' : 'rules'} ${rules.join(', ')} matched no ticket`,
  );
  for (const m of summary.matches ?? []) {
    lines.push(
      `opsmetrics: explain: ticket ${m.ticket}: ${m.class} by rule ` +
        `${JSON.stringify(m.rule)} in ${m.field}: ${JSON.stringify(m.text)}`,
    );
  }
  return lines;
}
