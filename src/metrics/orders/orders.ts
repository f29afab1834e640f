import type { OrderMetricDefinition } from './types.js';

/**
 * Orders: orders created in the period, cancelled ones included (cancellation_rate counts those).
 * A Shopify order is one order however many line-item rows it spans.
 * @example
 * // #1001 (3 line items, folded into one order at ingest) and #1002 (cancelled) created this week -> 2
 * orders.compute({}, Int32Array.of(0, 1)) // { kind: 'count', value: 2 }
 */
export const orders: OrderMetricDefinition = {
  id: 'orders',
  kind: 'count',
  headline: ['value'],
  label: 'Orders',
  describe: () =>
    'orders created in the period, cancelled ones included (see ' +
    'cancellation_rate); line-item rows folded into their order',
  unavailable: () => null,
  compute: (_ctx, cohort) => ({ kind: 'count', value: cohort.length }),
};
