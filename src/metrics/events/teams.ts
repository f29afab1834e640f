import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Teams per case, event data only: the number of distinct teams named by a case's events. Sum and
 * mean over the cases created in the period that have at least one team.
 * @example cases with teams {Support}, {Support, Billing, Tech} and none -> n 2, sum 4, mean 2
 */
export const teamsPerCase: MetricDefinition = {
  id: 'teams_per_case',
  kind: 'total',
  headline: [],
  label: 'Teams per case',
  describe: () => 'distinct teams named by the events of a case: sum and mean over cases with a team (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'teams'),
  compute: (ctx, cohort) => {
    const data = eventData(ctx)!;
    let n = 0;
    let sum = 0;
    for (let j = 0; j < cohort.length; j++) {
      const teams = data.distinctTeams[cohort[j] as number] as number;
      if (teams === 0) continue;
      n++;
      sum += teams;
    }
    return { kind: 'total', n, sum, mean: n === 0 ? null : sum / n };
  },
};
