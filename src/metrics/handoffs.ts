import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Reassigned rate (Zendesk): tickets with more than one assignee station / tickets with a known
 * assignee-station count.
 * @example stations [1, 1, 2, 3] -> 50% (2/4)
 */
export const reassigned: MetricDefinition = {
  id: 'reassigned',
  kind: 'rate',
  headline: [],
  label: 'Reassigned',
  describe: () => 'tickets with assignee stations > 1 / tickets with a known count (Zendesk)',
  unavailable: (ctx) => (ctx.table.present.has('assignee_stations') ? null : 'no assignee stations: map assignee_stations (Zendesk `Assignee stations`)'),
  compute: (ctx, cohort) => {
    const stations = ctx.table.counts.assignee_stations;
    let numerator = 0;
    let denominator = 0;
    for (let j = 0; j < cohort.length; j++) {
      const s = stations[cohort[j] as number] as number;
      if (s < 0) continue;
      denominator++;
      if (s > 1) numerator++;
    }
    return rate(numerator, denominator);
  },
};

/**
 * Group transfers, the handoffs between teams (Zendesk group stations - 1, never below 0): the sum
 * over tickets created in the period with a known count, and the mean per ticket.
 * @example stations [1, 2, 4] -> n 3, sum 4, mean 1.333
 */
export const groupTransfers: MetricDefinition = {
  id: 'group_transfers',
  kind: 'total',
  headline: ['mean'],
  label: 'Group transfers',
  describe: () => 'group stations - 1 per ticket (handoffs between teams): sum and mean over tickets with a known count (Zendesk)',
  unavailable: (ctx) => (ctx.table.present.has('group_stations') ? null : 'no group stations: map group_stations (Zendesk `Group stations`)'),
  compute: (ctx, cohort) => {
    const stations = ctx.table.counts.group_stations;
    let n = 0;
    let sum = 0;
    for (let j = 0; j < cohort.length; j++) {
      const s = stations[cohort[j] as number] as number;
      if (s < 0) continue;
      n++;
      if (s > 1) sum += s - 1;
    }
    return { kind: 'total', n, sum, mean: n === 0 ? null : sum / n };
  },
};
