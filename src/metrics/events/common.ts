/** Shared by the event-only metrics: the per-case accumulators and the "unavailable" reasons. */
import { GROUP_INDEX, type EventCaseData, type StatusGroup } from '../../model/events.js';
import type { MetricContext } from '../types.js';

export const NOT_EVENTS = 'needs event data: run with --events (one row per event; see docs/events.md)';

/** The event accumulators, or null when the input was not an event log. */
export const eventData = (ctx: MetricContext): EventCaseData | null => ctx.table.events ?? null;

/** null when the input is an event log that carries `what`, else the reason. */
export function needsEvents(
  ctx: MetricContext,
  what?: 'statuses' | 'messages' | 'teams' | 'agents' | 'teams_or_agents',
): string | null {
  const data = eventData(ctx);
  if (data === null) return NOT_EVENTS;
  if (what === 'statuses' && !data.hasStatuses)
    return 'the event log has no statuses: map the event field status, or name status activities in events.vocabulary';
  if (what === 'messages' && !data.hasMessages)
    return (
      'the event log has no messages told apart as agent or customer: map the event field role (or inbound), ' +
      'or name reply activities in events.vocabulary (agent_reply, customer_message)'
    );
  if (what === 'teams' && !data.hasTeams) return 'the event log has no teams: map the event field team';
  if (what === 'agents' && !data.hasAgents) return 'the event log has no agents: map the event field agent';
  if (what === 'teams_or_agents' && !data.hasTeams && !data.hasAgents)
    return 'the event log has no teams or agents: map the event field team or agent';
  return null;
}

/**
 * Time case `ticket` spent in status group `group` up to as-of, ms: its completed stays plus, when it
 * is still in that group at the end of the log, the time from entering it to as-of (never negative).
 * `closed` is final: a closed case's time in it is not counted.
 */
export function timeInGroupMs(data: EventCaseData, ticket: number, group: StatusGroup, asOf: number): number {
  const g = GROUP_INDEX[group];
  let ms = data.groupMs[g]![ticket] as number;
  if (data.currentGroup[ticket] === g && group !== 'closed')
    ms += Math.max(0, asOf - (data.currentSince[ticket] as number));
  return ms;
}

/** True when case `ticket` was ever in status group `group`. */
export const visitedGroup = (data: EventCaseData, ticket: number, group: StatusGroup): boolean =>
  ((data.visited[ticket] as number) & (1 << GROUP_INDEX[group])) !== 0;
