/** Refunded value share: refunded amounts / order totals, over the orders with a total; in cents. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { refundedValueShare } from './refunded-value-share.js';

describe('refunded_value_share', () => {
  it('the shop: 65.00 refunded over 59.90 + 120 + 35 + 80 + 20 + 50 = 364.90 (#1007 has no total)', () => {
    const ctx = shopContext();
    expect(refundedValueShare.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 65,
      denominator: 364.9,
      value: 65 / 364.9,
    });
  });

  it('totals 100.00 and 50.00, one refund of 15.00 -> 15 / 150; a refund without a total is left out', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-06T00:00:00Z', total: 100, refunded: 15 },
      { id: 'B', created: '2025-10-06T00:00:00Z', total: 50 },
      { id: 'C', created: '2025-10-06T00:00:00Z', refunded: 9 },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(refundedValueShare.compute(ctx, byCreation(table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 15,
      denominator: 150,
      value: 0.1,
    });
  });

  it('needs both columns', () => {
    const ctx = createOrderContext(
      orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z', total: 5 }]),
      orderOptions(),
      null,
    );
    expect(refundedValueShare.unavailable(ctx)).toBe(
      'needs both a refunded amount and an order total: map refunded and total',
    );
  });
});
