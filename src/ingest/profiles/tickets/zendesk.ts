import type { TicketProfile } from '../types.js';

/** Zendesk Support's ticket CSV export (Reporting > Export, or a view export). */
export const zendesk: TicketProfile = {
  kind: 'tickets',
  name: 'zendesk',
  description: 'Zendesk Support ticket CSV export (timestamps in the account zone, no offset)',
  signature: ['Id', 'Created at', 'Status', 'Via'],
  columns: {
    id: ['Id'],
    created: ['Created at'],
    solved: ['Solved at'],
    updated: ['Updated at'],
    status: ['Status'],
    priority: ['Priority'],
    channel: ['Via'],
    agent: ['Assignee'],
    team: ['Group'],
    customer: ['Requester id', 'Requester email', 'Requester'],
    category: ['Category [list]', 'Category', 'Ticket type'],
    tags: ['Tags'],
    reopens: ['Reopens'],
    agent_replies: ['Replies'],
    assignee_stations: ['Assignee stations'],
    group_stations: ['Group stations'],
    satisfaction: ['Satisfaction Score', 'Satisfaction'],
    order_number: ['Order number [txt]', 'Order number [int]', 'Order number'],
    subject: ['Subject'],
    requester_email: ['Requester email'],
    first_reply_minutes: ['First reply time in minutes'],
    first_resolution_minutes: ['First resolution time in minutes'],
    full_resolution_minutes: ['Full resolution time in minutes'],
    first_reply_business_minutes: ['First reply time in minutes within business hours'],
    first_resolution_business_minutes: ['First resolution time in minutes within business hours'],
    full_resolution_business_minutes: ['Full resolution time in minutes within business hours'],
  },
  warnWithoutInputTimezone:
    'Zendesk exports write times in the account time zone without an offset; they are read ' +
    'as UTC. Pass --input-tz with the account zone (Admin Center > Account > Localization).',
  followUp: { field: 'channel', values: ['Closed ticket'] },
  satisfaction: { good: ['good'], bad: ['bad'] },
};
