import { TRUE } from '../derive/expr.js';
import { isResolved } from '../derive/resolution.js';
import { below, openWork, sortedResolutions } from './open-index.js';
import { resolutionUnavailable } from './resolution-time.js';
import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Resolution rate, two conventions named in every report:
 * - cohort (default): tickets created in the period and resolved by as-of / tickets created in the period;
 * - throughput (Freshdesk): tickets of the group resolved in the period, whatever their creation
 *   date / tickets created in the period; it can exceed 100%.
 * @example metricOver(resolutionRate, [{ created: 0, solved: HOUR }, { created: 0 }], options).value // 0.5
 */
export const resolutionRate: MetricDefinition = {
  id: 'resolution_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Resolution rate',
  describe: (o) =>
    o.resolutionRate === 'cohort'
      ? 'cohort: tickets created in the period and resolved by as-of / tickets created in the period'
      : 'throughput: tickets resolved in the period (any creation date) ' +
        '/ tickets created in the period; can exceed 100% (Freshdesk)',
  unavailable: resolutionUnavailable,
  rule: (o) => (o.resolutionRate === 'cohort' ? { kind: 'rate', counted: TRUE, hit: isResolved } : null),
  across: (o) => (o.resolutionRate === 'throughput' ? { kind: 'resolved_in_period' } : null),
  // Throughput counts the group's tickets resolved in the period, created in it or not: across cohorts.
  compute: (ctx, cohort, scope) => {
    const resolvedAt = ctx.resolvedAt;
    const all = scope.groupTickets;
    // From the group's second period on, two binary searches in its sorted resolutions (open-index.ts).
    const sorted = sortedResolutions(ctx, all, resolvedAt);
    if (sorted !== undefined) {
      openWork.steps++;
      return rate(below(sorted, scope.end) - below(sorted, scope.start), cohort.length);
    }
    openWork.steps += all.length;
    let numerator = 0;
    for (let j = 0; j < all.length; j++) {
      const r = resolvedAt[all[j] as number] as number;
      if (r >= scope.start && r < scope.end) numerator++;
    }
    return rate(numerator, cohort.length);
  },
};
