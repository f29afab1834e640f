/** Ping-pong rate (event data): cases whose work went A -> B -> A, between teams or between agents. */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { evaluateMetric } from '../../engine/evaluate.js';
import { foldEvents } from '../../../test/helpers/events.js';
import { TEAM_LOG } from '../../../test/helpers/team-log.js';
import { metricOver, referenceOptions } from '../reference.js';
import { pingPong } from './ping-pong.js';

describe('ping_pong', () => {
  it('is cases flagged / every case (the rule over per-case flags)', () => {
    const cases = [1, 0, 0, 1, 0].map((p) => ({ created: 0, 'case.ping_pong': p }));
    expect(metricOver({ ...pingPong, unavailable: () => null }, cases)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 5,
      value: 0.4,
    });
  });

  it('on a folded log: A (teams) and D (agents) went back and forth; B, C, E did not -> 2 / 5', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    expect(Array.from(TEAM_LOG.events?.pingPong ?? [])).toEqual([1, 0, 0, 1, 0]);
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(evaluateMetric(ctx, pingPong, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 5,
      value: 0.4,
    });
  });

  it('A -> B -> C -> A is no ping-pong: the value must come back right after another one', () => {
    const { table } = foldEvents([
      { case: 'R', at: '09:00', activity: 'created', status: 'new', team: 'A' },
      { case: 'R', at: '09:10', activity: 'assigned', team: 'B' },
      { case: 'R', at: '09:20', activity: 'assigned', team: 'C' },
      { case: 'R', at: '09:30', activity: 'assigned', team: 'A' },
    ]);
    expect(table.events?.pingPong[0]).toBe(0);
  });

  it('needs teams or agents in the log', () => {
    const { table } = foldEvents(
      [{ case: 'X', at: '09:00', activity: 'created', status: 'new' }],
      ['case', 'timestamp', 'activity', 'status'],
    );
    expect(pingPong.unavailable(createTicketContext(table, referenceOptions()))).toBe(
      'the event log has no teams or agents: map team or agent',
    );
  });
});
