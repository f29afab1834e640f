import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect, startText, startUnavailable } from './context.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Time to fulfil (hours): fulfilled (else shipped) minus creation (or payment, `--orders-from paid`),
 * for orders not cancelled and fulfilled before as-of. Orders without the start instant are skipped.
 * Calendar time, or business hours with a schedule.
 * @example
 * // created Mon 10:00, fulfilled Tue 16:00 -> 30 h (calendar time)
 * const ctx = {
 *   table: { instants: { fulfilled: Float64Array.of(Date.UTC(2025, 10, 18, 16)), shipped: Float64Array.of(NaN) } },
 *   options: { asOf: Date.UTC(2025, 10, 24) },
 *   cancelled: Uint8Array.of(0),
 *   startAt: Float64Array.of(Date.UTC(2025, 10, 17, 10)),
 *   elapsedMs: (start, end) => end - start,
 *   scratch: new Float64Array(16),
 * };
 * fulfillmentTime.compute(ctx, Int32Array.of(0))
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 30, median: 30, p90: 30, p95: 30, min: 30, max: 30 }
 */
export const fulfillmentTime: OrderMetricDefinition = {
  id: 'fulfillment_time',
  kind: 'duration',
  unit: 'hours',
  headline: ['median', 'p90'],
  label: 'Time to fulfil',
  describe: (o) =>
    `fulfilled (else shipped) minus ${startText(o)}, hours; cancelled ` +
    `and unfulfilled orders excluded (see unfulfilled_age)${clockSuffix(o)}`,
  unavailable: (ctx) =>
    startUnavailable(ctx) ??
    (ctx.table.present.has('fulfilled') || ctx.table.present.has('shipped')
      ? null
      : 'no fulfilment column: map fulfilled (or shipped)'),
  compute: (ctx, cohort) => {
    const { fulfilled, shipped } = ctx.table.instants;
    const asOf = ctx.options.asOf;
    return summarizeDurations(
      collect(ctx, cohort, (i) => {
        if (ctx.cancelled[i] === 1) return NaN;
        const f = Number.isNaN(fulfilled[i] as number) ? (shipped[i] as number) : (fulfilled[i] as number);
        return f < asOf ? ctx.elapsedMs(ctx.startAt[i] as number, f) : NaN;
      }),
      'hours',
    );
  },
};
