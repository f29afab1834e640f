/**
 * Builders for the fold steps' tests: events from a compact description, times as `HH:MM` on one day
 * (2025-03-03, UTC), for the tests beside src/derive/events/.
 */
import { GROUP_INDEX, type StatusGroup } from '../../src/model/events.js';
import {
  MESSAGE_AGENT,
  MESSAGE_CUSTOMER,
  MESSAGE_NONE,
  MESSAGE_NOTE,
  newFoldEvent,
  type FoldEvent,
} from '../../src/derive/events/event.js';

export const at = (hhmm: string): number => Date.parse(`2025-03-03T${hhmm}:00Z`);
export const HOUR = 3_600_000;

const MESSAGES = { agent: MESSAGE_AGENT, note: MESSAGE_NOTE, customer: MESSAGE_CUSTOMER, none: MESSAGE_NONE };

export interface EventSpec {
  at: string;
  group?: StatusGroup;
  status?: number;
  cancelled?: boolean;
  message?: keyof typeof MESSAGES;
  byCustomer?: boolean;
  agent?: number;
  team?: number;
  label?: number;
}

/** A fold event of the spec (a new object each, so a test can keep them). */
export function event(spec: EventSpec): FoldEvent {
  const e = newFoldEvent(1);
  e.at = at(spec.at);
  e.group = spec.group === undefined ? 0 : GROUP_INDEX[spec.group];
  e.status = spec.status ?? (spec.group === undefined ? 0 : GROUP_INDEX[spec.group]);
  e.cancelled = spec.cancelled ?? false;
  e.message = MESSAGES[spec.message ?? 'none'];
  e.byCustomer = spec.byCustomer ?? spec.message === 'customer';
  e.agent = spec.agent ?? 0;
  e.team = spec.team ?? 0;
  e.label = spec.label ?? 0;
  return e;
}
