import { describe, expect, it } from 'vitest';
import { ISO_ONLY } from '../../src/ingest/date-columns.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { finalizeOrders } from '../../src/ingest/order-finalize.js';
import { createOrderRowReader, OrderBuilder } from '../../src/ingest/orders.js';
import { ordersGeneric } from '../../src/ingest/profiles/orders/generic.js';
import { shopify } from '../../src/ingest/profiles/orders/shopify.js';
import { OrderTable } from '../../src/model/order.js';

const base = {
  map: {},
  by: [],
  inputTimezone: 'Europe/Berlin',
  dateFormats: ISO_ONLY,
  deadlineZone: 'Europe/Berlin',
  nullTokens: [''],
  onBadValue: 'reject' as const,
};

describe('Shopify line items', () => {
  const header = [
    'Name',
    'Email',
    'Financial Status',
    'Fulfillment Status',
    'Lineitem quantity',
    'Lineitem name',
    'Created at',
    'Total',
    'Refunded Amount',
  ];
  it("folds rows by Name, counts line items, keeps the first row's order fields", () => {
    const issues: RowIssue[] = [];
    const builder = new OrderBuilder(new OrderTable());
    const reader = createOrderRowReader(header, builder, {
      ...base,
      file: 's.csv',
      fileIndex: 0,
      profile: shopify,
      onIssue: (i) => issues.push(i),
    });
    reader.read(['#1', 'A@X.com', 'paid', 'fulfilled', '1', 'Shirt', '2025-10-07 09:50:26 +0200', '59.90', '0.00'], 2);
    reader.read(['#1', 'A@X.com', '', '', '1', 'Tote', '', '', ''], 3);
    reader.read(
      ['#2', 'b@x.com', 'partially_refunded', 'partial', '2', 'Socks', '2025-10-08 10:00:00 +0200', '12,50', '2.50'],
      4,
    );
    reader.read(['#3', 'c@x.com', 'paid', '', '1', 'Cap', '2025-13-01 10:00:00 +0200', '5', '0'], 5);
    finalizeOrders(builder, { policy: 'reject', firstFile: 's.csv' }, (i) => issues.push(i));
    const t = builder.table;
    expect(t.ids).toEqual(['#1', '#2']);
    expect([...t.lineItems.subarray(0, 2)]).toEqual([2, 1]);
    expect(t.instants.created[0]).toBe(Date.UTC(2025, 9, 7, 7, 50, 26));
    expect([...t.amounts.total.subarray(0, 2)]).toEqual([59.9, 12.5]);
    expect(t.dim('customer')!.dictionary.value(t.dim('customer')!.codes[0]!)).toBe('a@x.com');
    expect(t.refundedStatus[1]).toBe(1);
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([['bad_date', 5, 'Created at']]);
    expect(builder.counts).toMatchObject({ accepted: 3, rejected: 1, rejectedOrders: 0 });
  });
});

describe('split files joined by id', () => {
  it('fills fields from later files, counts items, rejects orders no file creates', () => {
    const issues: RowIssue[] = [];
    const builder = new OrderBuilder(new OrderTable());
    const opts = { ...base, profile: ordersGeneric, onIssue: (i: RowIssue) => issues.push(i) };
    // The items file comes first: the order's creation arrives later.
    const items = createOrderRowReader(['order_id', 'order_item_id'], builder, {
      ...opts,
      file: 'items.csv',
      fileIndex: 0,
    });
    items.read(['A-1', '1'], 2);
    items.read(['A-1', '2'], 3);
    items.read(['A-9', '1'], 4);
    const orders = createOrderRowReader(['order_id', 'created_at', 'estimated_delivery'], builder, {
      ...opts,
      file: 'orders.csv',
      fileIndex: 1,
    });
    orders.read(['A-1', '2025-10-24T12:00:00+02:00', '2025-10-26'], 2);
    finalizeOrders(builder, { policy: 'reject', firstFile: 'items.csv' }, (i) => issues.push(i));
    const t = builder.table;
    expect(t.ids).toEqual(['A-1']);
    expect(t.lineItems[0]).toBe(2);
    // A date-only promise lasts to the end of that day: 2025-10-27 00:00 CET (a 25-hour day before it).
    expect(t.instants.promised[0]).toBe(Date.UTC(2025, 9, 26, 23));
    expect(issues.map((i) => [i.code, i.file, i.line])).toEqual([['missing_required', 'items.csv', 4]]);
    expect(builder.counts.rejectedOrders).toBe(1);
  });
});

describe('instants before the creation (reported at the end, with the file, line and cell they came from)', () => {
  const run = (policy: 'reject' | 'null') => {
    const issues: RowIssue[] = [];
    const builder = new OrderBuilder(new OrderTable());
    const opts = { ...base, onBadValue: policy, profile: ordersGeneric, onIssue: (i: RowIssue) => issues.push(i) };
    // Delivery file first: B-2's creation is not known when its delivery is read.
    const deliveries = createOrderRowReader(['order_id', 'delivered_at'], builder, {
      ...opts,
      file: 'deliveries.csv',
      fileIndex: 0,
    });
    deliveries.read(['B-2', '2025-10-01T08:00:00Z'], 2);
    deliveries.read(['B-3', '2025-10-09T08:00:00Z'], 3);
    const orders = createOrderRowReader(['order_id', 'created_at', 'paid_at', 'shipped_at'], builder, {
      ...opts,
      file: 'orders.csv',
      fileIndex: 1,
    });
    // B-1: paid before it was created (same row, the paid column before the created one would not matter).
    orders.read(['B-1', '2025-10-05T10:00:00Z', '2025-10-05T09:59:00Z', '2025-10-06T10:00:00Z'], 2);
    // B-2: created after the delivery read earlier; B-3: in order.
    orders.read(['B-2', '2025-10-02T10:00:00Z', '', ''], 3);
    orders.read(['B-3', '2025-10-08T10:00:00Z', '2025-10-08T10:00:00Z', ''], 4);
    // B-1 again (a line item row): its shipping time is already set, the later value is ignored.
    orders.read(['B-1', '2025-10-05T10:00:00Z', '', '2025-10-01T00:00:00Z'], 5);
    finalizeOrders(builder, { policy: policy, firstFile: 'deliveries.csv' }, (i) => issues.push(i));
    return { issues, builder };
  };

  it('names the cell of each, orders in the order first read (B-2, B-3, B-1), and drops the orders with reject', () => {
    const { issues, builder } = run('reject');
    expect(issues.map((i) => [i.code, i.file, i.line, i.column, i.value, i.action])).toEqual([
      ['impossible_value', 'deliveries.csv', 2, 'delivered_at', '2025-10-01T08:00:00Z', 'rejected'],
      ['impossible_value', 'orders.csv', 2, 'paid_at', '2025-10-05T09:59:00Z', 'rejected'],
    ]);
    expect(builder.table.ids).toEqual(['B-3']);
    // B-1's two rows and B-2's two rows are rejected; B-3's two rows are used.
    expect(builder.counts).toMatchObject({ accepted: 2, rejectedOrders: 4 });
  });

  it('empties the values and keeps the orders with null', () => {
    const { issues, builder } = run('null');
    expect(issues.map((i) => [i.file, i.line, i.column, i.action])).toEqual([
      ['deliveries.csv', 2, 'delivered_at', 'nulled'],
      ['orders.csv', 2, 'paid_at', 'nulled'],
    ]);
    const t = builder.table;
    expect(t.ids).toEqual(['B-2', 'B-3', 'B-1']);
    expect(Number.isNaN(t.instants.delivered[0] as number)).toBe(true);
    expect(Number.isNaN(t.instants.paid[2] as number)).toBe(true);
    expect(t.instants.shipped[2]).toBe(Date.parse('2025-10-06T10:00:00Z'));
    expect(t.instants.paid[1]).toBe(Date.parse('2025-10-08T10:00:00Z'));
  });
});
