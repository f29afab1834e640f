import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect, startText, startUnavailable } from './context.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Time to deliver (hours): delivered minus creation (or payment), for orders not cancelled and
 * delivered before as-of. Calendar time, or business hours with a schedule.
 * @example
 * // created Mon 10:00, delivered Thu 10:00 -> 72 h (calendar time)
 * const ctx = {
 *   table: { instants: { delivered: Float64Array.of(Date.UTC(2025, 10, 20, 10)) } },
 *   options: { asOf: Date.UTC(2025, 10, 24) },
 *   cancelled: Uint8Array.of(0),
 *   startAt: Float64Array.of(Date.UTC(2025, 10, 17, 10)),
 *   elapsedMs: (start, end) => end - start,
 *   scratch: new Float64Array(16),
 * };
 * deliveryTime.compute(ctx, Int32Array.of(0))
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 72, median: 72, p90: 72, p95: 72, min: 72, max: 72 }
 */
export const deliveryTime: OrderMetricDefinition = {
  id: 'delivery_time',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Time to deliver',
  describe: (o) => `delivered minus ${startText(o)}, hours; cancelled and undelivered orders excluded${clockSuffix(o)}`,
  unavailable: (ctx) =>
    startUnavailable(ctx) ?? (ctx.table.present.has('delivered') ? null : 'no delivery column: map delivered'),
  compute: (ctx, cohort) => {
    const delivered = ctx.table.instants.delivered;
    const asOf = ctx.options.asOf;
    return summarizeDurations(
      collect(ctx, cohort, (i) => {
        const d = delivered[i] as number;
        return ctx.cancelled[i] === 0 && d < asOf ? ctx.elapsedMs(ctx.startAt[i] as number, d) : NaN;
      }),
      'hours',
    );
  },
};
