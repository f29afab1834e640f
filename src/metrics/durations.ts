/** What the duration metrics' definitions share. */
import type { TicketMetricOptions } from './types.js';

/** Appended to a duration's definition: which clock it runs on (the schedule itself is in `definitions.clock`). */
export const clockSuffix = (options: TicketMetricOptions): string =>
  options.clock?.kind === 'business' ? '; counted in business hours only (see clock)' : '';

/** Why replies are unknown in an event log: its messages cannot be told apart as agent or customer. */
export const EVENT_LOG_NO_ROLES =
  'the event log does not say who wrote each message: map the event field role (agent or customer) or ' +
  'inbound (yes/no), or name reply activities in events.vocabulary (docs/events.md)';
