import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect } from './context.js';
import { punctualityUnavailable } from './promise.js';
import { Punctuality, type OrderMetricDefinition } from './types.js';

/**
 * Lateness (hours): how late the late orders were, event minus promise, over late_orders.
 * Calendar time, or business hours with a schedule.
 * @example promised Fri 24:00, delivered Mon 12:00 -> 60 h
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
