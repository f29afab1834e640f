import { rate } from '../summarize.js';
import { contactsUnavailable } from './contacts.js';
import { punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderContext, type OrderMetricDefinition } from './types.js';

/** Both: tickets to link and a promise to be late against. */
export const contactRateUnavailable = (ctx: OrderContext): string | null =>
  contactsUnavailable(ctx) ?? punctualityUnavailable(ctx);

/**
 * Contact rate of late orders: late orders with at least one linked ticket / late orders, where late
 * means late as of as-of: the event came after the promise, or it has not come and the promise has
 * passed (the open orders are the ones customers ask about). Read beside contact_rate_on_time.
 * @example
 * // 4 late orders (3 delivered late, 1 still open past its promise), 3 with a ticket -> 75% (3/4); the on-time
 * // order's ticket does not count
 * const { onTime, late, openLate } = Punctuality;
 * const ctx = {
 *   punctuality: Uint8Array.of(late, late, openLate, late, onTime),
 *   contacts: { links: { ticketsPerOrder: Int32Array.of(1, 2, 0, 1, 1) } },
 * };
 * contactRateLate.compute(ctx, Int32Array.of(0, 1, 2, 3, 4))
 * // { kind: 'rate', numerator: 3, denominator: 4, value: 0.75 }
 */
export const contactRateLate: OrderMetricDefinition = {
  id: 'contact_rate_late',
  kind: 'rate',
  headline: ['value'],
  label: 'Contact rate, late orders',
  describe: (o) =>
    `late orders (${o.onTimeEvent} after the promise, or not ${o.onTimeEvent} ` +
    `with the promise passed at as-of) with a linked ticket / late orders`,
  unavailable: contactRateUnavailable,
  compute: (ctx, cohort) => {
    const perOrder = ctx.contacts!.links.ticketsPerOrder;
    let contacted = 0;
    let late = 0;
    for (let j = 0; j < cohort.length; j++) {
      const i = cohort[j] as number;
      const p = ctx.punctuality[i];
      if (p !== Punctuality.late && p !== Punctuality.openLate) continue;
      late++;
      if ((perOrder[i] as number) > 0) contacted++;
    }
    return rate(contacted, late);
  },
};
