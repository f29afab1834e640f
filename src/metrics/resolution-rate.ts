import { cellTally } from '../engine/cell-values.js';
import { resolutionUnavailable } from './resolution-time.js';
import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Resolution rate, two conventions named in every report:
 * - cohort (default): tickets created in the period and resolved by as-of / tickets created in the period;
 * - throughput (Freshdesk): tickets of the group resolved in the period, whatever their creation
 *   date / tickets created in the period; it can exceed 100%.
 * @example 10 created, 7 of them resolved by as-of -> cohort 70% (7/10)
 */
export const resolutionRate: MetricDefinition = {
  id: 'resolution_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Resolution rate',
  describe: (o) =>
    o.resolutionRate === 'cohort'
      ? 'cohort: tickets created in the period and resolved by as-of / tickets created in the period'
      : 'throughput: tickets resolved in the period (any creation date) / tickets created in the period; can exceed 100% (Freshdesk)',
  unavailable: resolutionUnavailable,
  compute: (ctx, cohort, scope) => {
    const resolvedAt = ctx.resolvedAt;
    let numerator = 0;
    if (ctx.options.resolutionRate === 'cohort') {
      const { acc, cell } = cellTally(ctx.cells, 'resolution_rate.resolved', cohort, (cells) => new Int32Array(cells), (resolved, c, i) => {
        if (!Number.isNaN(resolvedAt[i] as number)) resolved[c] = (resolved[c] as number) + 1;
      });
      numerator = acc[cell] as number;
    } else {
      const all = scope.groupTickets;
      for (let j = 0; j < all.length; j++) {
        const r = resolvedAt[all[j] as number] as number;
        if (r >= scope.start && r < scope.end) numerator++;
      }
    }
    return rate(numerator, cohort.length);
  },
};
