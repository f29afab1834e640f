import { eq, num, ref, TRUE } from '../../derive/expr.js';
import type { MetricDefinition } from '../types.js';
import { needsEvents } from './common.js';

/**
 * Ping-pong rate, event data only: cases whose work went A -> B -> A, between teams or between
 * agents (in the sequence of teams, or of agents, named by consecutive events, a value comes back
 * right after another one) / cases created in the period.
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
  label: 'Ping-pong',
  describe: () => 'cases whose work went A -> B -> A between teams or between agents / cases created (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'teams_or_agents'),
  rule: () => ({ kind: 'rate', counted: TRUE, hit: eq(ref('case.ping_pong'), num(1)) }),
};
