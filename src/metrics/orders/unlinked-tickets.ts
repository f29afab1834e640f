import { contactsUnavailable } from './contacts.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Unlinked tickets: tickets created in the period that no rule linked to an order. They belong to
 * no order, so they cannot follow an order dimension: with `--by` the figure is unavailable (the
 * report's `order_contacts.unlinked` has the window's total).
 * @example
 * // 12 tickets this week (days 0-5), 9 linked -> 3; a ticket of the week before is not counted
 * const ticketCreated = Float64Array.from({ length: 13 }, (_, t) => (t < 12 ? (t % 6) * DAY : -DAY));
 * const orderOf = Int32Array.from({ length: 13 }, (_, t) => (t < 9 ? 0 : -1));
 * const ctx = { contacts: { links: { orderOf }, ticketCreated } };
 * unlinkedTickets.compute(ctx, new Int32Array(0), { start: 0, end: 7 * DAY, grouped: false })
 * // { kind: 'count', value: 3 }
 */
export const unlinkedTickets: OrderMetricDefinition = {
  id: 'unlinked_tickets',
  kind: 'count',
  headline: ['value'],
  label: 'Unlinked tickets',
  describe: () =>
    'tickets created in the period linked to no order (no known order number ' +
    'or subject reference, no order from the same email within the window)',
  unavailable: contactsUnavailable,
  compute: (ctx, _cohort, scope) => {
    if (scope.grouped)
      return {
        kind: 'unavailable',
        reason: 'unlinked tickets have no order, so no order dimension: see order_contacts.unlinked',
      };
    const { links, ticketCreated } = ctx.contacts!;
    let value = 0;
    for (let t = 0; t < ticketCreated.length; t++) {
      const c = ticketCreated[t] as number;
      if (links.orderOf[t] === -1 && c >= scope.start && c < scope.end) value++;
    }
    return { kind: 'count', value };
  },
};
