import { rate } from '../summarize.js';
import { contactRateUnavailable } from './contact-rate-late.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * Contact rate of on-time orders: orders whose event came on or before the promise with at least
 * one linked ticket / such orders. Beside contact_rate_late it shows what lateness costs support.
 * @example
 * // 16 on-time orders, 2 with a ticket -> 12.5% (2/16); the late order (17th) is left out
 * const punctuality = new Uint8Array(17).fill(Punctuality.onTime);
 * punctuality[16] = Punctuality.late;
 * const ticketsPerOrder = new Int32Array(17);
 * ticketsPerOrder[0] = 1;
 * ticketsPerOrder[5] = 3;
 * ticketsPerOrder[16] = 1;
 * const ctx = { punctuality, contacts: { links: { ticketsPerOrder } } };
 * contactRateOnTime.compute(ctx, Int32Array.from(punctuality.keys()))
 * // { kind: 'rate', numerator: 2, denominator: 16, value: 0.125 }
 */
export const contactRateOnTime: OrderMetricDefinition = {
  id: 'contact_rate_on_time',
  kind: 'rate',
  headline: ['value'],
  label: 'Contact rate, on-time orders',
  describe: (o) => `orders ${o.onTimeEvent} on or before the promise with a linked ticket / such orders`,
  unavailable: contactRateUnavailable,
  compute: (ctx, cohort) => {
    const perOrder = ctx.contacts!.links.ticketsPerOrder;
    let contacted = 0;
    let onTime = 0;
    for (let j = 0; j < cohort.length; j++) {
      const i = cohort[j] as number;
      if (ctx.punctuality[i] !== Punctuality.onTime) continue;
      onTime++;
      if ((perOrder[i] as number) > 0) contacted++;
    }
    return rate(contacted, onTime);
  },
};
