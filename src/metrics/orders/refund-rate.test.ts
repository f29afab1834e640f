/** Refund rate: orders with a refunded amount > 0 or a refunded status / orders, cancelled included. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { refundRate } from './refund-rate.js';

describe('refund_rate', () => {
  it('the shop: #1004 (15.00) and #1006 (50.00) -> 2 / 7', () => {
    const ctx = shopContext();
    expect(refundRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 7,
      value: 2 / 7,
    });
  });

  it('a refunded status without an amount counts; an amount of 0 does not', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-06T00:00:00Z', refundedStatus: true },
      { id: 'B', created: '2025-10-06T00:00:00Z', refunded: 0 },
      { id: 'C', created: '2025-10-06T00:00:00Z', refunded: 0.01 },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(refundRate.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('is unavailable without a refunded amount or a financial status', () => {
    const ctx = createOrderContext(orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z' }]), orderOptions(), null);
    expect(refundRate.unavailable(ctx)).toBe('no refund column: map refunded (amount) or financial_status');
  });
});
