import { rate } from './summarize.js';
import type { MetricDefinition, TicketContext } from './types.js';

const unavailable = (ctx: TicketContext) =>
  ctx.table.present.has('customer') ? null : 'no customer column: map customer (requester id or email)';

const describeWindow = (ctx: { repeatWindowDays: number; repeatSame: 'category' | null }) =>
  `${ctx.repeatWindowDays} days${ctx.repeatSame === 'category' ? ', same category' : ''}`;

/**
 * Repeat contact rate (industry CRR): tickets whose customer opened another ticket in the previous N
 * days (`--repeat-window`, default 7; with `--repeat-same category` only tickets of the same
 * category count), plus Zendesk follow-ups of closed tickets / tickets created. The earlier ticket may
 * lie before the period. Tickets without a customer are never repeats, except follow-ups.
 * @example customer A opens tickets on Nov 3 and Nov 6, customer B once -> 33.3% (1/3)
 */
export const repeatContactRate: MetricDefinition = {
  id: 'repeat_contact_rate',
  kind: 'rate',
  headline: ['value'],
  label: 'Repeat contact rate',
  describe: (o) => `tickets whose customer opened another ticket in the previous ${describeWindow(o)}, plus follow-ups of closed tickets / tickets created`,
  unavailable,
  compute: (ctx, cohort) => {
    let numerator = 0;
    // Read once: the flags may come from a second thread (a getter that waits for it).
    const isRepeat = ctx.isRepeat;
    for (let j = 0; j < cohort.length; j++) numerator += isRepeat[cohort[j] as number] as number;
    return rate(numerator, cohort.length);
  },
};

/**
 * Repeat customer rate: customers with at least one repeat ticket in the period / customers who
 * opened a ticket in the period.
 * @example customer A repeats, B and C do not -> 33.3% (1/3)
 */
export const repeatCustomerRate: MetricDefinition = {
  id: 'repeat_customer_rate',
  kind: 'rate',
  headline: [],
  label: 'Repeat customer rate',
  describe: (o) => `customers with a repeat ticket (window ${describeWindow(o)}) / customers who contacted in the period`,
  unavailable,
  compute: (ctx, cohort) => {
    const column = ctx.table.dims.get('customer')!;
    const customer = column.codes;
    // Per customer code: 0 not seen, 1 seen, 2 seen with a repeat (codes are dense: no map needed).
    const state = new Uint8Array(column.dictionary.size + 1);
    let customers = 0;
    let numerator = 0;
    const isRepeat = ctx.isRepeat;
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
    return rate(numerator, customers);
  },
};
