import { businessMs } from '../../calendar/schedule.js';
import type { OrderTable } from '../../model/order.js';
import { addBusinessDays } from '../../calendar/schedule.js';
import { Punctuality, type OrderContacts, type OrderContext, type OrderMetricOptions } from './types.js';

/**
 * Derives per-order values once: cancellation, duration start, the on-time event, the promise and
 * the punctuality as of as-of, repeat orders. Pure: reads the table, returns new arrays.
 *
 * The promise is the order's own promised value when it has one (a column, or a joined file), else
 * created + `promiseDays` business days when configured (`addBusinessDays`: the end of the Nth whole
 * business day after creation), else none.
 */
export function createOrderContext(
  table: OrderTable,
  options: OrderMetricOptions,
  contacts: OrderContacts | null,
): OrderContext {
  const n = table.length;
  const { created, paid, promised, cancelled: cancelledAt } = table.instants;
  const event = table.instants[options.onTimeEvent];
  const asOf = options.asOf;
  const cancelled = new Uint8Array(n);
  const startAt = new Float64Array(n);
  const eventAt = new Float64Array(n);
  const promiseAt = new Float64Array(n);
  const punctuality = new Uint8Array(n);
  const promiseSchedule = options.promiseSchedule.schedule;
  for (let i = 0; i < n; i++) {
    const c = created[i] as number;
    cancelled[i] = (cancelledAt[i] as number) < asOf || table.cancelledStatus[i] === 1 ? 1 : 0;
    startAt[i] = options.from === 'paid' ? (paid[i] as number) : c;
    const e = event[i] as number;
    eventAt[i] = e < asOf ? e : NaN;
    let p = promised[i] as number;
    if (Number.isNaN(p) && options.promiseDays !== null) p = addBusinessDays(promiseSchedule, c, options.promiseDays);
    promiseAt[i] = p;
    if (cancelled[i] === 1 || Number.isNaN(p)) continue;
    const done = eventAt[i] as number;
    if (!Number.isNaN(done)) punctuality[i] = done <= p ? Punctuality.onTime : Punctuality.late;
    else punctuality[i] = p < asOf ? Punctuality.openLate : Punctuality.open;
  }
  const schedule = options.schedule?.schedule ?? null;
  const elapsedMs = schedule ? (a: number, b: number) => businessMs(schedule, a, b) : (a: number, b: number) => b - a;

  const customer = table.dims.get('customer')!.codes;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      (customer[a] as number) - (customer[b] as number) || (created[a] as number) - (created[b] as number) || a - b,
  );
  const repeatOrder = new Uint8Array(n);
  for (let k = 1; k < n; k++) {
    const i = order[k] as number;
    const prev = order[k - 1] as number;
    if (customer[i] !== 0 && customer[i] === customer[prev]) repeatOrder[i] = 1;
  }

  const hasPromiseColumn = table.present.has('promised');
  const configured =
    options.promiseDays === null
      ? null
      : `created + ${options.promiseDays} business days (${options.promiseSchedule.name})`;
  const promiseSource = hasPromiseColumn
    ? `promised column${configured ? `, else ${configured}` : ''}`
    : (configured ?? 'none: map a promised column or set --promise-days');
  return {
    table,
    options,
    cancelled,
    startAt,
    eventAt,
    promiseAt,
    punctuality,
    promiseSource,
    elapsedMs,
    repeatOrder,
    contacts,
    scratch: new Float64Array(Math.max(16, n)),
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
