import { rate } from '../summarize.js';
import { fromCents, toCents } from './money.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Refunded value share: refunded amounts / order totals, over the orders of the period that have a
 * total (numerator and denominator in the order currency, summed in cents).
 * @example
 * // totals 100.00 and 50.00, one refund of 15.00 -> 10% (15/150)
 * const amounts = { total: Float64Array.of(100, 50), refunded: Float64Array.of(15, NaN) };
 * refundedValueShare.compute({ table: { amounts } }, Int32Array.of(0, 1))
 * // { kind: 'rate', numerator: 15, denominator: 150, value: 0.1 }
 */
export const refundedValueShare: OrderMetricDefinition = {
  id: 'refunded_value_share',
  kind: 'rate',
  headline: [],
  label: 'Refunded value share',
  describe: () => 'refunded amounts / order totals, over orders with a total (order currency, not converted)',
  unavailable: (ctx) =>
    ctx.table.present.has('refunded') && ctx.table.present.has('total')
      ? null
      : 'needs both a refunded amount and an order total: map refunded and total',
  compute: (ctx, cohort) => {
    const { total, refunded } = ctx.table.amounts;
    let refundedCents = 0;
    let totalCents = 0;
    for (let j = 0; j < cohort.length; j++) {
      const i = cohort[j] as number;
      const t = total[i] as number;
      if (Number.isNaN(t)) continue;
      totalCents += toCents(t);
      const r = refunded[i] as number;
      if (r > 0) refundedCents += toCents(r);
    }
    return rate(fromCents(refundedCents), fromCents(totalCents));
  },
};
