/**
 * The report's `assumptions` section: what the figures rest on besides the metric definitions, so
 * that no headline stands without its definition. Which column fed each field (and whether the
 * profile or the user chose it), the defaults and fallbacks taken with how many tickets or orders
 * they applied to, and the values emptied by each rule.
 */
import { formatCount } from './text.js';
import type { Assumption, Assumptions, FileMapping, IssueSummary } from './model.js';

/** The values emptied (rows kept), by rule and column, from the run's issues. */
export function emptiedOf(issues: readonly IssueSummary[]): Assumptions['emptied'] {
  return issues
    .filter((i) => i.action === 'nulled')
    .map((i) => ({ code: i.code, column: i.column, rows: i.count, message: i.message }));
}

/** An assumption with its count, "for N tickets" appended when counted. */
export function counted(key: string, text: string, count: number | undefined, isDefault: boolean): Assumption {
  return { key, text, ...(count === undefined ? {} : { count }), default: isDefault };
}

/**
 * The statement of a file's mapping, one line: `incidents.csv (servicenow): id=number, created=opened_at
 * (profile); team=Queue (mapping); agent switched off`.
 */
export function mappingLine(m: FileMapping): string {
  const pairs = (names: readonly string[]) => names.map((n) => `${n}=${m.columns[n] ?? ''}`).join(', ');
  const auto = m.auto.filter((n) => m.columns[n] !== undefined);
  const own = Object.keys(m.columns).filter((n) => !m.auto.includes(n));
  const parts = [
    auto.length > 0 ? `${pairs(auto)} (${m.profile === 'generic' ? 'detected' : `profile ${m.profile}`})` : '',
    own.length > 0 ? `${pairs(own)} (mapping)` : '',
    m.unmapped.length > 0 ? `switched off: ${m.unmapped.join(', ')}` : '',
  ].filter(Boolean);
  return `${m.file} (${m.kind}, ${m.profile}): ${parts.join('; ')}`;
}

/** "1,204 of 5,000 tickets". */
export const ofTotal = (count: number, total: number, noun: string): string =>
  `${formatCount(count)} of ${formatCount(total)} ${noun}`;

/** The lines the table footer and the Markdown report print. */
export function assumptionLines(a: Assumptions): string[] {
  return [
    ...a.mapping.map((m) => `columns: ${mappingLine(m)}`),
    ...a.statements.map((s) => `${s.text}${s.default ? '' : ' (chosen)'}`),
    ...a.emptied.map((e) => `emptied: ${formatCount(e.rows)} ${e.code}${e.column ? ` in "${e.column}"` : ''}`),
  ];
}
