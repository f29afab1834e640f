import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect } from './context.js';
import { punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * Lateness (hours): how late the late orders were, event minus promise, over late_orders.
 * Calendar time, or business hours with a schedule.
 * @example
 * // promised Fri 24:00 (Sat 2025-11-22 00:00), delivered Mon 12:00 -> 48 + 12 = 60 h (calendar time)
 * const ctx = {
 *   punctuality: Uint8Array.of(Punctuality.late),
 *   promiseAt: Float64Array.of(Date.UTC(2025, 10, 22)),
 *   eventAt: Float64Array.of(Date.UTC(2025, 10, 24, 12)),
 *   elapsedMs: (start, end) => end - start,
 *   scratch: new Float64Array(16),
 * };
 * lateness.compute(ctx, Int32Array.of(0))
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 60, median: 60, p90: 60, p95: 60, min: 60, max: 60 }
 */
export const lateness: OrderMetricDefinition = {
  id: 'lateness',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Lateness',
  describe: (o) => `event (${o.onTimeEvent}) minus the promise, hours, over late orders${clockSuffix(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) =>
    summarizeDurations(
      collect(ctx, cohort, (i) =>
        ctx.punctuality[i] === Punctuality.late
          ? ctx.elapsedMs(ctx.promiseAt[i] as number, ctx.eventAt[i] as number)
          : NaN,
      ),
      'hours',
    ),
};
