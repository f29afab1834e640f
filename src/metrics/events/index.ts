import type { MetricDefinition } from '../types.js';
import { caseDuration, caseDurationToEnd } from './case-duration.js';
import { answered, cancelled, eventsPerCase, outboundOnly, rework } from './cases.js';
import { agentHandoffs, handoffs } from './handoffs.js';
import { nextReplyTime } from './next-reply.js';
import { agentPingPong, pingPong } from './ping-pong.js';
import { teamsPerCase } from './teams.js';
import { TIME_IN_STATUS_METRICS } from './time-in-status.js';
import { agentWait, requesterWait } from './waits.js';

/** Metrics only an event log gives (unavailable otherwise), in report order. */
export const EVENT_METRICS: readonly MetricDefinition[] = [
  nextReplyTime,
  requesterWait,
  agentWait,
  ...TIME_IN_STATUS_METRICS,
  caseDuration,
  caseDurationToEnd,
  handoffs,
  agentHandoffs,
  pingPong,
  agentPingPong,
  teamsPerCase,
  answered,
  outboundOnly,
  eventsPerCase,
  rework,
  cancelled,
];

export { buildProcessSummary } from './process.js';
