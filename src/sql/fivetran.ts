/**
 * The Zendesk schema a connector syncs into a warehouse (Fivetran's, also Airbyte's: tables `ticket`,
 * `ticket_field_history`, `ticket_comment`, `user`, `group`) as the statement's source: one row per
 * ticket with the normalized fields, derived in SQL as the JS engine derives them from the same
 * events (docs/events.md) and as Zendesk's own screens count them:
 *
 * - created, updated: the ticket's `created_at`, `updated_at`;
 * - first_solved / solved: the first / last time its status became `solved`; closed: the first `closed`;
 * - first_reply: the first public comment by an agent or admin after the creation, the ticket's own
 *   first comment excepted (an agent opening a ticket for a customer is no reply: Zendesk's rule);
 * - agent_replies: those public agent comments; customer_messages: comments by the requester after
 *   the first;
 * - reopens: the status changes from `solved` back to new, open, pending or hold;
 * - group_stations / assignee_stations: the distinct groups / assignees the ticket had;
 * - team: the group's name; agent: the assignee's name; customer: the requester id; category: the
 *   ticket type; priority, status and channel (`via_channel`) as they are; a follow-up of a closed
 *   ticket: `via_channel` = `closed_ticket`.
 *
 * Deleted tickets (`_fivetran_deleted` true, or status `deleted`) are left out, as dbt_zendesk leaves
 * them out, and counted apart (`skip`), never as tickets.
 *
 * Timestamps are instants (the connector writes UTC); naive columns are read as UTC wall times.
 * Names are written as the engine stores unquoted ones (upper case in Snowflake), schema included.
 */
import type { Dialect } from './dialect.js';
import type { SqlSource } from './statement.js';

export interface FivetranOptions {
  /** The schema (dataset) holding the tables, or null for the search path. */
  readonly schema: string | null;
  /** Whether the timestamp columns are naive (wall times in UTC) rather than zoned. */
  readonly naive: boolean;
  /**
   * The FROM item of each table instead of its name in the schema: a dbt model's
   * `{{ source('opsmetrics', 'ticket') }}` (api/dbt.ts).
   */
  readonly relation?: ((table: (typeof FIVETRAN_TABLES)[number]) => string) | undefined;
  /**
   * Whether `ticket` has the connector's `_fivetran_deleted` column (default true: Fivetran writes it;
   * an older or hand-made table may lack it, and then only the status says a ticket is deleted).
   */
  readonly deletedColumn?: boolean | undefined;
}

/** The tables the source reads, for messages and docs. */
export const FIVETRAN_TABLES = ['ticket', 'ticket_field_history', 'ticket_comment', 'user', 'group'] as const;

export function fivetranZendeskSource(d: Dialect, options: FivetranOptions): SqlSource {
  // The connector creates its tables and columns unquoted: named as the engine stores such names.
  const q = d.stored;
  const table = (name: (typeof FIVETRAN_TABLES)[number]) =>
    options.relation !== undefined
      ? options.relation(name)
      : options.schema === null
        ? q(name)
        : `${q(options.schema)}.${q(name)}`;
  const ms = (column: string) => d.msOf(options.naive ? d.fromLocal(column, 'UTC') : column);
  const text = (column: string) => `CAST(${column} AS ${d.textType})`;
  const status = `(SELECT h.${q('ticket_id')}, ${ms(`h.${q('updated')}`)} AS om_at, LOWER(h.${q('value')}) AS om_value,
      LAG(LOWER(h.${q('value')})) OVER (PARTITION BY h.${q('ticket_id')} ORDER BY h.${q('updated')}) AS om_previous
    FROM ${table('ticket_field_history')} h WHERE h.${q('field_name')} = 'status')`;
  const statuses = `(SELECT ${q('ticket_id')},
      MIN(CASE WHEN om_value = 'solved' THEN om_at END) AS om_first_solved,
      MAX(CASE WHEN om_value = 'solved' THEN om_at END) AS om_solved,
      MIN(CASE WHEN om_value = 'closed' THEN om_at END) AS om_closed,
      SUM(CASE WHEN om_previous = 'solved' AND om_value IN ('new', 'open', 'pending', 'hold') THEN 1 ELSE 0 END)
        AS om_reopens
    FROM ${status} om_s GROUP BY ${q('ticket_id')})`;
  const stations = `(SELECT ${q('ticket_id')},
      COUNT(DISTINCT CASE WHEN ${q('field_name')} = 'group_id' THEN ${q('value')} END) AS om_groups,
      COUNT(DISTINCT CASE WHEN ${q('field_name')} = 'assignee_id' THEN ${q('value')} END) AS om_assignees
    FROM ${table('ticket_field_history')} WHERE ${q('value')} IS NOT NULL GROUP BY ${q('ticket_id')})`;
  // Comments in order, the first of each ticket marked; authors' roles from `user`.
  const comments = `(SELECT c.${q('ticket_id')}, ${ms(`c.${q('created')}`)} AS om_at, c.${q('public')} AS om_public,
      LOWER(u.${q('role')}) IN ('agent', 'admin') AS om_agent, c.${q('user_id')} AS om_user,
      ROW_NUMBER() OVER (PARTITION BY c.${q('ticket_id')} ORDER BY c.${q('created')}, c.${q('id')}) AS om_k
    FROM ${table('ticket_comment')} c LEFT JOIN ${table('user')} u ON u.${q('id')} = c.${q('user_id')})`;
  const replies = `(SELECT cm.${q('ticket_id')},
      MIN(CASE WHEN cm.om_agent AND cm.om_public AND cm.om_k > 1
        AND cm.om_at > ${ms(`t2.${q('created_at')}`)} THEN cm.om_at END) AS om_first_reply,
      SUM(CASE WHEN cm.om_agent AND cm.om_public AND cm.om_k > 1 THEN 1 ELSE 0 END) AS om_agent_replies,
      SUM(CASE WHEN cm.om_user = t2.${q('requester_id')} AND cm.om_k > 1 THEN 1 ELSE 0 END) AS om_customer_messages
    FROM ${comments} cm JOIN ${table('ticket')} t2 ON t2.${q('id')} = cm.${q('ticket_id')}
    GROUP BY cm.${q('ticket_id')})`;
  // A deleted ticket (the connector's flag, or Zendesk's status `deleted`) is left out, as dbt_zendesk
  // leaves it out, and counted by the accounting as a stated exclusion.
  const deleted =
    `CASE WHEN ${options.deletedColumn === false ? '' : `COALESCE(t.${q('_fivetran_deleted')}, FALSE) OR `}` +
    `COALESCE(LOWER(t.${q('status')}) = 'deleted', FALSE) THEN 1 ELSE 0 END`;
  const relation = `(SELECT t.${q('id')} AS om_id, ${ms(`t.${q('created_at')}`)} AS om_created, ${deleted} AS om_deleted,
    ${ms(`t.${q('updated_at')}`)} AS om_updated, t.${q('status')} AS om_status, t.${q('priority')} AS om_priority,
    t.${q('via_channel')} AS om_channel, t.${q('type')} AS om_category,
    ${text(`t.${q('requester_id')}`)} AS om_customer, g.${q('name')} AS om_team, a.${q('name')} AS om_agent,
    s.om_first_solved, s.om_solved, s.om_closed, COALESCE(s.om_reopens, 0) AS om_reopens,
    st.om_groups, st.om_assignees, r.om_first_reply, COALESCE(r.om_agent_replies, 0) AS om_agent_replies,
    COALESCE(r.om_customer_messages, 0) AS om_customer_messages
  FROM ${table('ticket')} t
    LEFT JOIN ${table('group')} g ON g.${q('id')} = t.${q('group_id')}
    LEFT JOIN ${table('user')} a ON a.${q('id')} = t.${q('assignee_id')}
    LEFT JOIN ${statuses} s ON s.${q('ticket_id')} = t.${q('id')}
    LEFT JOIN ${stations} st ON st.${q('ticket_id')} = t.${q('id')}
    LEFT JOIN ${replies} r ON r.${q('ticket_id')} = t.${q('id')}) om_zendesk`;
  const blank = (column: string) => `NULLIF(TRIM(${text(column)}), '')`;
  return {
    relation,
    fields: {
      id: text('om_id'),
      created: 'om_created',
      updated: 'om_updated',
      first_solved: 'om_first_solved',
      solved: 'om_solved',
      closed: 'om_closed',
      first_reply: 'om_first_reply',
      reopens: 'om_reopens',
      agent_replies: 'om_agent_replies',
      customer_messages: 'om_customer_messages',
      group_stations: 'om_groups',
      assignee_stations: 'om_assignees',
      status: blank('om_status'),
      priority: blank('om_priority'),
      channel: blank('om_channel'),
      category: blank('om_category'),
      customer: blank('om_customer'),
      team: blank('om_team'),
      agent: blank('om_agent'),
      follow_up: `CASE WHEN LOWER(om_channel) = 'closed_ticket' THEN 1 ELSE 0 END`,
    },
    extras: {},
    order: 'om_id',
    skip: [{ reason: 'deleted', cond: 'om_deleted = 1' }],
  };
}
