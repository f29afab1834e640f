import { eq, num, ref, TRUE } from '../derive/expr.js';
import { rate } from './summarize.js';
import type { MetricContext, MetricDefinition } from './types.js';

const unavailable = (ctx: MetricContext) =>
  ctx.table.present.has('customer') ? null : 'no customer column: map customer (requester id or email)';

const describeWindow = (ctx: { repeatWindowDays: number; repeatSame: 'category' | null }) =>
  `${ctx.repeatWindowDays} days${ctx.repeatSame === 'category' ? ', same category' : ''}`;

/**
 * Repeat contact rate (industry CRR): tickets whose customer opened another ticket in the previous N
 * days (`--repeat-window`, default 7; with `--repeat-same category` only tickets of the same
 * category count), plus Zendesk follow-ups of closed tickets / tickets created. The earlier ticket may
 * lie before the period. Tickets without a customer are never repeats, except follow-ups
 * (derive/repeat-contact.ts).
 * @example metricOver(repeatContactRate, [{ created: 0, customer: 'a' }, { created: DAY, customer: 'a' }, { created: 0,
 * customer: 'b' }], options).numerator // 1
 */
export const repeatContactRate: MetricDefinition = {
  id: 'repeat_contact_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Repeat contact rate',
  describe: (o) =>
    `tickets whose customer opened another ticket in the previous ` +
    `${describeWindow(o)}, plus follow-ups of closed tickets / tickets created`,
  unavailable,
  rule: () => ({ kind: 'rate', counted: TRUE, hit: eq(ref('is_repeat'), num(1)) }),
};

/** repeat_customer_rate's per-customer states, by context (all 0 between cohorts). */
const customerStates = new WeakMap<object, Uint8Array>();

/**
 * Repeat customer rate: customers with at least one repeat ticket in the period / customers who
 * opened a ticket in the period. Counts distinct customers, across the cohort's tickets.
 * @example metricOver(repeatCustomerRate, [{ created: 0, customer: 'a' }, { created: DAY, customer: 'a' }, { created:
 * 0, customer: 'b' }], options).value // 0.5
 */
export const repeatCustomerRate: MetricDefinition = {
  id: 'repeat_customer_rate',
  kind: 'rate',
  headline: [],
  label: 'Repeat customer rate',
  describe: (o) =>
    `customers with a repeat ticket (window ${describeWindow(o)}) / customers who contacted in the period`,
  unavailable,
  across: () => ({ kind: 'distinct', key: 'customer', hit: eq(ref('is_repeat'), num(1)) }),
  compute: (ctx, cohort) => {
    const column = ctx.table.dims.get('customer')!;
    const customer = column.codes;
    // Per customer code: 0 not seen, 1 seen, 2 seen with a repeat (codes are dense: no map needed). One
    // array per context, cleared after each cohort: a new one per cell made a daily report days x customers.
    let state = customerStates.get(ctx);
    if (state === undefined || state.length < column.dictionary.size + 1)
      customerStates.set(ctx, (state = new Uint8Array(column.dictionary.size + 1)));
    let customers = 0;
    let numerator = 0;
    const isRepeat = ctx.flag('is_repeat');
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      const c = customer[t] as number;
      if (c === 0) continue;
      let s = state[c] as number;
      if (s === 0) {
        customers++;
        s = 1;
        state[c] = 1;
      }
      if (s === 1 && isRepeat[t] === 1) {
        state[c] = 2;
        numerator++;
      }
    }
    for (let j = 0; j < cohort.length; j++) state[customer[cohort[j] as number] as number] = 0;
    return rate(numerator, customers);
  },
};
