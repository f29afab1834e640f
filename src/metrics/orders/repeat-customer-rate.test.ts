/** Repeat customer rate (orders): customers whose order in the period was not their first / customers. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { repeatCustomerRate } from './repeat-customer-rate.js';

describe('repeat_customer_rate', () => {
  it('the shop: ana (#1001, #1004) and ben (#1002, #1006) came back, cleo and dan not; #1007 no email -> 2 / 4', () => {
    const ctx = shopContext();
    expect(repeatCustomerRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 4,
      value: 0.5,
    });
  });

  it("the earlier order may lie before the period: the second week's #1006 (ben's second) is a repeat", () => {
    const ctx = shopContext();
    expect(repeatCustomerRate.compute(ctx, Int32Array.of(5, 6), WHOLE)).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('a cancelled earlier order makes the next one a repeat too; two orders at once: the later row repeats', () => {
    const table = orderTableOf([
      { id: 'A', created: '2025-10-06T00:00:00Z', customer: 'x@y.com', cancelled: '2025-10-06T01:00:00Z' },
      { id: 'B', created: '2025-10-07T00:00:00Z', customer: 'x@y.com' },
      { id: 'C', created: '2025-10-07T00:00:00Z', customer: 'z@y.com' },
      { id: 'D', created: '2025-10-07T00:00:00Z', customer: 'z@y.com' },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(Array.from(ctx.repeatOrder)).toEqual([0, 1, 0, 1]);
    expect(repeatCustomerRate.compute(ctx, Int32Array.of(1), WHOLE)).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('is unavailable without a customer column', () => {
    const ctx = createOrderContext(orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z' }]), orderOptions(), null);
    expect(repeatCustomerRate.unavailable(ctx)).toBe('no customer column: map customer (email)');
  });
});
