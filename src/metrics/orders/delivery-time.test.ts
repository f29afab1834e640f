/** Time to deliver (hours): delivered minus creation (or payment), not cancelled, before as-of. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { deliveryTime } from './delivery-time.js';

describe('delivery_time', () => {
  it('the shop: #1001 Mon 10:00 -> Thu 10:00 72 h, #1002 6 d 1 h = 145 h, #1006 24 h', () => {
    // sorted 24, 72, 145: n 3, mean 241 / 3, median 72
    const ctx = shopContext();
    const value = deliveryTime.compute(ctx, byCreation(ctx.table), WHOLE);
    expect(value).toMatchObject({ kind: 'duration', unit: 'hours', n: 3, median: 72, min: 24, max: 145 });
    expect(value.kind === 'duration' ? value.mean : null).toBeCloseTo(241 / 3, 12);
  });

  it('leaves out cancelled orders, even delivered ones, and deliveries at or after as-of', () => {
    const table = orderTableOf([
      {
        id: 'A',
        created: '2025-10-06T00:00:00Z',
        delivered: '2025-10-07T00:00:00Z',
        cancelled: '2025-10-08T00:00:00Z',
      },
      { id: 'B', created: '2025-10-06T00:00:00Z', delivered: '2025-10-10T00:00:00Z' },
      { id: 'C', created: '2025-10-06T00:00:00Z', delivered: '2025-10-09T00:00:00Z' },
    ]);
    const ctx = createOrderContext(table, orderOptions({ asOf: Date.parse('2025-10-10T00:00:00Z') }), null);
    // C only: 3 days
    expect(deliveryTime.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ n: 1, median: 72 });
  });

  it('is unavailable without a delivery column', () => {
    const ctx = createOrderContext(orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z' }]), orderOptions(), null);
    expect(deliveryTime.unavailable(ctx)).toBe('no delivery column: map delivered');
  });
});
