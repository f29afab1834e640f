/** Ping-pong rates (event data): cases whose work went A -> B -> A between teams, and between agents (apart). */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { evaluateMetric } from '../../engine/evaluate.js';
import { foldEvents } from '../../../test/helpers/events.js';
import { TEAM_LOG } from '../../../test/helpers/team-log.js';
import { metricOver, referenceOptions } from '../reference.js';
import { agentPingPong, pingPong } from './ping-pong.js';

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

  it('on a folded log: A went back and forth between teams; D (between agents) counts apart -> 1 / 5', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    expect(Array.from(TEAM_LOG.events?.columns['case.ping_pong']?.data ?? [])).toEqual([1, 0, 0, 0, 0]);
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(evaluateMetric(ctx, pingPong, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 5,
      value: 0.2,
    });
  });

  it('A -> B -> C -> A is no ping-pong: the value must come back right after another one', () => {
    const { table } = foldEvents([
      { case: 'R', at: '09:00', activity: 'created', status: 'new', team: 'A' },
      { case: 'R', at: '09:10', activity: 'assigned', team: 'B' },
      { case: 'R', at: '09:20', activity: 'assigned', team: 'C' },
      { case: 'R', at: '09:30', activity: 'assigned', team: 'A' },
    ]);
    expect(table.events?.columns['case.ping_pong']?.data[0]).toBe(0);
  });

  it('needs teams in the log', () => {
    const { table } = foldEvents(
      [{ case: 'X', at: '09:00', activity: 'created', status: 'new', agent: 'ann' }],
      ['case', 'timestamp', 'activity', 'status', 'resource'],
    );
    expect(pingPong.unavailable(createTicketContext(table, referenceOptions()))).toBe(
      'the event log has no teams: map the event field team',
    );
  });
});

describe('agent_ping_pong', () => {
  it('on a folded log: D went ann -> bob -> ann; no other case between agents -> 1 / 5', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    expect(Array.from(TEAM_LOG.events?.columns['case.agent_ping_pong']?.data ?? [])).toEqual([0, 0, 0, 1, 0]);
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(evaluateMetric(ctx, agentPingPong, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 5,
      value: 0.2,
    });
  });

  it('needs agents in the log', () => {
    const { table } = foldEvents(
      [{ case: 'X', at: '09:00', activity: 'created', status: 'new', team: 'Support' }],
      ['case', 'timestamp', 'activity', 'status', 'team'],
    );
    expect(agentPingPong.unavailable(createTicketContext(table, referenceOptions()))).toBe(
      'the event log has no agents: map the event field agent',
    );
  });
});
