/**
 * Every export profile, of the three kinds, and the one detector: the profile whose whole signature
 * the header has (several: the longest signature, the more specific claim; ties: the earlier in
 * PROFILES); else, for orders and events, the kind's generic profile (its candidate columns, or a
 * mapping), for tickets none (a mapping then names the columns).
 */
import { eventsGeneric } from './events/generic.js';
import { eventsXes } from './events/xes.js';
import { eventsZendeskComments, eventsZendeskFieldHistory } from './events/zendesk.js';
import { ordersGeneric } from './orders/generic.js';
import { shopify } from './orders/shopify.js';
import { freshdesk } from './tickets/freshdesk.js';
import { generic } from './tickets/generic.js';
import { jira } from './tickets/jira.js';
import { servicenow } from './tickets/servicenow.js';
import { zendesk } from './tickets/zendesk.js';
import type { EventProfile, InputKind, OrderProfile, Profile, TicketProfile } from './types.js';

export type { EventProfile, InputKind, OrderProfile, Profile, TicketProfile } from './types.js';

/** Every profile, by kind, in detection order. */
export const PROFILES = {
  tickets: [zendesk, freshdesk, servicenow, jira, generic],
  orders: [shopify, ordersGeneric],
  events: [eventsZendeskFieldHistory, eventsZendeskComments, eventsXes, eventsGeneric],
} as const satisfies {
  tickets: readonly TicketProfile[];
  orders: readonly OrderProfile[];
  events: readonly EventProfile[];
};

/** The profile of a kind a header matches when no signature is whole: none for tickets. */
const FALLBACK = { tickets: null, orders: ordersGeneric, events: eventsGeneric } as const;

type ProfileOf<K extends InputKind> = K extends 'tickets'
  ? TicketProfile
  : K extends 'orders'
    ? OrderProfile
    : EventProfile;

/** The names of a kind's profiles (what `--profile`, `--orders-profile` choose from). */
export type ProfileName<K extends InputKind> = (typeof PROFILES)[K][number]['name'];

/** Every profile of every kind. */
export const ALL_PROFILES: readonly Profile[] = [...PROFILES.tickets, ...PROFILES.orders, ...PROFILES.events];

/** The profile of kind `kind` named `name` (case-insensitive), or undefined. */
export function findProfile<K extends InputKind>(kind: K, name: string): ProfileOf<K> | undefined {
  return (PROFILES[kind] as readonly Profile[]).find((p) => p.name === name.toLowerCase()) as ProfileOf<K> | undefined;
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

export interface Detection<P extends Profile> {
  /** The profile the header matches, the kind's fallback, or null (tickets). */
  profile: P | null;
  /** Whether `profile` matched its signature (false: the fallback). */
  matched: boolean;
  /** The profile with the most signature columns present, and what it lacks (for the error message). */
  closest: { profile: P; missing: string[] } | null;
}

/**
 * The profile of kind `kind` whose whole signature is in the header (see the module's comment).
 * @example detectProfile('tickets', ['number', 'opened_at', 'state']).profile?.name // 'servicenow'
 * @example detectProfile('orders', ['order_id', 'purchased']).profile?.name // 'orders-generic'
 */
export function detectProfile<K extends InputKind>(
  kind: K,
  header: readonly string[],
  profiles: readonly ProfileOf<K>[] = PROFILES[kind] as readonly Profile[] as readonly ProfileOf<K>[],
): Detection<ProfileOf<K>> {
  const keys = new Set(header.map(headerKey));
  let closest: Detection<ProfileOf<K>>['closest'] = null;
  let bestScore = -1;
  let matched: ProfileOf<K> | null = null;
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
  if (matched !== null) return { profile: matched, matched: true, closest: null };
  return { profile: FALLBACK[kind] as ProfileOf<K> | null, matched: false, closest };
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
