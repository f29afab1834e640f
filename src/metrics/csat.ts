import { rate } from './summarize.js';
import { Satisfaction } from '../model/ticket.js';
import type { MetricDefinition } from './types.js';

/**
 * Customer satisfaction (Zendesk): good ratings / (good + bad) over tickets created in the period;
 * unrated, offered and not-offered tickets are left out.
 * @example ratings good, good, bad, offered -> 66.7% (2/3)
 */
export const csat: MetricDefinition = {
  id: 'csat',
  kind: 'rate',
  headline: ['value'],
  label: 'CSAT',
  describe: () => 'good / (good + bad) satisfaction ratings (Zendesk)',
  unavailable: (ctx) => (ctx.table.present.has('satisfaction') ? null : 'no satisfaction column: map satisfaction'),
  compute: (ctx, cohort) => {
    const s = ctx.table.satisfaction;
    let good = 0;
    let rated = 0;
    for (let j = 0; j < cohort.length; j++) {
      const v = s[cohort[j] as number] as number;
      if (v === Satisfaction.none) continue;
      rated++;
      if (v === Satisfaction.good) good++;
    }
    return rate(good, rated);
  },
};
