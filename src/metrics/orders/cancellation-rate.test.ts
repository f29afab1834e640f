/** Cancellation rate: orders cancelled by as-of (a time, or a cancelled status) / orders. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { cancellationRate } from './cancellation-rate.js';

describe('cancellation_rate', () => {
  it('the shop: #1003 cancelled on the 9th -> 1 / 7', () => {
    const ctx = shopContext();
    expect(cancellationRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 7,
      value: 1 / 7,
    });
  });

  it('a cancellation after as-of is not one yet; a voided status without a time is', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-01T00:00:00Z', cancelled: '2025-10-20T00:00:00Z' },
      { id: 'B', created: '2025-10-01T00:00:00Z', cancelledStatus: true },
      { id: 'C', created: '2025-10-01T00:00:00Z' },
    ]);
    const ctx = createOrderContext(table, orderOptions({ asOf: Date.parse('2025-10-10T00:00:00Z') }), null);
    // B only -> 1 / 3
    expect(cancellationRate.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('is null over no orders, and unavailable without a cancellation or status column', () => {
    const ctx = shopContext();
    expect(cancellationRate.compute(ctx, new Int32Array(0), WHOLE)).toMatchObject({ value: null });
    const bare = createOrderContext(orderTableOf([{ id: 'A', created: '2025-10-01T00:00:00Z' }]), orderOptions(), null);
    expect(cancellationRate.unavailable(bare)).toBe('no cancellation column: map cancelled (or status)');
  });
});
