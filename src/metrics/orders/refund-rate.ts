import { rate } from '../summarize.js';
import type { OrderContext, OrderMetricDefinition } from './types.js';

/** True when the order had money returned: a refunded amount above 0, or a refunded status. */
export const isRefunded = (ctx: OrderContext, i: number): boolean =>
  (ctx.table.amounts.refunded[i] as number) > 0 || ctx.table.refundedStatus[i] === 1;

export const refundUnavailable = (ctx: OrderContext): string | null =>
  ctx.table.present.has('refunded') || ctx.table.present.has('financial_status')
    ? null
    : 'no refund column: map refunded (amount) or financial_status';

/**
 * Refund rate: orders with a refund (refunded amount > 0, or a refunded / partially refunded
 * status) / orders created in the period, cancelled ones included.
 * @example
 * // 20 orders, 2 with `Refunded Amount` > 0 -> 10% (2/20)
 * const refunded = new Float64Array(20).fill(0);
 * refunded[3] = 12.5;
 * refunded[9] = 30;
 * const table = { amounts: { refunded }, refundedStatus: new Uint8Array(20) };
 * refundRate.compute({ table }, Int32Array.from(refunded.keys()))
 * // { kind: 'rate', numerator: 2, denominator: 20, value: 0.1 }
 */
export const refundRate: OrderMetricDefinition = {
  id: 'refund_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Refund rate',
  describe: () => 'orders with a refund (refunded amount > 0, or a refunded status) / orders created',
  unavailable: refundUnavailable,
  compute: (ctx, cohort) => {
    let numerator = 0;
    for (let j = 0; j < cohort.length; j++) if (isRefunded(ctx, cohort[j] as number)) numerator++;
    return rate(numerator, cohort.length);
  },
};
