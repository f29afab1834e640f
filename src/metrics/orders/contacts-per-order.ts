import { contactsUnavailable } from './contacts.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Contacts per order: tickets linked to the orders of the period (whenever the ticket was created)
 * / orders of the period, as a total: n orders, sum of linked tickets, mean = contacts per order.
 * @example
 * // 10 orders, 4 tickets linked to 3 of them -> sum 4, n 10, mean 0.4
 * const ticketsPerOrder = Int32Array.of(2, 1, 1, 0, 0, 0, 0, 0, 0, 0);
 * contactsPerOrder.compute({ contacts: { links: { ticketsPerOrder } } }, Int32Array.from(ticketsPerOrder.keys()))
 * // { kind: 'total', n: 10, sum: 4, mean: 0.4 }
 */
export const contactsPerOrder: OrderMetricDefinition = {
  id: 'contacts_per_order',
  kind: 'total',
  headline: ['mean'],
  label: 'Contacts per order',
  describe: (o) =>
    `tickets linked to the period's orders / orders (mean); linked by order number, else a #number ` +
    `in the subject, else the requester's email within ${o.linkWindowDays} days after the order`,
  unavailable: contactsUnavailable,
  compute: (ctx, cohort) => {
    const perOrder = ctx.contacts!.links.ticketsPerOrder;
    let sum = 0;
    for (let j = 0; j < cohort.length; j++) sum += perOrder[cohort[j] as number] as number;
    return { kind: 'total', n: cohort.length, sum, mean: cohort.length === 0 ? null : sum / cohort.length };
  },
};
