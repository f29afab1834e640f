import type { EventProfile } from '../types.js';

/**
 * Zendesk ticket comments (API / Fivetran `ticket_comment`): one row per comment with its author's
 * role and public flag. Every row is a message; the role says whose (agent or end-user), `public`
 * false is an internal note.
 */
export const eventsZendeskComments: EventProfile = {
  kind: 'events',
  name: 'events-zendesk-comments',
  description: 'Zendesk ticket comments: ticket_id, created, author role, public flag',
  signature: ['ticket_id', 'created', 'public'],
  columns: {
    case: ['ticket_id'],
    timestamp: ['created', 'created_at'],
    agent: ['user_id', 'author_id'],
    role: ['author_role', 'user_role', 'role'],
    public: ['public'],
  },
  activity: 'message',
};

/**
 * Zendesk ticket field history (API audits / Fivetran `ticket_field_history`): one row per changed
 * field, `field_name` and its new `value`. Status rows are status changes, assignee and group rows
 * move the case between agents and teams, a few more set case attributes; other fields are ignored.
 */
export const eventsZendeskFieldHistory: EventProfile = {
  kind: 'events',
  name: 'events-zendesk-field-history',
  description:
    'Zendesk ticket field history: field_name, ticket_id, updated, value (status, assignee_id, group_id, ...)',
  signature: ['field_name', 'ticket_id', 'updated', 'value'],
  columns: {
    case: ['ticket_id'],
    timestamp: ['updated', 'updated_at'],
  },
  pivot: {
    field: ['field_name'],
    value: ['value'],
    fields: {
      status: 'status',
      assignee_id: 'agent',
      group_id: 'team',
      priority: 'priority',
      requester_id: 'customer',
      via_channel: 'channel',
      type: 'category',
    },
  },
};
