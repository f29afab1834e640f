/**
 * The export's own counts as metrics: not only the share of tickets above zero (reassigned,
 * reopened) but the numbers themselves, per ticket created in the period with a known count: n,
 * sum, mean, median, p90, p95, min, max, and how many tickets had 0, 1, 2, ... (10 and more in one
 * bucket). A count column and an event log give the same figures: stations - 1 is the number of
 * changes an event log counts.
 */
import { coalesce, gt, isNotNull, num, ref, sub, when, type Expr } from '../derive/expr.js';
import type { TicketField } from '../model/ticket.js';
import type { MetricContext, MetricDefinition } from './types.js';

const CAP = 10;

/** Stations - 1 (0 for one station), null without a count. */
const changes = (stations: Expr): Expr =>
  when(gt(stations, num(1)), sub(stations, num(1)), when(isNotNull(stations), num(0)));

function countStats(
  id: string,
  label: string,
  value: Expr,
  what: string,
  fields: readonly { field: TicketField; column: string }[],
  headline: MetricDefinition['headline'] = [],
): MetricDefinition {
  return {
    id,
    kind: 'total',
    stats: true,
    headline,
    label,
    describe: () =>
      `${what} per ticket with a known count: n, sum, mean, median, p90, p95, min, max, and the tickets with ` +
      `0, 1, 2, ... (${CAP}+ together)`,
    unavailable: (ctx: MetricContext) =>
      fields.some((f) => ctx.table.present.has(f.field))
        ? null
        : `no count: map ${fields.map((f) => `${f.field} (${f.column})`).join(' or ')}`,
    rule: () => ({ kind: 'stats', value, buckets: { kind: 'whole', cap: CAP } }),
  };
}

/**
 * Reassignments per ticket: the export's reassignment count (ServiceNow `reassignment_count`), else
 * assignee stations - 1 (Zendesk `Assignee stations`, event logs: changes of agent).
 * @example metricOver(reassignments, [{ created: 0, reassignments: 2 }, { created: 0, assignee_stations: 1 }],
 * options).sum // 2
 */
export const reassignments = countStats(
  'reassignments',
  'Reassignments',
  coalesce(ref('reassignments'), changes(ref('assignee_stations'))),
  'reassignment count (else assignee stations - 1)',
  [
    { field: 'reassignments', column: 'ServiceNow `reassignment_count`' },
    { field: 'assignee_stations', column: 'Zendesk `Assignee stations`, or an event log' },
  ],
);

/**
 * Group transfers (handoffs between teams) per ticket: a group transfer count column, else group
 * stations - 1 (Zendesk `Group stations`, event logs: changes of team); headline: the mean.
 * @example metricOver(groupTransfers, [1, 2, 4].map((s) => ({ created: 0, group_stations: s })), options).sum // 4
 */
export const groupTransfers = countStats(
  'group_transfers',
  'Group transfers',
  coalesce(ref('group_transfers'), changes(ref('group_stations'))),
  'group transfers (a group transfer count column, else group stations - 1: handoffs between teams)',
  [
    { field: 'group_transfers', column: 'a group transfer count' },
    { field: 'group_stations', column: 'Zendesk `Group stations`, or an event log' },
  ],
  ['mean'],
);

/**
 * Reopens per ticket: the reopen count (Zendesk `Reopens`, ServiceNow `reopen_count`; 1 or 0 from a
 * reopened flag or reopen time).
 * @example metricOver(reopens, [0, 0, 3].map((r) => ({ created: 0, reopens: r })), options).mean // 1
 */
export const reopens = countStats('reopens', 'Reopens', ref('reopens'), 'reopen count', [
  { field: 'reopens', column: 'Zendesk `Reopens`, ServiceNow `reopen_count`, a reopened flag' },
]);

/**
 * Agent replies per ticket (Zendesk `Replies`, Freshdesk `Agent interactions`).
 * @example metricOver(agentReplies, [1, 2, 2].map((r) => ({ created: 0, agent_replies: r })), options).median // 2
 */
export const agentReplies = countStats('agent_replies', 'Agent replies', ref('agent_replies'), 'agent replies', [
  { field: 'agent_replies', column: 'Zendesk `Replies`, Freshdesk `Agent interactions`' },
]);

/**
 * Customer messages per ticket (Freshdesk `Customer interactions`).
 * @example metricOver(customerMessages, [1, 3].map((m) => ({ created: 0, customer_messages: m })), options).max // 3
 */
export const customerMessages = countStats(
  'customer_messages',
  'Customer messages',
  ref('customer_messages'),
  'customer messages',
  [{ field: 'customer_messages', column: 'Freshdesk `Customer interactions`' }],
);
