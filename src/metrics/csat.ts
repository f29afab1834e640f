import { eq, isNotNull, num, ref } from '../derive/expr.js';
import { Satisfaction } from '../model/ticket.js';
import type { MetricDefinition } from './types.js';

const satisfaction = ref('satisfaction');

/**
 * Customer satisfaction (Zendesk): good ratings / (good + bad) over tickets created in the period;
 * unrated, offered and not-offered tickets are left out.
 * @example metricOver(csat, [1, 1, 0, null].map((s) => ({ created: 0, satisfaction: s })), options).numerator // 2
 */
export const csat: MetricDefinition = {
  id: 'csat',
  kind: 'rate',
  headline: ['value'],
  label: 'CSAT',
  describe: () => 'good / (good + bad) satisfaction ratings (Zendesk)',
  unavailable: (ctx) => (ctx.table.present.has('satisfaction') ? null : 'no satisfaction column: map satisfaction'),
  rule: () => ({ kind: 'rate', counted: isNotNull(satisfaction), hit: eq(satisfaction, num(Satisfaction.good)) }),
};
