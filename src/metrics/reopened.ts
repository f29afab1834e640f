import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Reopened rate (Zendesk Explore's "% reopened"): tickets created in the period, resolved by as-of,
 * that were reopened at least once (reopens > 0) / those resolved tickets with a known reopen count.
 * @example 8 resolved tickets with reopen counts, 2 of them with reopens >= 1 -> 25% (2/8)
 */
export const reopened: MetricDefinition = {
  id: 'reopened',
  kind: 'rate',
  headline: ['value'],
  label: 'Reopened',
  describe: () => 'resolved tickets with reopens > 0 / resolved tickets with a known reopen count (Zendesk, dbt_zendesk)',
  unavailable: (ctx) => (ctx.table.present.has('reopens') ? null : 'no reopen count: map reopens (Zendesk `Reopens`) or use event data'),
  compute: (ctx, cohort) => {
    const reopens = ctx.table.counts.reopens;
    let numerator = 0;
    let denominator = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      const r = reopens[t] as number;
      if (Number.isNaN(ctx.resolvedAt[t] as number) || r < 0) continue;
      denominator++;
      if (r > 0) numerator++;
    }
    return rate(numerator, denominator);
  },
};
