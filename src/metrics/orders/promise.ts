import type { OrderContext, OrderMetricOptions } from './types.js';

/** Why on-time figures cannot be computed: no event column, or no promise at all. */
export function punctualityUnavailable(ctx: OrderContext): string | null {
  const event = ctx.options.onTimeEvent;
  if (!ctx.table.present.has(event)) return `no ${event} column: map ${event}`;
  if (!ctx.table.present.has('promised') && ctx.options.promiseDays === null) {
    return (
      'no promise: map a promised (estimated delivery) column ' + 'or set --promise-days N (config orders.promise_days)'
    );
  }
  return null;
}

/** "delivered on or before the promise (promised column, else created + 2 business days (weekdays))". */
export const onTimeText = (o: OrderMetricOptions): string => {
  const days =
    o.promiseDays === null ? '' : `, else created + ${o.promiseDays} business days (${o.promiseSchedule.name})`;
  return `${o.onTimeEvent}; the promise is the promised column${days}`;
};
