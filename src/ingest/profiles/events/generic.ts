import type { EventProfile } from '../types.js';

/**
 * Any process-mining style log: one row per event with a case id, a timestamp and an activity or a
 * status. Common column names are recognized; `--map` / config `events.map` names the others.
 */
export const eventsGeneric: EventProfile = {
  kind: 'events',
  name: 'events-generic',
  description: 'event log, one row per event (case id, timestamp, activity or status, resource, team, ...)',
  signature: [],
  columns: {
    case: ['case', 'case id', 'case_id', 'caseid', 'ticket', 'ticket id', 'ticket_id', 'incident', 'number'],
    timestamp: ['timestamp', 'time', 'event time', 'event_time', 'time:timestamp', 'occurred at', 'created at', 'date'],
    activity: ['activity', 'event', 'action', 'concept:name', 'activity name'],
    status: ['status', 'state', 'new status', 'to status'],
    agent: ['resource', 'agent', 'org:resource', 'user', 'assignee', 'performer'],
    team: ['team', 'group', 'queue', 'org:group', 'assignment group'],
    role: ['role', 'actor role', 'author role', 'actor', 'author_role'],
    public: ['public', 'is public', 'is_public', 'visibility'],
    priority: ['priority'],
    channel: ['channel', 'via', 'source'],
    customer: ['customer', 'requester', 'customer id', 'requester id', 'customer email'],
    category: ['category', 'type', 'topic'],
  },
};
