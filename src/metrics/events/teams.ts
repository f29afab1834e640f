import { gt, num, ref, when } from '../../derive/expr.js';
import type { MetricDefinition } from '../types.js';
import { needsEvents } from './common.js';

/**
 * Teams per case, event data only: the number of distinct teams named by a case's events. Sum and
 * mean over the cases created in the period that have at least one team.
 * @example
 * // The rule over the fold's per-case values (plain tickets carry no event log: the metric itself would be
 * // unavailable). Cases with 1, 3 and no team: the last is left out -> n 2, sum 4.
 * const cases = [1, 3, 0].map((k) => ({ created: 0, 'case.distinct_teams': k }));
 * metricOver({ ...teamsPerCase, unavailable: () => null }, cases, options) // { kind: 'total', n: 2, sum: 4, mean: 2 }
 */
export const teamsPerCase: MetricDefinition = {
  id: 'teams_per_case',
  kind: 'total',
  headline: [],
  label: 'Teams per case',
  describe: () => 'distinct teams named by the events of a case: sum and mean over cases with a team (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'teams'),
  rule: () => ({ kind: 'total', value: when(gt(ref('case.distinct_teams'), num(0)), ref('case.distinct_teams')) }),
};
