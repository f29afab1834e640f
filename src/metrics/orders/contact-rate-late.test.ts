/** Contact rate of late orders: late (delivered late, or open past the promise) orders with a ticket / late orders. */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { contactRateLate } from './contact-rate-late.js';

describe('contact_rate_late', () => {
  it('the shop: #1002 (delivered late, 2 tickets) contacted, #1004 (open past its promise) not -> 1 / 2', () => {
    const ctx = shopContext();
    expect(contactRateLate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
  });

  it('late as of as-of: before the 11th nothing was late yet -> null', () => {
    const ctx = shopContext({ asOf: Date.parse('2025-10-10T00:00:00Z') });
    expect(contactRateLate.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({ denominator: 0, value: null });
  });

  it('needs tickets and a punctuality', () => {
    expect(contactRateLate.unavailable(shopContext({}, false))).toBe(
      'no tickets given: pass --tickets FILE to link tickets to orders',
    );
    expect(contactRateLate.unavailable(shopContext({ onTimeEvent: 'fulfilled' }))).toBeNull();
  });
});
