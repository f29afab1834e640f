import { fromCents, toCents } from './money.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Refunded value: the sum of refunded amounts (order currency) over the orders of the period with a
 * refunded amount > 0, with n (those orders) and the mean per refunded order. Amounts are summed in
 * cents. Mixed currencies are not converted: group with `--by currency` when a shop sells in several.
 * @example
 * // refunds of 12.50 and 30.00 (and an order without one) -> sum 42.5, n 2, mean 21.25
 * const refunded = Float64Array.of(12.5, 0, 30);
 * refundedValue.compute({ table: { amounts: { refunded } } }, Int32Array.of(0, 1, 2))
 * // { kind: 'total', n: 2, sum: 42.5, mean: 21.25 }
 */
export const refundedValue: OrderMetricDefinition = {
  id: 'refunded_value',
  kind: 'total',
  headline: ['sum'],
  label: 'Refunded value',
  describe: () =>
    'sum of refunded amounts over orders with a refund, order ' +
    'currency (not converted), with the mean per refunded order',
  unavailable: (ctx) => (ctx.table.present.has('refunded') ? null : 'no refunded amount column: map refunded'),
  compute: (ctx, cohort) => {
    const refunded = ctx.table.amounts.refunded;
    let n = 0;
    let cents = 0;
    for (let j = 0; j < cohort.length; j++) {
      const r = refunded[cohort[j] as number] as number;
      if (r > 0) {
        n++;
        cents += toCents(r);
      }
    }
    return { kind: 'total', n, sum: fromCents(cents), mean: n === 0 ? null : fromCents(cents) / n };
  },
};
