import type { TicketProfile } from '../types.js';

/**
 * ServiceNow incident exports (list view > Export > CSV, or a report), by the tables' column names.
 * Both shapes read the same: one row per incident, or an audit log with one row per update, where
 * the rows of a `number` fold into its latest (highest `sys_mod_count`, then latest `sys_updated_on`)
 * and the folded rows are counted as duplicates. Instance date formats vary (`2025-11-03 09:14:05`,
 * day-first `3/11/2025 09:14`) and missing values may be `?`: name them with `--date-format` and
 * `--null-token ?` (or the config's input.date_format / input.null_tokens), since day-first and
 * month-first cannot be told apart from most dates. `made_sla` (true = met) is ServiceNow's own
 * resolution SLA verdict; `reassignment_count` feeds `reassigned`.
 */
export const servicenow: TicketProfile = {
  kind: 'tickets',
  name: 'servicenow',
  description:
    'ServiceNow incident CSV export, one row per incident or per update (folded by number, latest sys_mod_count)',
  signature: ['number', 'opened_at'],
  columns: {
    id: ['number'],
    created: ['opened_at'],
    solved: ['resolved_at'],
    closed: ['closed_at'],
    updated: ['sys_updated_on', 'sys_updated_at'],
    version: ['sys_mod_count'],
    status: ['incident_state', 'state'],
    priority: ['priority'],
    channel: ['contact_type'],
    agent: ['assigned_to'],
    team: ['assignment_group'],
    customer: ['caller_id'],
    category: ['category'],
    reassignments: ['reassignment_count'],
    reopens: ['reopen_count'],
    vendor_sla_resolution: ['made_sla'],
    subcategory: ['subcategory'],
    impact: ['impact'],
    urgency: ['urgency'],
  },
  inputTimezoneAdvice: "ServiceNow writes the exporting user's zone: user profile > Time zone",
  slaVerdicts: { met: ['true', '1', 'yes'], violated: ['false', '0', 'no'] },
};
