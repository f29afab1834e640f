import { summarizeStats } from '../summarize.js';
import { fromCents, toCents } from './money.js';
import type { OrderContext, OrderMetricDefinition } from './types.js';

/**
 * An order's value: its total column, else the sum of its item prices (an items file, one row per
 * item), else the sum of its payments (a payments file, one row per payment); NaN without any.
 */
export function orderValue(ctx: OrderContext, i: number): number {
  const { total, item_price: items, payment } = ctx.table.amounts;
  const t = total[i] as number;
  if (!Number.isNaN(t)) return t;
  const p = items[i] as number;
  return Number.isNaN(p) ? (payment[i] as number) : p;
}

/** Which columns the order value comes from, in order, for the report. */
export const orderValueSource = (ctx: Pick<OrderContext, 'table'>): string => {
  const present = ctx.table.present;
  const sources = [
    present.has('total') ? 'the total column' : null,
    present.has('item_price') ? 'the sum of item prices' : null,
    present.has('payment') ? 'the sum of payments' : null,
  ].filter((s): s is string => s !== null);
  return sources.join(', else ');
};

/**
 * Order value: the sum over the orders of the period of their value (total, else item prices
 * summed, else payments summed; see `orderValue`), n orders with a value, mean per order. Summed in
 * cents; currencies are not converted (group with `--by currency`).
 * @example
 * // totals 40.00 and 70.00, and an order without a total whose items sum to 15.50
 * const nothing = Float64Array.of(NaN, NaN, NaN);
 * const amounts = { total: Float64Array.of(40, 70, NaN), item_price: Float64Array.of(NaN, NaN, 15.5), payment: nothing };
 * orderValueMetric.compute({ table: { amounts } }, Int32Array.of(0, 1, 2))
 * // { kind: 'total', n: 3, sum: 125.5, mean: 125.5 / 3 }
 */
export const orderValueMetric: OrderMetricDefinition = {
  id: 'order_value',
  kind: 'total',
  headline: ['mean'],
  label: 'Order value',
  describe: () =>
    'order total column, else the sum of item prices, else the sum of payments: sum over orders with a value, ' +
    'n, mean per order (order currency, not converted)',
  unavailable: (ctx) =>
    orderValueSource(ctx) === '' ? 'no order value: map total, item_price (an items file) or payment' : null,
  compute: (ctx, cohort) => {
    let n = 0;
    let cents = 0;
    for (let j = 0; j < cohort.length; j++) {
      const v = orderValue(ctx, cohort[j] as number);
      if (Number.isNaN(v)) continue;
      n++;
      cents += toCents(v);
    }
    return { kind: 'total', n, sum: fromCents(cents), mean: n === 0 ? null : fromCents(cents) / n };
  },
};

/**
 * Items per order: the line items of each order of the period (rows with an `item` value: Shopify
 * line-item rows, an items file's rows), with the order statistics and how many orders had each
 * number of items; orders without an item row count 0.
 * @example
 * // orders with 2, 1 and 0 items
 * const ctx = { table: { lineItems: Int32Array.of(2, 1, 0) }, scratch: new Float64Array(16) };
 * const { n, sum, mean, distribution } = itemsPerOrder.compute(ctx, Int32Array.of(0, 1, 2));
 * [n, sum, mean, distribution] // [3, 3, 1, { 0: 1, 1: 1, 2: 1 }]
 */
export const itemsPerOrder: OrderMetricDefinition = {
  id: 'items_per_order',
  kind: 'total',
  stats: true,
  headline: [],
  label: 'Items per order',
  describe: () =>
    'line items per order (rows with an item value), 0 for orders without one: n, sum, mean, median, p90, p95, ' +
    'min, max and the orders with each number of items',
  unavailable: (ctx) => (ctx.table.present.has('item') ? null : 'no line items: map item (an items file)'),
  compute: (ctx, cohort) => {
    const values = ctx.scratch.subarray(0, cohort.length);
    for (let j = 0; j < cohort.length; j++) values[j] = ctx.table.lineItems[cohort[j] as number] as number;
    return summarizeStats(values, { kind: 'whole', cap: 10 });
  },
};
