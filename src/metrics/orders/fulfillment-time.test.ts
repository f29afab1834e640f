/** Time to fulfil (hours): fulfilled (else shipped) minus creation or payment; cancelled and unfulfilled left out. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, OFFICE, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { fulfillmentTime } from './fulfillment-time.js';

describe('fulfillment_time', () => {
  it('the shop: #1001 30 h, #1002 77.5 h, #1004 6 h, #1006 4 h; #1003 cancelled, #1005 and #1007 unfulfilled', () => {
    // sorted 4, 6, 30, 77.5: n 4, mean 117.5 / 4 = 29.375, median (6 + 30) / 2 = 18,
    // p90: h = 3 * 0.9 = 2.7 -> 30 + 0.7 * 47.5 = 63.25; p95: h = 2.85 -> 30 + 0.85 * 47.5 = 70.375
    const ctx = shopContext();
    const value = fulfillmentTime.compute(ctx, byCreation(ctx.table), WHOLE);
    expect(value).toMatchObject({ kind: 'duration', unit: 'hours', n: 4, mean: 29.375, median: 18, min: 4, max: 77.5 });
    if (value.kind !== 'duration') throw new Error(value.kind);
    expect(value.p90).toBeCloseTo(63.25, 9);
    expect(value.p95).toBeCloseTo(70.375, 9);
  });

  it('from payment (--orders-from paid): #1001 paid 10:05 -> 29 h 55 min; orders without payment skipped', () => {
    const ctx = shopContext({ from: 'paid' });
    const value = fulfillmentTime.compute(ctx, byCreation(ctx.table), WHOLE);
    expect(value).toMatchObject({ n: 1 });
    expect(value.kind === 'duration' ? value.median : null).toBeCloseTo(29 + 55 / 60, 12);
  });

  it('in business hours (Mon-Fri 09:00-17:00): #1001 Mon 10:00 -> Tue 16:00 = 7 + 7 = 14 h', () => {
    const ctx = shopContext({ schedule: OFFICE });
    const value = fulfillmentTime.compute(ctx, Int32Array.of(0), WHOLE);
    expect(value).toMatchObject({ n: 1, median: 14 });
  });

  it('takes the shipping time when there is no fulfilment time, and only before as-of', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-06T00:00:00Z', shipped: '2025-10-06T12:00:00Z' },
      { id: 'B', created: '2025-10-06T00:00:00Z', fulfilled: '2025-10-09T00:00:00Z' },
    ]);
    const ctx = createOrderContext(table, orderOptions({ asOf: Date.parse('2025-10-08T00:00:00Z') }), null);
    // A shipped after 12 h; B fulfilled after as-of: not yet
    expect(fulfillmentTime.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ n: 1, median: 12 });
  });

  it('is unavailable without a fulfilment or shipping column', () => {
    const ctx = createOrderContext(orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z' }]), orderOptions(), null);
    expect(fulfillmentTime.unavailable(ctx)).toBe('no fulfilment column: map fulfilled (or shipped)');
  });
});
