/**
 * Handoffs per case between teams, and between agents (event data): the rule over per-case values, and over a log
 * folded by the real fold.
 */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { evaluateMetric } from '../../engine/evaluate.js';
import { TEAM_LOG } from '../../../test/helpers/team-log.js';
import { tableOf } from '../../../test/helpers/tickets.js';
import { metricOver, referenceOptions } from '../reference.js';
import { agentHandoffs, handoffs } from './handoffs.js';

// The rule alone: plain tickets carry no event log, so availability is the fold's business (tested below).
const rule = { ...handoffs, unavailable: () => null };

describe('handoffs', () => {
  it('sums the handoffs of the cases with a team; cases without one are left out of n', () => {
    // cases with 2 teams and 3 handoffs, 1 team and 0, no team -> n 2, sum 3, mean 1.5
    const cases = [
      { created: 0, 'case.distinct_teams': 2, 'case.handoffs': 3 },
      { created: 0, 'case.distinct_teams': 1, 'case.handoffs': 0 },
      { created: 0, 'case.distinct_teams': 0, 'case.handoffs': 0 },
    ];
    expect(metricOver(rule, cases)).toEqual({ kind: 'total', n: 2, sum: 3, mean: 1.5 });
  });

  it('on a folded log: A 3, B 0, E 1 (C and D have no team) -> n 3, sum 4', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(Array.from(TEAM_LOG.events?.columns['case.handoffs']?.data ?? [])).toEqual([3, 0, 0, 0, 1]);
    expect(handoffs.unavailable(ctx)).toBeNull();
    expect(evaluateMetric(ctx, handoffs, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'total',
      n: 3,
      sum: 4,
      mean: 4 / 3,
    });
  });

  it('is unavailable without event data', () => {
    const ctx = createTicketContext(tableOf([{ created: '2025-03-03T09:00:00Z', team: 'A' }]), referenceOptions());
    expect(handoffs.unavailable(ctx)).toBe(
      'needs event data: run with --events (one row per event; see docs/events.md)',
    );
  });
});

describe('agent_handoffs', () => {
  it('sums the handoffs between agents of the cases with an agent', () => {
    const cases = [
      { created: 0, assignee_stations: 3, 'case.agent_handoffs': 2 },
      { created: 0, assignee_stations: 0, 'case.agent_handoffs': 0 },
    ];
    expect(metricOver({ ...agentHandoffs, unavailable: () => null }, cases)).toEqual({
      kind: 'total',
      n: 1,
      sum: 2,
      mean: 2,
    });
  });

  it('on a folded log: D (ann, bob, ann) 2; no other case has an agent -> n 1, sum 2', () => {
    const ctx = createTicketContext(TEAM_LOG, referenceOptions());
    const all = Int32Array.of(0, 1, 2, 3, 4);
    expect(Array.from(TEAM_LOG.events?.columns['case.agent_handoffs']?.data ?? [])).toEqual([0, 0, 0, 2, 0]);
    expect(agentHandoffs.unavailable(ctx)).toBeNull();
    expect(evaluateMetric(ctx, agentHandoffs, all, { start: -Infinity, end: Infinity, groupTickets: all })).toEqual({
      kind: 'total',
      n: 1,
      sum: 2,
      mean: 2,
    });
  });
});
