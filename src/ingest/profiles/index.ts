import { freshdesk } from './freshdesk.js';
import { generic } from './generic.js';
import { jira } from './jira.js';
import { servicenow } from './servicenow.js';
import type { Profile } from './types.js';
import { zendesk } from './zendesk.js';

export type { Profile } from './types.js';

/** Every profile; detection prefers the fullest signature match, then this order. */
export const PROFILES: readonly Profile[] = [zendesk, freshdesk, servicenow, jira, generic];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name.toLowerCase());
}

/** Header lookup key: case-insensitive and trimmed, as real exports differ from the docs in small ways. */
export const headerKey = (name: string): string => name.trim().toLowerCase();

/** Header lookup: headerKey -> the first column with that name. */
export function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

export interface Detection {
  profile: Profile | null;
  /** The profile with the most signature columns present, and what it lacks (for the error message). */
  closest: { profile: Profile; missing: string[] } | null;
}

/**
 * Picks the profile whose whole signature is in the header; when several are (a merged export, a
 * header carrying another vendor's column names too), the one with the most signature columns wins,
 * as the longer signature is the more specific claim. Ties go to the earlier profile in PROFILES.
 * @example detectProfile(['number', 'opened_at', 'state']).profile?.name // 'servicenow'
 */
export function detectProfile(header: readonly string[], profiles: readonly Profile[] = PROFILES): Detection {
  const keys = new Set(header.map(headerKey));
  let closest: Detection['closest'] = null;
  let bestScore = -1;
  let matched: Profile | null = null;
  for (const profile of profiles) {
    if (profile.signature.length === 0) continue;
    const missing = profile.signature.filter((c) => !keys.has(headerKey(c)));
    if (missing.length === 0) {
      if (matched === null || profile.signature.length > matched.signature.length) matched = profile;
      continue;
    }
    if (matched !== null) continue;
    const score = profile.signature.length - missing.length;
    if (score > bestScore) {
      bestScore = score;
      closest = { profile, missing };
    }
  }
  return matched === null ? { profile: null, closest } : { profile: matched, closest: null };
}

/** The columns of an unknown export that look like a mapping's essentials, by their names; null when none does. */
export interface MappingGuess {
  id: string | null;
  created: string | null;
  /** The resolution column and the field it maps to (`solved`, or `closed` for a column named so). */
  resolved: { field: 'solved' | 'closed'; column: string } | null;
}

/**
 * Guesses, from column names alone, the id, creation and resolution columns of an export no profile
 * knows, for the example mapping of the error message (the user checks it; nothing is read this way).
 * A column naming a person (`Created By`) or a duration (`Time to close`) is never a timestamp.
 * @example guessMapping(['Unique Key', 'Created Date', 'Closed Date', 'Agency'])
 * // { id: 'Unique Key', created: 'Created Date', resolved: { field: 'closed', column: 'Closed Date' } }
 */
export function guessMapping(header: readonly string[]): MappingGuess {
  // Words apart: `closed_at` and `Date/Time Closed` read as `closed at` and `Date Time Closed`.
  const columns = header
    .map((name) => ({ name: name.trim(), words: name.trim().replace(/[_\-/.]+/g, ' ') }))
    .filter((c) => c.name !== '');
  // Columns about a person or a duration (`Time to close`, `Resolution time in minutes`) are no instants.
  const other = /\b(by|user|agent|owner|assignee|name|email|time to|minutes|hours|duration|sla|due)\b/i;
  const timed = (pattern: RegExp) => columns.find((c) => pattern.test(c.words) && !other.test(c.words))?.name ?? null;
  const id =
    columns.find((c) =>
      /^((ticket|case|incident|request|issue|unique|record)\s*)?(id|key|number|no|#)$/i.test(c.words.trim()),
    )?.name ?? null;
  const created = timed(/\b(creat\w*|opened|submitted|reported|logged|received)\b/i);
  const solved = timed(/\b(solved|resolved|completed)\b/i);
  const closed = timed(/\b(closed?|closure)\b/i);
  const resolved =
    solved !== null
      ? { field: 'solved' as const, column: solved }
      : closed !== null
        ? { field: 'closed' as const, column: closed }
        : null;
  return { id, created, resolved };
}
