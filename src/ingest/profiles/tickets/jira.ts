import type { TicketProfile } from '../types.js';

/**
 * Jira Service Management issue export (Filters > Export > CSV). Dates follow Jira's default
 * `dd/MMM/yy h:mm a` (`24/Nov/25 9:14 AM`) in the exporting user's zone. The SLA columns
 * (`Time to first response`, `Time to resolution`) hold display text such as `-2h 10m` or
 * `Breached`, not durations, so they are kept as text dimensions for `--by`, never parsed. The
 * export has no first-reply time, reply counts or reopen counts: those metrics are unavailable.
 */
export const jira: TicketProfile = {
  kind: 'tickets',
  name: 'jira',
  description: 'Jira Service Management issue CSV export (dates like 24/Nov/25 9:14 AM; SLA columns kept as text)',
  signature: ['Issue key', 'Issue id', 'Issue Type', 'Created'],
  columns: {
    id: ['Issue key'],
    created: ['Created'],
    solved: ['Resolved'],
    updated: ['Updated'],
    status: ['Status'],
    priority: ['Priority'],
    agent: ['Assignee'],
    customer: ['Reporter'],
    team: ['Custom field (Team)', 'Component/s'],
    category: ['Custom field (Request Type)', 'Request Type', 'Issue Type'],
    channel: ['Custom field (Source)'],
    tags: ['Labels'],
    satisfaction: ['Custom field (Satisfaction)', 'Satisfaction'],
    resolution: ['Resolution'],
    issue_type: ['Issue Type'],
    sla_first_response: ['Custom field (Time to first response)', 'Time to first response'],
    sla_resolution: ['Custom field (Time to resolution)', 'Time to resolution'],
  },
  dateFormat: 'dd/MMM/yy h:mm a',
  inputTimezoneAdvice: "Jira writes the exporting user's zone: Profile > Time zone",
  // Jira's satisfaction field is a 1-5 star rating.
  satisfaction: { good: ['5', '4'], bad: ['1', '2'] },
};
