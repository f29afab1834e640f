/** Teams per case (event data): distinct teams named by a case's events, over cases with a team. */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { evaluateMetric } from '../../engine/evaluate.js';
import { foldEvents } from '../../../test/helpers/events.js';
import { TEAM_LOG } from '../../../test/helpers/team-log.js';
import { metricOver, referenceOptions } from '../reference.js';
import { teamsPerCase } from './teams.js';

describe('teams_per_case', () => {
  it('sums distinct teams over the cases with one (the rule over per-case values)', () => {
    // 1, 3 and no team -> n 2, sum 4, mean 2
    const cases = [1, 3, 0].map((k) => ({ created: 0, 'case.distinct_teams': k }));
    expect(metricOver({ ...teamsPerCase, unavailable: () => null }, cases)).toEqual({
      kind: 'total',
      n: 2,
      sum: 4,
      mean: 2,
    });
  });

  it('on a folded log: A 2, B 1, E 2 (C and D have no team) -> n 3, sum 5', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(evaluateMetric(ctx, teamsPerCase, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'total',
      n: 3,
      sum: 5,
      mean: 5 / 3,
    });
  });

  it('needs a team column in the log', () => {
    const { table } = foldEvents(
      [{ case: 'X', at: '09:00', activity: 'created', status: 'new', agent: 'ann' }],
      ['case', 'timestamp', 'activity', 'status', 'resource'],
    );
    expect(teamsPerCase.unavailable(createTicketContext(table, referenceOptions()))).toBe(
      'the event log has no teams: map the event field team',
    );
  });
});
