import { gt, num, ref, when } from '../../derive/expr.js';
import type { MetricDefinition } from '../types.js';
import { needsEvents } from './common.js';

/**
 * Handoffs between teams per case, event data only: the number of times consecutive events of a case
 * name different teams (events without a team are passed over). Sum and mean over the cases created
 * in the period that have at least one team. On event data this equals `group_transfers` (team
 * stations - 1), measured from the events themselves. Agents are counted apart (`agent_handoffs`).
 * @example
 * // The rule over the fold's per-case values (plain tickets carry no event log, so the metric itself would be
 * // unavailable: `needs event data`). A case with two teams and 2 handoffs (A -> B -> A); one with no team.
 * const cases = [
 *   { created: 0, 'case.distinct_teams': 2, 'case.handoffs': 2 },
 *   { created: 0, 'case.distinct_teams': 0, 'case.handoffs': 0 },
 * ];
 * metricOver({ ...handoffs, unavailable: () => null }, cases, options) // { kind: 'total', n: 1, sum: 2, mean: 2 }
 */
export const handoffs: MetricDefinition = {
  id: 'handoffs',
  kind: 'total',
  headline: ['mean'],
  label: 'Handoffs (teams)',
  describe: () =>
    'team changes between consecutive events of a case (events without ' +
    'a team passed over): sum and mean over cases with a team (event data; agents: agent_handoffs)',
  unavailable: (ctx) => needsEvents(ctx, 'teams'),
  rule: () => ({ kind: 'total', value: when(gt(ref('case.distinct_teams'), num(0)), ref('case.handoffs')) }),
};

/**
 * Handoffs between agents per case, event data only: the number of times consecutive events of a
 * case name different agents (events without an agent, and the customer's, are passed over); agent
 * stations - 1. Sum and mean over the cases created in the period that have at least one agent.
 * @example
 * // The rule over the fold's per-case values (plain tickets carry no event log: the metric itself would be
 * // unavailable). A case with three agent stations and 2 handoffs; one with no agent.
 * const cases = [
 *   { created: 0, assignee_stations: 3, 'case.agent_handoffs': 2 },
 *   { created: 0, assignee_stations: 0, 'case.agent_handoffs': 0 },
 * ];
 * metricOver({ ...agentHandoffs, unavailable: () => null }, cases, options) // { kind: 'total', n: 1, sum: 2, mean: 2 }
 */
export const agentHandoffs: MetricDefinition = {
  id: 'agent_handoffs',
  kind: 'total',
  headline: [],
  label: 'Handoffs (agents)',
  describe: () =>
    'agent changes between consecutive events of a case (events without an agent, and the ' +
    "customer's, passed over): sum and mean over cases with an agent (event data)",
  unavailable: (ctx) => needsEvents(ctx, 'agents'),
  rule: () => ({ kind: 'total', value: when(gt(ref('assignee_stations'), num(0)), ref('case.agent_handoffs')) }),
};
