import { rate } from './summarize.js';
import { Verdict, type VerdictField } from '../model/ticket.js';
import type { MetricDefinition } from './types.js';

function vendorSla(id: string, field: VerdictField, label: string, what: string, columns: string): MetricDefinition {
  return {
    id,
    kind: 'rate',
    headline: [],
    label,
    describe: () =>
      `vendor_sla.${what}: tickets the export marks as ${what === 'first_reply' ? 'first response' : 'resolution'} SLA met / tickets marked met or violated, as the vendor reported it (its own targets and business hours; tickets without a verdict left out)`,
    unavailable: (ctx) => (ctx.table.present.has(field) ? null : `no vendor SLA verdict: map ${field} (${columns})`),
    compute: (ctx, cohort) => {
      const verdicts = ctx.table.verdicts[field];
      let met = 0;
      let judged = 0;
      for (let j = 0; j < cohort.length; j++) {
        const v = verdicts[cohort[j] as number] as number;
        if (v === Verdict.unknown) continue;
        judged++;
        if (v === Verdict.met) met++;
      }
      return rate(met, judged);
    },
  };
}

/**
 * Vendor SLA, first reply (`vendor_sla.first_reply`): tickets created in the period that the export
 * marks as first-response SLA met / those marked met or violated. The vendor's verdict as it reported
 * it (Freshdesk `First response status`), computed on the vendor's targets and hours, not ours.
 * @example verdicts met, met, violated, (none) -> 66.7% (2/3)
 */
export const vendorSlaFirstReply = vendorSla(
  'vendor_sla_first_reply', 'vendor_sla_first_reply', 'Vendor SLA first reply', 'first_reply', 'Freshdesk `First response status`',
);

/**
 * Vendor SLA, resolution (`vendor_sla.resolution`): tickets created in the period that the export
 * marks as resolution SLA met / those marked met or violated, as the vendor reported it (Freshdesk
 * `Resolution status`, ServiceNow `made_sla`).
 * @example made_sla true, false, true, true -> 75% (3/4)
 */
export const vendorSlaResolution = vendorSla(
  'vendor_sla_resolution', 'vendor_sla_resolution', 'Vendor SLA resolution', 'resolution', 'Freshdesk `Resolution status`, ServiceNow `made_sla`',
);
