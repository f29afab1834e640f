import type { EventProfile } from '../types.js';

/**
 * XES event logs (IEEE 1849), as src/engine/xes.ts turns them into rows (pm4py's column names): the
 * trace's `concept:name` is the case, the event's `concept:name` the activity, `time:timestamp`,
 * `org:resource` the agent, `org:group` the team, `org:role` the role; trace attributes named like a
 * case attribute (`priority`, `channel`, `customer`, `category`) feed it. `lifecycle:transition` is
 * read as a status only when mapped (`--map status=lifecycle:transition`): its standard values
 * (start, complete) are no helpdesk statuses. Chosen for `.xes` input, never detected from a CSV header.
 */
export const eventsXes: EventProfile = {
  kind: 'events',
  name: 'events-xes',
  description: 'XES event log (IEEE 1849): traces, events, concept:name, time:timestamp, org:resource, org:group',
  signature: [],
  columns: {
    case: ['case:concept:name'],
    timestamp: ['time:timestamp'],
    activity: ['concept:name'],
    agent: ['org:resource'],
    team: ['org:group'],
    role: ['org:role'],
    priority: ['case:priority', 'priority'],
    channel: ['case:channel', 'channel'],
    customer: ['case:customer', 'customer'],
    category: ['case:category', 'category'],
  },
};
