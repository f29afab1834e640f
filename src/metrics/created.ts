import { TRUE } from '../derive/expr.js';
import type { MetricDefinition } from './types.js';

/**
 * Tickets created: the number of tickets whose creation instant falls in the row's period.
 * @example metricOver(created, [{ created: 1 }, { created: 2 }], options) // { kind: 'count', value: 2 }
 */
export const created: MetricDefinition = {
  id: 'created',
  kind: 'count',
  headline: ['value'],
  label: 'Created',
  describe: () => 'tickets created in the period (since <= created < until, report zone)',
  unavailable: () => null,
  rule: () => ({ kind: 'count', counted: TRUE }),
};
