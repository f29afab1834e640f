import { rate } from '../summarize.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Cancellation rate: orders cancelled by as-of (a cancellation time, or a cancelled/voided status) /
 * orders created in the period.
 * @example
 * // 20 orders, 1 with `Cancelled at` (before as-of: the order context flags it) -> 5% (1/20)
 * const cancelled = new Uint8Array(20);
 * cancelled[7] = 1;
 * cancellationRate.compute({ cancelled }, Int32Array.from(cancelled.keys()))
 * // { kind: 'rate', numerator: 1, denominator: 20, value: 0.05 }
 */
export const cancellationRate: OrderMetricDefinition = {
  id: 'cancellation_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Cancellation rate',
  describe: () => 'orders cancelled by as-of (cancellation time, or a cancelled/voided status) / orders created',
  unavailable: (ctx) =>
    ctx.table.present.has('cancelled') || ctx.table.present.has('status') || ctx.table.present.has('financial_status')
      ? null
      : 'no cancellation column: map cancelled (or status)',
  compute: (ctx, cohort) => {
    let numerator = 0;
    for (let j = 0; j < cohort.length; j++) numerator += ctx.cancelled[cohort[j] as number] as number;
    return rate(numerator, cohort.length);
  },
};
