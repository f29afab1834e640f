import { eq, isNotNull, num, ref } from '../derive/expr.js';
import { Verdict, type VerdictField } from '../model/ticket.js';
import type { MetricDefinition } from './types.js';

function vendorSla(id: string, field: VerdictField, label: string, what: string, columns: string): MetricDefinition {
  return {
    id,
    kind: 'rate',
    headline: [],
    label,
    describe: () =>
      `vendor_sla.${what}: tickets the export marks as ` +
      `${what === 'first_reply' ? 'first response' : 'resolution'} SLA met / tickets ` +
      `marked met or violated, as the vendor reported it (its own ` +
      `targets and business hours; tickets without a verdict left out)`,
    unavailable: (ctx) => (ctx.table.present.has(field) ? null : `no vendor SLA verdict: map ${field} (${columns})`),
    rule: () => ({ kind: 'rate', counted: isNotNull(ref(field)), hit: eq(ref(field), num(Verdict.met)) }),
  };
}

/**
 * Vendor SLA, first reply (`vendor_sla.first_reply`): tickets created in the period that the export
 * marks as first-response SLA met / those marked met or violated. The vendor's verdict as it reported
 * it (Freshdesk `First response status`), computed on the vendor's targets and hours, not ours.
 * @example metricOver(vendorSlaFirstReply, [1, 1, 0, null].map((v) => ({ created: 0, vendor_sla_first_reply: v })),
 * options).value // 2 / 3
 */
export const vendorSlaFirstReply = vendorSla(
  'vendor_sla_first_reply',
  'vendor_sla_first_reply',
  'Vendor SLA first reply',
  'first_reply',
  'Freshdesk `First response status`',
);

/**
 * Vendor SLA, resolution (`vendor_sla.resolution`): tickets created in the period that the export
 * marks as resolution SLA met / those marked met or violated, as the vendor reported it (Freshdesk
 * `Resolution status`, ServiceNow `made_sla`).
 * @example metricOver(vendorSlaResolution, [1, 0, 1, 1].map((v) => ({ created: 0, vendor_sla_resolution: v })),
 * options).value // 0.75
 */
export const vendorSlaResolution = vendorSla(
  'vendor_sla_resolution',
  'vendor_sla_resolution',
  'Vendor SLA resolution',
  'resolution',
  'Freshdesk `Resolution status`, ServiceNow `made_sla`',
);

/**
 * Vendor FCR: tickets created in the period that the export flags as resolved at first contact /
 * tickets with a flag (yes or no), the vendor's own first-contact-resolution verdict, reported beside
 * ours (`fcr`) as the vendor SLA verdicts are.
 * @example metricOver(vendorFcr, [1, 0, 1, null].map((v) => ({ created: 0, vendor_fcr: v })), options).value // 2 / 3
 */
export const vendorFcr: MetricDefinition = {
  id: 'vendor_fcr',
  kind: 'rate',
  headline: [],
  label: 'Vendor FCR',
  describe: () =>
    "tickets the export flags as resolved at first contact / tickets flagged yes or no, the vendor's own verdict " +
    '(tickets without a flag left out); beside fcr, which is ours',
  unavailable: (ctx) =>
    ctx.table.present.has('vendor_fcr') ? null : 'no first-contact-resolution flag: map vendor_fcr (a yes/no column)',
  rule: () => ({ kind: 'rate', counted: isNotNull(ref('vendor_fcr')), hit: eq(ref('vendor_fcr'), num(Verdict.met)) }),
};
