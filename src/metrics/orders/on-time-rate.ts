import { rate } from '../summarize.js';
import { onTimeText, punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * On-time rate: orders whose event (delivered, else fulfilled: `--on-time-event`) happened on or
 * before the promise / orders with the event (before as-of) and a promise. Cancelled orders and open
 * ones are excluded; open orders past the promise are at_risk_rate. A date-only promise lasts to the
 * end of that day in the input zone.
 * @example
 * // 3 delivered by the promise, 1 after -> 75% (3/4); an open order (not yet due) is left out
 * const { onTime, late, open } = Punctuality;
 * const punctuality = Uint8Array.of(onTime, onTime, late, onTime, open);
 * onTimeRate.compute({ punctuality }, Int32Array.of(0, 1, 2, 3, 4))
 * // { kind: 'rate', numerator: 3, denominator: 4, value: 0.75 }
 */
export const onTimeRate: OrderMetricDefinition = {
  id: 'on_time_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'On-time rate',
  describe: (o) =>
    `orders ${o.onTimeEvent} on or before the promise / orders ${o.onTimeEvent} ` +
    `with a promise (cancelled excluded); event: ${onTimeText(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) => {
    let onTime = 0;
    let done = 0;
    for (let j = 0; j < cohort.length; j++) {
      const p = ctx.punctuality[cohort[j] as number];
      if (p === Punctuality.onTime) onTime++;
      if (p === Punctuality.onTime || p === Punctuality.late) done++;
    }
    return rate(onTime, done);
  },
};
