import { contactsUnavailable } from './contacts.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Unlinked tickets: tickets created in the period that no rule linked to an order. They belong to
 * no order, so they cannot follow an order dimension: with `--by` the figure is unavailable (the
 * report's `order_contacts.unlinked` has the window's total).
 * @example 12 tickets this week, 9 linked -> 3
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
