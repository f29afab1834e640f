/** Late orders: the event came after the promise (open orders past it are at risk, not late). */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { lateOrders } from './late-orders.js';

describe('late_orders', () => {
  it('the shop: #1002 delivered Monday 12:00 after its Saturday promise -> 1; #1004 (open past it) is not', () => {
    const ctx = shopContext();
    expect(lateOrders.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({ kind: 'count', value: 1 });
  });

  it('moves with as-of: before #1002 was delivered it was open (at risk), not late', () => {
    const ctx = shopContext({ asOf: Date.parse('2025-10-12T00:00:00Z') });
    expect(lateOrders.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({ kind: 'count', value: 0 });
  });

  it('on the fulfilment event no shop order is late', () => {
    const ctx = shopContext({ onTimeEvent: 'fulfilled' });
    expect(lateOrders.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({ kind: 'count', value: 0 });
  });
});
