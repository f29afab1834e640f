import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Reassigned rate: tickets reassigned at least once / tickets with a known count. A ticket is
 * reassigned when it had more than one assignee station (Zendesk `Assignee stations`) or a
 * reassignment count above 0 (ServiceNow `reassignment_count`); with both mapped either one suffices,
 * and it is known when either count is.
 * @example stations [1, 1, 2, 3] -> 50% (2/4); reassignment counts [0, 2, 0, 1] -> 50% (2/4)
 */
export const reassigned: MetricDefinition = {
  id: 'reassigned',
  kind: 'rate',
  headline: [],
  label: 'Reassigned',
  describe: () =>
    'tickets with assignee stations > 1 (Zendesk) or reassignment count > 0 (ServiceNow), whichever the export has / tickets with a known count',
  unavailable: (ctx) =>
    ctx.table.present.has('assignee_stations') || ctx.table.present.has('reassignments')
      ? null
      : 'no assignee stations or reassignment count: map assignee_stations (Zendesk `Assignee stations`) or reassignments (ServiceNow `reassignment_count`)',
  compute: (ctx, cohort) => {
    const stations = ctx.table.counts.assignee_stations;
    const reassignments = ctx.table.counts.reassignments;
    let numerator = 0;
    let denominator = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      const s = stations[t] as number;
      const r = reassignments[t] as number;
      if (s < 0 && r < 0) continue;
      denominator++;
      if (s > 1 || r > 0) numerator++;
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
