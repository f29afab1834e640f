import type { TicketProfile } from '../types.js';

/**
 * Freshdesk's ticket export (Tickets > Export, CSV). Timestamps are in the helpdesk's time zone
 * without an offset. `First response time (in hrs)` and `Resolution time (in hrs)` are business-hours
 * durations written `HH:MM:SS` (hours past 24, e.g. `123:45:06`), and `00:00:00` also stands for
 * "never happened": it only counts when the matching timestamp exists. `Initial response time` is the
 * first reply's timestamp. `First response status` / `Resolution status` are Freshdesk's own SLA
 * verdicts, reported as they are. The export has no reopen count, so the default FCR variant is
 * unavailable; `--fcr no_customer_followup` reads `Customer interactions`.
 */
export const freshdesk: TicketProfile = {
  kind: 'tickets',
  name: 'freshdesk',
  description: 'Freshdesk ticket CSV export (helpdesk zone, no offset; business-hours durations as HH:MM:SS)',
  signature: ['Ticket ID', 'Created time', 'Status', 'Source'],
  columns: {
    id: ['Ticket ID'],
    created: ['Created time'],
    first_reply: ['Initial response time'],
    solved: ['Resolved time'],
    closed: ['Closed time'],
    updated: ['Last update time'],
    status: ['Status'],
    priority: ['Priority'],
    channel: ['Source'],
    agent: ['Agent'],
    team: ['Group'],
    customer: ['Contact ID', 'Email', 'Full name'],
    category: ['Type'],
    tags: ['Tags'],
    agent_replies: ['Agent interactions'],
    customer_messages: ['Customer interactions'],
    satisfaction: ['Survey results', 'Satisfaction rating'],
    first_reply_business_hms: ['First response time (in hrs)'],
    full_resolution_business_hms: ['Resolution time (in hrs)'],
    vendor_sla_first_reply: ['First response status'],
    vendor_sla_resolution: ['Resolution status'],
    product: ['Product'],
  },
  inputTimezoneAdvice: 'Freshdesk writes the helpdesk zone: Admin > Helpdesk Settings > Time zone',
  satisfaction: {
    good: ['awesome', 'extremely satisfied', 'very satisfied', 'satisfied', 'happy'],
    bad: ['not good', 'extremely dissatisfied', 'very dissatisfied', 'dissatisfied', 'unhappy'],
  },
  slaVerdicts: {
    met: ['Within SLA', 'Innerhalb des SLA', 'Dans le SLA', 'Dentro del SLA', 'Dentro do SLA', 'Binnen SLA'],
    violated: ['SLA Violated', 'SLA verletzt', 'SLA non respecté', 'SLA violado', 'SLA incumplido', 'SLA geschonden'],
  },
  zeroMeansMissingUnless: {
    first_reply_business_hms: ['first_reply'],
    full_resolution_business_hms: ['solved', 'closed'],
  },
};
