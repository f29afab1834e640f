import { rate } from '../summarize.js';
import { onTimeText, punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * At-risk rate: orders still open at as-of (no event yet, not cancelled) whose promise has passed /
 * orders with a promise, not cancelled. These are the orders customers are asking about now.
 * @example
 * // 10 orders with a promise, 2 undelivered past it at as-of -> 20% (2/10); a cancelled order (no punctuality,
 * // as the order context derives it) is left out
 * const { onTime, late, openLate, open, unknown } = Punctuality;
 * const punctuality = Uint8Array.of(...Array(5).fill(onTime), late, openLate, openLate, open, open, unknown);
 * atRiskRate.compute({ punctuality }, Int32Array.from(punctuality.keys()))
 * // { kind: 'rate', numerator: 2, denominator: 10, value: 0.2 }
 */
export const atRiskRate: OrderMetricDefinition = {
  id: 'at_risk_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'At-risk rate',
  describe: (o) =>
    `orders not ${o.onTimeEvent} by as-of with the promise already passed ` +
    `/ orders with a promise (cancelled excluded); event: ${onTimeText(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) => {
    let risk = 0;
    let promised = 0;
    for (let j = 0; j < cohort.length; j++) {
      const p = ctx.punctuality[cohort[j] as number];
      if (p === Punctuality.openLate) risk++;
      if (p !== Punctuality.unknown) promised++;
    }
    return rate(risk, promised);
  },
};
