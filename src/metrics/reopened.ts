import { and, gt, isNotNull, num, ref } from '../derive/expr.js';
import { isResolved } from '../derive/resolution.js';
import type { MetricDefinition } from './types.js';

/**
 * Reopened rate (Zendesk Explore's "% reopened"): tickets created in the period, resolved by as-of,
 * that were reopened at least once (reopens > 0) / those resolved tickets with a known reopen count.
 * @example metricOver(reopened, [{ created: 0, solved: 1, reopens: 0 }, { created: 0, solved: 1, reopens: 2 }],
 * options).value // 0.5
 */
export const reopened: MetricDefinition = {
  id: 'reopened',
  kind: 'rate',
  headline: ['value'],
  label: 'Reopened',
  describe: () =>
    'resolved tickets with reopens > 0 / resolved tickets with a known reopen count (Zendesk, dbt_zendesk)',
  unavailable: (ctx) =>
    ctx.table.present.has('reopens') ? null : 'no reopen count: map reopens (Zendesk `Reopens`) or use event data',
  rule: () => ({ kind: 'rate', counted: and(isResolved, isNotNull(ref('reopens'))), hit: gt(ref('reopens'), num(0)) }),
};
