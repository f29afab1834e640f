import type { EventProfile } from '../types.js';

/**
 * Any process-mining style log: one row per event with a case id, a timestamp and an activity or a
 * status. Common column names are recognized (process-mining exports such as `Case ID`, `Activity`,
 * `Complete Timestamp`, pm4py's `case:concept:name`, `time:timestamp`, `org:resource`; ServiceNow's
 * `opened_at` as the creation time); `--map` / config `events.map` names the others. Conversation
 * exports without a case id are read through `id` and `parent` (the message a row answers): see
 * docs/events.md, "Conversations from reply links".
 */
export const eventsGeneric: EventProfile = {
  kind: 'events',
  name: 'events-generic',
  description: 'event log, one row per event (case id, timestamp, activity or status, resource, team, ...)',
  signature: [],
  columns: {
    case: [
      'case',
      'case id',
      'case_id',
      'caseid',
      'case:concept:name',
      'ticket',
      'ticket id',
      'ticket_id',
      'incident',
      'number',
    ],
    timestamp: [
      'timestamp',
      'time',
      'event time',
      'event_time',
      'time:timestamp',
      'complete timestamp',
      'completetimestamp',
      'complete_timestamp',
      'occurred at',
      'created at',
      'created_at',
      'sys_updated_at',
      'sys_updated_on',
      'date',
    ],
    activity: ['activity', 'event', 'action', 'concept:name', 'activity name'],
    status: ['status', 'state', 'incident_state', 'new status', 'to status'],
    agent: ['resource', 'agent', 'org:resource', 'user', 'assignee', 'assigned_to', 'performer'],
    team: ['team', 'group', 'queue', 'org:group', 'assignment group', 'assignment_group'],
    role: ['role', 'actor role', 'author role', 'actor', 'author_role', 'org:role'],
    public: ['public', 'is public', 'is_public', 'visibility'],
    priority: ['priority'],
    channel: ['channel', 'via', 'source', 'contact_type'],
    customer: ['customer', 'requester', 'customer id', 'requester id', 'customer email', 'caller_id'],
    category: ['category', 'type', 'topic'],
    opened: ['opened_at', 'opened at', 'case opened at'],
    id: ['message_id', 'message id', 'message-id', 'tweet_id', 'comment_id', 'id'],
    parent: [
      'parent',
      'parent_id',
      'parent id',
      'in_response_to',
      'in_response_to_tweet_id',
      'in_response_to_id',
      'in-reply-to',
      'in_reply_to',
      'in reply to',
      'reply_to',
    ],
    inbound: ['inbound', 'is_inbound', 'is_customer', 'from_customer', 'incoming'],
  },
};
