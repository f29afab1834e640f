/** orders: every order created in the period, cancelled ones included, one per order however many rows. */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { orders } from './orders.js';

describe('orders', () => {
  it('counts the cohort, the cancelled #1003 and the promise-less #1007 included', () => {
    const ctx = shopContext();
    expect(orders.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({ kind: 'count', value: 7 });
  });

  it('counts a period: the second week holds #1006 and #1007', () => {
    const ctx = shopContext();
    expect(orders.compute(ctx, Int32Array.of(5, 6), WHOLE)).toEqual({ kind: 'count', value: 2 });
    expect(orders.compute(ctx, new Int32Array(0), WHOLE)).toEqual({ kind: 'count', value: 0 });
  });

  it('is always available', () => {
    expect(orders.unavailable(shopContext())).toBeNull();
  });
});
