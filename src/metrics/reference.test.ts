/** The reference interpreter reads plain tickets as the ticket table stores them. */
import { describe, expect, it } from 'vitest';
import { csat } from './csat.js';
import { metricOver, referenceOptions } from './reference.js';
import { touchOne } from './touches.js';
import { vendorSlaResolution } from './vendor-sla.js';

describe('negative codes are no value, as in the ticket table', () => {
  it('an unknown reply count (-1) leaves the ticket out of the touch denominator', () => {
    // resolved with -1 (unknown) and 3 replies: only the second is counted, and it is no one-touch -> 0 / 1
    const tickets = [
      { created: 0, solved: 1, agent_replies: -1 },
      { created: 0, solved: 1, agent_replies: 3 },
    ];
    expect(metricOver(touchOne, tickets, referenceOptions())).toEqual({
      kind: 'rate',
      numerator: 0,
      denominator: 1,
      value: 0,
    });
  });

  it('Satisfaction.none (-1) and Verdict.unknown (-1) are left out like null', () => {
    // csat: -1 (offered, unrated) left out, one good -> 1 / 1
    expect(
      metricOver(csat, [
        { created: 0, satisfaction: -1 },
        { created: 0, satisfaction: 1 },
      ]),
    ).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
    // vendor verdicts: -1 (no verdict) left out, met and violated -> 1 / 2
    const verdicts = [-1, 1, 0].map((v) => ({ created: 0, vendor_sla_resolution: v }));
    expect(metricOver(vendorSlaResolution, verdicts)).toMatchObject({ numerator: 1, denominator: 2 });
  });
});
