import { rate } from '../summarize.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Repeat customer rate (orders): customers with an order in the period that was not their first
 * order (an earlier one exists anywhere in the input, cancelled included) / customers with an order
 * in the period. Customers are emails, compared case-insensitively; orders without one are left out.
 * @example
 * // A (code 1) orders twice, B (code 2) once, all in the period: A's second order is a repeat -> 50% (1/2)
 * const table = { dims: new Map([['customer', { codes: Uint32Array.of(1, 1, 2) }]]) };
 * repeatCustomerRate.compute({ table, repeatOrder: Uint8Array.of(0, 1, 0) }, Int32Array.of(0, 1, 2))
 * // { kind: 'rate', numerator: 1, denominator: 2, value: 0.5 }
 */
export const repeatCustomerRate: OrderMetricDefinition = {
  id: 'repeat_customer_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Repeat customer rate',
  describe: () =>
    'customers whose order in the period was not their first (earlier ' +
    'order anywhere in the input) / customers with an order in the period',
  unavailable: (ctx) => (ctx.table.present.has('customer') ? null : 'no customer column: map customer (email)'),
  compute: (ctx, cohort) => {
    const customer = ctx.table.dims.get('customer')!.codes;
    const seen = new Map<number, number>();
    for (let j = 0; j < cohort.length; j++) {
      const i = cohort[j] as number;
      const c = customer[i] as number;
      if (c !== 0) seen.set(c, (seen.get(c) ?? 0) | (ctx.repeatOrder[i] as number));
    }
    let numerator = 0;
    for (const flag of seen.values()) numerator += flag;
    return rate(numerator, seen.size);
  },
};
