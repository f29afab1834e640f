import { eventsGeneric } from './events-generic.js';
import type { EventProfile } from './events-types.js';
import { eventsZendeskComments, eventsZendeskFieldHistory } from './events-zendesk.js';

export type { EventProfile } from './events-types.js';

/** Event profiles, most specific first (detection order); `events-generic` is the fallback. */
export const EVENT_PROFILES: readonly EventProfile[] = [
  eventsZendeskFieldHistory,
  eventsZendeskComments,
  eventsGeneric,
];

export function findEventProfile(name: string): EventProfile | undefined {
  return EVENT_PROFILES.find((p) => p.name === name.toLowerCase());
}

/** The first profile whose whole signature is in the header, else `events-generic`. */
export function detectEventProfile(header: readonly string[]): EventProfile {
  const keys = new Set(header.map((h) => h.trim().toLowerCase()));
  return (
    EVENT_PROFILES.find((p) => p.signature.length > 0 && p.signature.every((c) => keys.has(c.toLowerCase()))) ??
    eventsGeneric
  );
}
