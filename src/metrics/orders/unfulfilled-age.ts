import { summarizeDurations } from '../summarize.js';
import { clockSuffix, collect, startUnavailable } from './context.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Unfulfilled age (hours): for orders of the period neither cancelled nor fulfilled (nor shipped) by
 * as-of, as-of minus creation. The orders a fulfilment time leaves out, so a slow backlog shows.
 * @example
 * // created Mon 10:00, still unfulfilled at as-of Wed 10:00 -> 48 h (calendar time)
 * const ctx = {
 *   table: { instants: { created: Float64Array.of(Date.UTC(2025, 10, 17, 10)), fulfilled: [NaN], shipped: [NaN] } },
 *   options: { asOf: Date.UTC(2025, 10, 19, 10) },
 *   cancelled: Uint8Array.of(0),
 *   elapsedMs: (start, end) => end - start,
 *   scratch: new Float64Array(16),
 * };
 * unfulfilledAge.compute(ctx, Int32Array.of(0))
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 48, median: 48, p90: 48, p95: 48, min: 48, max: 48 }
 */
export const unfulfilledAge: OrderMetricDefinition = {
  id: 'unfulfilled_age',
  kind: 'duration',
  unit: 'hours',
  headline: [],
  label: 'Unfulfilled age',
  describe: (o) =>
    `as-of minus creation for orders neither cancelled nor fulfilled (nor shipped) by as-of, hours${clockSuffix(o)}`,
  unavailable: (ctx) =>
    startUnavailable(ctx) ??
    (ctx.table.present.has('fulfilled') || ctx.table.present.has('shipped')
      ? null
      : 'no fulfilment column: map fulfilled (or shipped)'),
  compute: (ctx, cohort) => {
    const { created, fulfilled, shipped } = ctx.table.instants;
    const asOf = ctx.options.asOf;
    return summarizeDurations(
      collect(ctx, cohort, (i) => {
        if (ctx.cancelled[i] === 1 || (fulfilled[i] as number) < asOf || (shipped[i] as number) < asOf) return NaN;
        return ctx.elapsedMs(created[i] as number, asOf);
      }),
      'hours',
    );
  },
};
