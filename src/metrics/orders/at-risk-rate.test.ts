/** At-risk rate: orders open at as-of with the promise passed / orders with a promise, not cancelled. */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { atRiskRate } from './at-risk-rate.js';

describe('at_risk_rate', () => {
  it('the shop: #1004 undelivered past its Monday promise, over the 5 promised orders not cancelled -> 1 / 5', () => {
    const ctx = shopContext();
    expect(atRiskRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 5,
      value: 0.2,
    });
  });

  it('judged at as-of: on the 12th #1002 (due Sat 11th, delivered the 13th) was at risk, #1004 not yet due', () => {
    // orders created by then: #1001-#1006 exist in the table; #1006 is not yet delivered and not yet due either
    const ctx = shopContext({ asOf: Date.parse('2025-10-12T00:00:00Z') });
    expect(atRiskRate.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({ numerator: 1, denominator: 5 });
    expect(ctx.punctuality[1]).toBe(3);
  });

  it('a promise exactly at as-of has not passed', () => {
    const ctx = shopContext({ asOf: Date.parse('2025-10-13T00:00:00Z') });
    // #1004 is due at the 13th 00:00 itself: open, not late; #1002 still open past Saturday
    expect(atRiskRate.compute(ctx, Int32Array.of(3), WHOLE)).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
