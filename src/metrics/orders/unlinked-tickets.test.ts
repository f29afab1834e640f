/** Unlinked tickets: tickets created in the period that no rule linked to an order. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import {
  contactsOf,
  orderOptions,
  orderTableOf,
  SHOP,
  SHOP_AS_OF,
  SHOP_TICKETS,
  shopContext,
  WHOLE,
} from '../../../test/helpers/orders.js';
import { unlinkedTickets } from './unlinked-tickets.js';

describe('unlinked_tickets', () => {
  it('the shop: T5 (no order of zed), T6 (#9999 is no order), T7 (41 days after #1005) -> 3', () => {
    expect(unlinkedTickets.compute(shopContext(), new Int32Array(0), WHOLE)).toEqual({ kind: 'count', value: 3 });
  });

  it('counts the tickets created in the period, half-open: T7 on Nov 20 is outside October 6-20', () => {
    const scope = {
      start: Date.parse('2025-10-06T00:00:00Z'),
      end: Date.parse('2025-10-20T00:00:00Z'),
      grouped: false,
    };
    expect(unlinkedTickets.compute(shopContext(), new Int32Array(0), scope)).toEqual({ kind: 'count', value: 2 });
    // T6 was created Monday 13th 10:00: a period ending at that instant leaves it out
    const before = { ...scope, end: Date.parse('2025-10-13T10:00:00Z') };
    expect(unlinkedTickets.compute(shopContext(), new Int32Array(0), before)).toEqual({ kind: 'count', value: 1 });
  });

  it('has no order dimension: with --by it is unavailable', () => {
    expect(unlinkedTickets.compute(shopContext(), new Int32Array(0), { ...WHOLE, grouped: true })).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('a 60-day link window links T7 (dan, 41 days after #1005) by email', () => {
    expect(shopContext().contacts?.links.counts).toEqual({ order_number: 1, subject: 1, email: 2, unlinked: 3 });
    const table = orderTableOf(SHOP);
    const ctx = createOrderContext(table, orderOptions({ asOf: SHOP_AS_OF }), contactsOf(table, SHOP_TICKETS, 60));
    expect(ctx.contacts?.links.orderOf[6]).toBe(4);
    expect(unlinkedTickets.compute(ctx, new Int32Array(0), WHOLE)).toEqual({ kind: 'count', value: 2 });
  });
});
