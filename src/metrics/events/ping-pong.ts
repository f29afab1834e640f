import { eq, num, ref, TRUE } from '../../derive/expr.js';
import type { MetricDefinition } from '../types.js';
import { needsEvents } from './common.js';

/**
 * Ping-pong between teams, event data only: cases whose work went A -> B -> A between teams (in the
 * sequence of teams named by consecutive events, a team comes back right after another one: Celonis'
 * "direct" ping-pong on the team column) / cases created in the period. Agents are counted apart
 * (`agent_ping_pong`), so that an owner column does not raise the team figure.
 * @example
 * // The rule over the fold's per-case flags (plain tickets carry no event log: the metric itself would be
 * // unavailable). One case of two went A -> B -> A.
 * const cases = [1, 0].map((p) => ({ created: 0, 'case.ping_pong': p }));
 * metricOver({ ...pingPong, unavailable: () => null }, cases, options).value // 0.5
 */
export const pingPong: MetricDefinition = {
  id: 'ping_pong',
  kind: 'rate',
  headline: ['value'],
  label: 'Ping-pong (teams)',
  describe: () =>
    'cases whose work went A -> B -> A between teams / cases created (event data; agents: agent_ping_pong)',
  unavailable: (ctx) => needsEvents(ctx, 'teams'),
  rule: () => ({ kind: 'rate', counted: TRUE, hit: eq(ref('case.ping_pong'), num(1)) }),
};

/**
 * Ping-pong between agents, event data only: cases whose work went A -> B -> A between agents (an
 * agent comes back right after another one in the sequence of agents named by consecutive events;
 * customers' events name no agent) / cases created in the period.
 * @example
 * // The rule over the fold's per-case flags (plain tickets carry no event log: the metric itself would be
 * // unavailable). One case of four went A -> B -> A between agents.
 * const cases = [1, 0, 0, 0].map((p) => ({ created: 0, 'case.agent_ping_pong': p }));
 * metricOver({ ...agentPingPong, unavailable: () => null }, cases, options).value // 0.25
 */
export const agentPingPong: MetricDefinition = {
  id: 'agent_ping_pong',
  kind: 'rate',
  headline: [],
  label: 'Ping-pong (agents)',
  describe: () => 'cases whose work went A -> B -> A between agents / cases created (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'agents'),
  rule: () => ({ kind: 'rate', counted: TRUE, hit: eq(ref('case.agent_ping_pong'), num(1)) }),
};
