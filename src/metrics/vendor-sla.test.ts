/** The vendor's own SLA verdicts (Freshdesk, ServiceNow), reported as the export has them. */
import { describe, expect, it } from 'vitest';
import { Verdict } from '../model/ticket.js';
import { metricOver } from './reference.js';
import { vendorSlaFirstReply, vendorSlaResolution } from './vendor-sla.js';

describe('vendor_sla_first_reply', () => {
  it('is tickets marked met / marked met or violated; tickets without a verdict left out', () => {
    // Freshdesk `First response status`: Within SLA, Within SLA, SLA Violated, empty (unknown), null -> 2 / 3
    const verdicts = [Verdict.met, Verdict.met, Verdict.violated, Verdict.unknown, null];
    const tickets = verdicts.map((v) => ({ created: 0, vendor_sla_first_reply: v }));
    expect(metricOver(vendorSlaFirstReply, tickets)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 3,
      value: 2 / 3,
    });
  });

  it('is unavailable without the column, naming the Freshdesk one', () => {
    expect(metricOver(vendorSlaFirstReply, [{ created: 0, vendor_sla_resolution: Verdict.met }])).toEqual({
      kind: 'unavailable',
      reason: 'no vendor SLA verdict: map vendor_sla_first_reply (Freshdesk `First response status`)',
    });
  });
});

describe('vendor_sla_resolution', () => {
  it("is ServiceNow's made_sla true / true or false, whether or not the ticket is resolved", () => {
    // made_sla true (open ticket), true, false -> 2 / 3
    const tickets = [
      { created: 0, vendor_sla_resolution: Verdict.met },
      { created: 0, solved: 1, vendor_sla_resolution: Verdict.met },
      { created: 0, solved: 1, vendor_sla_resolution: Verdict.violated },
    ];
    expect(metricOver(vendorSlaResolution, tickets)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 3,
      value: 2 / 3,
    });
  });

  it('is null when no ticket has a verdict', () => {
    const tickets = [{ created: 0, vendor_sla_resolution: Verdict.unknown }];
    expect(metricOver(vendorSlaResolution, tickets)).toEqual({
      kind: 'rate',
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });
});
