import { businessMs } from '../../calendar/schedule.js';
import { deriveOrders } from '../../derive/orders.js';
import type { OrderTable } from '../../model/order.js';
import type { OrderContacts, OrderContext, OrderMetricOptions } from './types.js';

/**
 * The per-order derivations of a run (derive/orders.ts: cancellation, duration start, on-time event,
 * promise, punctuality, delay, repeat orders) and what the metrics read beside them. Pure: reads the
 * table, returns new arrays.
 */
export function createOrderContext(
  table: OrderTable,
  options: OrderMetricOptions,
  contacts: OrderContacts | null,
): OrderContext {
  const schedule = options.schedule?.schedule ?? null;
  const elapsedMs = schedule ? (a: number, b: number) => businessMs(schedule, a, b) : (a: number, b: number) => b - a;
  const hasPromiseColumn = table.present.has('promised');
  const configured =
    options.promiseDays === null
      ? null
      : `created + ${options.promiseDays} business days (${options.promiseSchedule.name})`;
  const promiseSource = hasPromiseColumn
    ? `promised column${configured ? `, else ${configured}` : ''}`
    : (configured ?? 'none: map a promised column or set --promise-days');
  return {
    ...deriveOrders(table, options),
    table,
    options,
    promiseSource,
    elapsedMs,
    contacts,
    scratch: new Float64Array(Math.max(16, table.length)),
  };
}

/** Statistics input: per-order durations over the cohort, skipping NaN. */
export function collect(ctx: OrderContext, cohort: Int32Array, value: (order: number) => number): Float64Array {
  let k = 0;
  for (let j = 0; j < cohort.length; j++) {
    const v = value(cohort[j] as number);
    if (!Number.isNaN(v)) ctx.scratch[k++] = v;
  }
  return ctx.scratch.subarray(0, k);
}

export const clockSuffix = (options: OrderMetricOptions): string =>
  options.schedule
    ? `; counted in business hours of ${options.schedule.name} (${options.schedule.schedule.timezone})`
    : '; calendar time';

export const startText = (options: OrderMetricOptions): string => (options.from === 'paid' ? 'payment' : 'creation');

/** Why durations from the order's start cannot be measured: the input has no creation (or payment) column. */
export function startUnavailable(ctx: OrderContext): string | null {
  const start = ctx.options.from === 'paid' ? 'paid' : 'created';
  return ctx.table.present.has(start)
    ? null
    : `no ${start === 'paid' ? 'payment' : 'creation'} column to measure from: map ${start}`;
}
