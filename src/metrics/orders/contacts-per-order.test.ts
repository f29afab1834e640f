/** Contacts per order: tickets linked to the period's orders / orders, as a total (n, sum, mean). */
import { describe, expect, it } from 'vitest';
import { byCreation, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { contactsPerOrder } from './contacts-per-order.js';

describe('contacts_per_order', () => {
  it('the shop: #1001 1 (T2), #1002 2 (T1, T4), #1005 1 (T3) -> sum 4 over 7 orders', () => {
    const ctx = shopContext();
    expect(Array.from(ctx.contacts?.links.ticketsPerOrder ?? [])).toEqual([1, 2, 0, 0, 1, 0, 0]);
    expect(contactsPerOrder.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'total',
      n: 7,
      sum: 4,
      mean: 4 / 7,
    });
  });

  it("counts the tickets of the period's orders whenever they were created; null mean without orders", () => {
    const ctx = shopContext();
    // the second week's orders #1006 and #1007 have no ticket
    expect(contactsPerOrder.compute(ctx, Int32Array.of(5, 6), WHOLE)).toEqual({ kind: 'total', n: 2, sum: 0, mean: 0 });
    expect(contactsPerOrder.compute(ctx, new Int32Array(0), WHOLE)).toEqual({
      kind: 'total',
      n: 0,
      sum: 0,
      mean: null,
    });
  });

  it('is unavailable without tickets', () => {
    expect(contactsPerOrder.unavailable(shopContext({}, false))).toBe(
      'no tickets given: pass --tickets FILE to link tickets to orders',
    );
  });
});
