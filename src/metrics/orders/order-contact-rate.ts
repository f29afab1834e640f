import { rate } from '../summarize.js';
import { contactsUnavailable } from './contacts.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Order contact rate: orders with at least one linked ticket / orders of the period.
 * @example
 * // 10 orders, tickets linked to 3 of them -> 30% (3/10)
 * const ticketsPerOrder = Int32Array.of(2, 1, 1, 0, 0, 0, 0, 0, 0, 0);
 * orderContactRate.compute({ contacts: { links: { ticketsPerOrder } } }, Int32Array.from(ticketsPerOrder.keys()))
 * // { kind: 'rate', numerator: 3, denominator: 10, value: 0.3 }
 */
export const orderContactRate: OrderMetricDefinition = {
  id: 'order_contact_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Order contact rate',
  describe: () => 'orders with at least one linked ticket / orders',
  unavailable: contactsUnavailable,
  compute: (ctx, cohort) => {
    const perOrder = ctx.contacts!.links.ticketsPerOrder;
    let contacted = 0;
    for (let j = 0; j < cohort.length; j++) if ((perOrder[cohort[j] as number] as number) > 0) contacted++;
    return rate(contacted, cohort.length);
  },
};
