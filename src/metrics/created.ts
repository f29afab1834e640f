import type { MetricDefinition } from './types.js';

/**
 * Tickets created: the number of tickets whose creation instant falls in the row's period.
 * @example for tickets created at 09:00 and 10:00 on a day, the day's row has `created` 2.
 */
export const created: MetricDefinition = {
  id: 'created',
  kind: 'count',
  headline: ['value'],
  label: 'Created',
  describe: () => 'tickets created in the period (since <= created < until, report zone)',
  unavailable: () => null,
  compute: (_ctx, cohort) => ({ kind: 'count', value: cohort.length }),
};
