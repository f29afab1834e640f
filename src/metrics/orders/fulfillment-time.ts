import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect, startText, startUnavailable } from './context.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Time to fulfil (hours): fulfilled (else shipped) minus creation (or payment, `--orders-from paid`),
 * for orders not cancelled and fulfilled before as-of. Orders without the start instant are skipped.
 * Calendar time, or business hours with a schedule.
 * @example created Mon 10:00, fulfilled Tue 16:00 -> 30 h
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
