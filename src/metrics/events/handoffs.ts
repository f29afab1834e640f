import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Handoffs per case, event data only: the number of times consecutive events of a case name
 * different teams (events without a team are passed over). Sum and mean over the cases created in
 * the period that have at least one team. On event data this equals `group_transfers` (team
 * stations - 1), measured from the events themselves.
 * @example teams along a case's events: Support, Support, Billing, (none), Support -> 2 handoffs
 */
export const handoffs: MetricDefinition = {
  id: 'handoffs',
  kind: 'total',
  headline: ['mean'],
  label: 'Handoffs',
  describe: () => 'team changes between consecutive events of a case (events without a team passed over): sum and mean over cases with a team (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'teams'),
  compute: (ctx, cohort) => {
    const data = eventData(ctx)!;
    let n = 0;
    let sum = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      if ((data.distinctTeams[t] as number) === 0) continue;
      n++;
      sum += data.handoffs[t] as number;
    }
    return { kind: 'total', n, sum, mean: n === 0 ? null : sum / n };
  },
};
