import { rate } from '../summarize.js';
import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Ping-pong rate, event data only: cases whose work went A -> B -> A, between teams or between
 * agents (in the sequence of teams, or of agents, named by consecutive events, a value comes back
 * right after another one) / cases created in the period.
 * @example teams Support, Billing, Support -> ping-pong; agents ann, bob, carl -> not -> rate over 2 cases 50% (1/2)
 */
export const pingPong: MetricDefinition = {
  id: 'ping_pong',
  kind: 'rate',
  headline: ['value'],
  label: 'Ping-pong',
  describe: () => 'cases whose work went A -> B -> A between teams or between agents / cases created (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'teams_or_agents'),
  compute: (ctx, cohort) => {
    const data = eventData(ctx)!;
    let numerator = 0;
    for (let j = 0; j < cohort.length; j++) numerator += data.pingPong[cohort[j] as number] as number;
    return rate(numerator, cohort.length);
  },
};
