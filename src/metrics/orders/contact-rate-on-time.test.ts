/** Contact rate of on-time orders: orders on time with a ticket / on-time orders. */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { contactRateOnTime } from './contact-rate-on-time.js';

describe('contact_rate_on_time', () => {
  it('the shop: #1001 (T2) contacted, #1006 not -> 1 / 2', () => {
    const ctx = shopContext();
    expect(contactRateOnTime.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
  });

  it('on the fulfilment event #1001, #1002, #1004, #1006 are on time; #1001 and #1002 contacted -> 2 / 4', () => {
    const ctx = shopContext({ onTimeEvent: 'fulfilled' });
    expect(contactRateOnTime.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({
      numerator: 2,
      denominator: 4,
    });
  });
});
