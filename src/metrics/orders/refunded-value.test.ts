/** Refunded value: the sum of refunded amounts over orders with a refund, with their mean; summed in cents. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { refundedValue } from './refunded-value.js';

describe('refunded_value', () => {
  it('the shop: 15.00 + 50.00 -> n 2, sum 65, mean 32.5', () => {
    const ctx = shopContext();
    expect(refundedValue.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'total',
      n: 2,
      sum: 65,
      mean: 32.5,
    });
  });

  it('sums in cents: 0.10 + 0.20 is 0.30, not 0.30000000000000004', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-06T00:00:00Z', refunded: 0.1 },
      { id: 'B', created: '2025-10-06T00:00:00Z', refunded: 0.2 },
      { id: 'C', created: '2025-10-06T00:00:00Z', refunded: 0 },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(refundedValue.compute(ctx, byCreation(table), WHOLE)).toEqual({ kind: 'total', n: 2, sum: 0.3, mean: 0.15 });
  });

  it('has a null mean without refunds', () => {
    const ctx = shopContext();
    expect(refundedValue.compute(ctx, Int32Array.of(0, 1), WHOLE)).toEqual({ kind: 'total', n: 0, sum: 0, mean: null });
  });
});
