import { onTimeText, punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * Late orders: orders whose event happened after the promise (the complement of on_time_rate's
 * numerator within its denominator). Open orders past the promise are counted by at_risk_rate.
 * @example
 * // 3 delivered by the promise, 1 after -> 1; an open order past its promise is at risk, not late
 * const { onTime, late, openLate } = Punctuality;
 * const punctuality = Uint8Array.of(onTime, onTime, onTime, late, openLate);
 * lateOrders.compute({ punctuality }, Int32Array.of(0, 1, 2, 3, 4))
 * // { kind: 'count', value: 1 }
 */
export const lateOrders: OrderMetricDefinition = {
  id: 'late_orders',
  kind: 'count',
  headline: ['value'],
  label: 'Late orders',
  describe: (o) => `orders ${o.onTimeEvent} after the promise (cancelled excluded); event: ${onTimeText(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) => {
    let value = 0;
    for (let j = 0; j < cohort.length; j++) if (ctx.punctuality[cohort[j] as number] === Punctuality.late) value++;
    return { kind: 'count', value };
  },
};
