/**
 * The named per-order quantities the order metrics read, each defined once here: whether an order is
 * cancelled, when its durations start, when its on-time event happened, its promise, its
 * punctuality, and how early or late it was (signed, in hours and in calendar days). Pure: the order
 * table and the options in, new arrays out (`deriveOrders`); the single-order functions are what the
 * loop calls and what the tests read.
 */
import { addBusinessDays, businessMs, type Schedule } from '../calendar/schedule.js';
import { zoneOffsetMs } from '../calendar/zone.js';
import type { OrderTable } from '../model/order.js';

const DAY_MS = 86_400_000;

/** The event "on time" is judged on: the shipment leaving (fulfilled) or reaching the customer (delivered). */
export type OnTimeEvent = 'fulfilled' | 'delivered';

/** What the order derivations depend on. */
export interface OrderDeriveOptions {
  /** Instant (epoch ms, exclusive) at which open, late and at-risk orders are judged. */
  asOf: number;
  /** Durations start at the order's creation (default) or at its payment. */
  from: 'created' | 'paid';
  /** Business hours durations are counted in; calendar time when null. */
  schedule: { name: string; schedule: Schedule } | null;
  /** Event of on-time and lateness. */
  onTimeEvent: OnTimeEvent;
  /** Promise for orders without a promised value: created + N business days of `promiseSchedule`. */
  promiseDays: number | null;
  /** The days `promiseDays` counts. */
  promiseSchedule: { name: string; schedule: Schedule };
  /** The report zone: the calendar days of `delay_days`. */
  timezone: string;
}

/** Late/on-time status of an order as of as-of, on the on-time event. */
export const Punctuality = { unknown: 0, onTime: 1, late: 2, openLate: 3, open: 4 } as const;

/**
 * `cancelled`: a cancellation time before as-of, or a status of the cancelled vocabulary.
 * @example isCancelled(Number.NaN, 1, 100) // true
 * @example
 * // cancelled after as-of, and no cancelled status
 * isCancelled(150, 0, 100) // false
 */
export const isCancelled = (cancelledAt: number, cancelledStatus: number, asOf: number): boolean =>
  cancelledAt < asOf || cancelledStatus === 1;

/**
 * `promise_at`: the order's promised instant, else creation + N business days when configured
 * (`addBusinessDays`: the end of the Nth whole business day after creation), else none (NaN).
 * @example
 * // Mon-Fri 09:00-17:00 UTC; created Friday 2025-01-10 10:00 without a promise, 1 business day -> Monday 17:00
 * import { compileSchedule } from '../calendar/schedule-spec.js';
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const weekdays = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * [promiseFor(Number.NaN, Date.UTC(2025, 0, 10, 10), 1, weekdays), promiseFor(Number.NaN, 500, null, weekdays)]
 * // [Date.UTC(2025, 0, 13, 17), NaN]
 */
export function promiseFor(promised: number, created: number, promiseDays: number | null, schedule: Schedule): number {
  if (!Number.isNaN(promised) || promiseDays === null || Number.isNaN(created)) return promised;
  return addBusinessDays(schedule, created, promiseDays);
}

/**
 * `punctuality`: on time when the event (before as-of) came at or before the promise, late after it;
 * without the event, open-late once the promise has passed at as-of, else open; unknown for
 * cancelled orders and orders without a promise.
 * @example punctualityOf(90, 100, false, 200) // Punctuality.onTime
 * @example punctualityOf(Number.NaN, 100, false, 200) // Punctuality.openLate
 */
export function punctualityOf(eventAt: number, promiseAt: number, cancelled: boolean, asOf: number): number {
  if (cancelled || Number.isNaN(promiseAt)) return Punctuality.unknown;
  if (!Number.isNaN(eventAt)) return eventAt <= promiseAt ? Punctuality.onTime : Punctuality.late;
  return promiseAt < asOf ? Punctuality.openLate : Punctuality.open;
}

/**
 * The calendar day (days since 1970-01-01 in `zone`) an instant falls on; a deadline at midnight
 * (`endOfDay`) belongs to the day it ends, so `deadline` subtracts a millisecond first.
 * @example
 * // 23:30 UTC on 2025-10-09 is 01:30 on 2025-10-10 in Berlin
 * localDay(Date.UTC(2025, 9, 9, 23, 30), 'Europe/Berlin', false) // Date.UTC(2025, 9, 10) / DAY
 */
export function localDay(ms: number, zone: string, deadline: boolean): number {
  const at = deadline ? ms - 1 : ms;
  return Math.floor((at + zoneOffsetMs(zone, at)) / DAY_MS);
}

/**
 * `delay_days`: whole calendar days (report zone) from the promise's day to the event's day;
 * negative early, 0 on the promised day, positive late.
 * @example
 * // promised to the end of 2025-10-07 (midnight), delivered 2025-10-08 11:00: one day late
 * delayDays(Date.UTC(2025, 9, 8, 11), Date.UTC(2025, 9, 8), 'UTC') // 1
 */
export const delayDays = (eventAt: number, promiseAt: number, zone: string): number =>
  Number.isNaN(eventAt) || Number.isNaN(promiseAt)
    ? NaN
    : localDay(eventAt, zone, false) - localDay(promiseAt, zone, true);

/**
 * Signed time from `fromMs` to `toMs` on a clock: calendar time, or the open hours of a schedule
 * (negative when `toMs` comes first).
 * @example signedElapsedMs(null, 100, 40) // -60
 */
export function signedElapsedMs(schedule: Schedule | null, fromMs: number, toMs: number): number {
  if (schedule === null) return toMs - fromMs;
  return toMs >= fromMs ? businessMs(schedule, fromMs, toMs) : -businessMs(schedule, toMs, fromMs);
}

/** Every per-order derivation of a run, by order. NaN: none. */
export interface OrderDerived {
  /** 1 when cancelled by as-of. */
  readonly cancelled: Uint8Array;
  /** Start of the order's durations (created, or paid). */
  readonly startAt: Float64Array;
  /** The on-time event's instant when it happened before as-of. */
  readonly eventAt: Float64Array;
  /** The promise (promised value, else the configured N business days). */
  readonly promiseAt: Float64Array;
  /** {@link Punctuality} per order. */
  readonly punctuality: Uint8Array;
  /** Event minus promise on the run's clock, ms, signed: orders with both, not cancelled. */
  readonly delayMs: Float64Array;
  /** {@link delayDays} of the same orders. */
  readonly delayDays: Float64Array;
  /** 1 when the order's customer has an order created before this one. */
  readonly repeatOrder: Uint8Array;
}

/**
 * The per-order derivations of a run (see the single-order functions above).
 * @example
 * // one order created Mon 2025-10-06 10:00, promised by the end of Wed 10-08, delivered Tue 12:00; as-of Fri
 * import { compileSchedule } from '../calendar/schedule-spec.js';
 * import { OrderTable } from '../model/order.js';
 * const table = new OrderTable();
 * const row = table.addRow('A', 2);
 * table.instants.created[row] = Date.UTC(2025, 9, 6, 10);
 * table.instants.promised[row] = Date.UTC(2025, 9, 9);
 * table.instants.delivered[row] = Date.UTC(2025, 9, 7, 12);
 * const weekdays = compileSchedule({ timezone: 'UTC', hours: { mon: ['00:00-24:00'] } }, 'schedules.weekdays');
 * const derived = deriveOrders(table, {
 *   asOf: Date.UTC(2025, 9, 10, 12),
 *   from: 'created',
 *   schedule: null,
 *   onTimeEvent: 'delivered',
 *   promiseDays: null,
 *   promiseSchedule: { name: 'weekdays', schedule: weekdays },
 *   timezone: 'UTC',
 * });
 * [derived.punctuality[0] === Punctuality.onTime, derived.delayMs[0] / HOUR, derived.delayDays[0]] // [true, -36, -1]
 */
export function deriveOrders(table: OrderTable, options: OrderDeriveOptions): OrderDerived {
  const n = table.length;
  const { created, paid, promised, cancelled: cancelledAt } = table.instants;
  const event = table.instants[options.onTimeEvent];
  const asOf = options.asOf;
  const cancelled = new Uint8Array(n);
  const startAt = new Float64Array(n);
  const eventAt = new Float64Array(n);
  const promiseAt = new Float64Array(n);
  const punctuality = new Uint8Array(n);
  const delay = new Float64Array(n).fill(NaN);
  const delayInDays = new Float64Array(n).fill(NaN);
  const promiseSchedule = options.promiseSchedule.schedule;
  const clock = options.schedule?.schedule ?? null;
  for (let i = 0; i < n; i++) {
    const isOff = isCancelled(cancelledAt[i] as number, table.cancelledStatus[i] as number, asOf);
    cancelled[i] = isOff ? 1 : 0;
    startAt[i] = options.from === 'paid' ? (paid[i] as number) : (created[i] as number);
    const e = event[i] as number;
    eventAt[i] = e < asOf ? e : NaN;
    const p = promiseFor(promised[i] as number, created[i] as number, options.promiseDays, promiseSchedule);
    promiseAt[i] = p;
    punctuality[i] = punctualityOf(eventAt[i] as number, p, isOff, asOf);
    if (punctuality[i] === Punctuality.onTime || punctuality[i] === Punctuality.late) {
      delay[i] = signedElapsedMs(clock, p, eventAt[i] as number);
      delayInDays[i] = delayDays(eventAt[i] as number, p, options.timezone);
    }
  }
  return {
    cancelled,
    startAt,
    eventAt,
    promiseAt,
    punctuality,
    delayMs: delay,
    delayDays: delayInDays,
    repeatOrder: repeatOrders(table),
  };
}

/**
 * `repeat_order`: 1 when the order's customer (email) has an earlier order (by creation, then input
 * order); orders without a customer are never repeats.
 */
export function repeatOrders(table: OrderTable): Uint8Array {
  const n = table.length;
  const created = table.instants.created;
  const customer = (table.dims.get('customer') as { codes: Uint32Array }).codes;
  // Each customer's first order, in one pass (a sort of a million orders took a third of a second):
  // the earliest creation, the first in input order among equal ones (or when there is no creation
  // column: the creation is then missing for every order).
  let codes = 0;
  for (let i = 0; i < n; i++) codes = Math.max(codes, customer[i] as number);
  const first = new Int32Array(codes + 1).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (c === 0) continue;
    const j = first[c] as number;
    if (j < 0 || (created[i] as number) < (created[j] as number)) first[c] = i;
  }
  const repeat = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (c !== 0 && first[c] !== i) repeat[i] = 1;
  }
  return repeat;
}
