/** Order contact rate: orders with at least one linked ticket / orders. */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { orderContactRate } from './order-contact-rate.js';

describe('order_contact_rate', () => {
  it('the shop: #1001, #1002 (two tickets, counted once) and #1005 -> 3 / 7', () => {
    const ctx = shopContext();
    expect(orderContactRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 3,
      denominator: 7,
      value: 3 / 7,
    });
  });

  it('is null over no orders and unavailable without tickets', () => {
    expect(orderContactRate.compute(shopContext(), new Int32Array(0), WHOLE)).toMatchObject({ value: null });
    expect(orderContactRate.unavailable(shopContext({}, false))).not.toBeNull();
  });
});
