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

/** Ticket metrics whose input an event log gives through an event field or the vocabulary: which. */
const EVENT_SOURCE: Readonly<Record<string, Parameters<typeof needsEvents>[1]>> = {
  resolution_first: 'statuses',
  resolution_full: 'statuses',
  resolution_rate: 'statuses',
  backlog: 'statuses',
  backlog_age: 'statuses',
  reopened: 'statuses',
  fcr: 'statuses',
  reassigned: 'agents',
  group_transfers: 'teams',
};

/** Ticket metrics no event field can feed. */
const NOT_IN_EVENT_LOGS: Readonly<Record<string, string>> = {
  csat: 'an event log carries no satisfaction rating: no event field feeds csat',
  vendor_sla_first_reply: "an event log carries no vendor SLA verdict: no event field feeds the vendor's own verdicts",
  vendor_sla_resolution: "an event log carries no vendor SLA verdict: no event field feeds the vendor's own verdicts",
};

/**
 * The reason a metric is unavailable as an event-log run states it: naming only event fields and
 * vocabulary entries (the ticket export's columns, which event mode refuses to map, are no fix).
 * Other reasons, and any reason for a ticket export, pass through.
 * For instance, `resolution_full` on a log without statuses reads "the event log has no statuses: map
 * the event field status, or name status activities in events.vocabulary".
 */
export function eventLogReason(ctx: MetricContext, metric: string, reason: string | null): string | null {
  if (reason === null || eventData(ctx) === null) return reason;
  const fixed = NOT_IN_EVENT_LOGS[metric];
  if (fixed !== undefined) return fixed;
  if (metric.startsWith('repeat_') && !ctx.table.present.has('customer'))
    return 'the event log has no customer: map the event field customer (--map customer=<column>, config events.map)';
  const what = EVENT_SOURCE[metric];
  return (what === undefined ? null : needsEvents(ctx, what)) ?? reason;
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
