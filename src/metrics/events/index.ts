import type { MetricDefinition } from '../types.js';
import { handoffs } from './handoffs.js';
import { nextReplyTime } from './next-reply.js';
import { pingPong } from './ping-pong.js';
import { teamsPerCase } from './teams.js';
import { TIME_IN_STATUS_METRICS } from './time-in-status.js';
import { agentWait, requesterWait } from './waits.js';

/** Metrics only an event log gives (unavailable otherwise), in report order. */
export const EVENT_METRICS: readonly MetricDefinition[] = [
  nextReplyTime,
  requesterWait,
  agentWait,
  ...TIME_IN_STATUS_METRICS,
  handoffs,
  pingPong,
  teamsPerCase,
];

export { buildProcessSummary } from './process.js';
