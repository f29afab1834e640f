import { summarizeDurations, summarizeStats } from '../summarize.js';
import { clockSuffix, collect } from './context.js';
import { onTimeText, punctualityUnavailable } from './promise.js';
import type { OrderMetricDefinition } from './types.js';

/**
 * Delay (hours, signed): event minus promise over the orders with both (delivered, else fulfilled,
 * before as-of; cancelled left out), negative when early: the whole distribution on-time rate cuts
 * in two. Calendar time, or business hours with a schedule.
 * @example
 * // promised by the end of Wed 2025-10-08: delivered Tue 12:00 -> -36 h (early), Fri 06:00 -> +30 h (late)
 * const ctx = { delayMs: Float64Array.of(-36 * HOUR, 30 * HOUR), scratch: new Float64Array(16) };
 * delay.compute(ctx, Int32Array.of(0, 1))
 * // { kind: 'duration', unit: 'hours', n: 2, mean: -3, median: -3, p90: 23.4, p95: 26.7, min: -36, max: 30 }
 */
export const delay: OrderMetricDefinition = {
  id: 'delay',
  kind: 'duration',
  unit: 'hours',
  headline: [],
  label: 'Delay',
  describe: (o) =>
    `event minus the promise, hours, signed (negative = early), over orders with the event and a promise ` +
    `(cancelled excluded); event: ${onTimeText(o)}${clockSuffix(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) =>
    summarizeDurations(
      collect(ctx, cohort, (i) => ctx.delayMs[i] as number),
      'hours',
    ),
};

/**
 * Delay in whole calendar days (signed, report zone): the event's day minus the promise's day (a
 * promise at midnight belongs to the day it ends), over the same orders as `delay`, with how many
 * came early (before the promised day), on the promised day, and late.
 * @example
 * // promised 2025-10-07: delivered 10-06 -> -1 (early), 10-07 -> 0 (on the day), 10-08 11:00 -> 1 (late)
 * const ctx = { delayDays: Float64Array.of(-1, 0, 1), scratch: new Float64Array(16) };
 * const { n, mean, distribution } = delayDays.compute(ctx, Int32Array.of(0, 1, 2));
 * [n, mean, distribution] // [3, 0, { early: 1, on_time: 1, late: 1 }]
 */
export const delayDays: OrderMetricDefinition = {
  id: 'delay_days',
  kind: 'total',
  stats: true,
  headline: ['mean'],
  label: 'Delay (days)',
  describe: (o) =>
    `the event's calendar day minus the promise's (${o.timezone}), signed: n, sum, mean, median, p90, p95, ` +
    `min, max and the orders early (< 0), on the day (0) and late (> 0); event: ${onTimeText(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) =>
    summarizeStats(
      collect(ctx, cohort, (i) => ctx.delayDays[i] as number),
      { kind: 'sign' },
      'days',
    ),
};

/**
 * Lateness in whole calendar days (report zone) over the late orders: how many days after the
 * promised day the event came (0 for an order late on the promised day itself, after a promise
 * with a time), beside `lateness` in hours.
 * @example
 * // promised 2025-10-07: delivered 10-09 10:00 -> 2; promised 10-07 09:00, delivered 10-07 12:00 -> 0 (late
 * // on the promised day itself); the early order is no late one
 * const delayMs = Float64Array.of(50 * HOUR, 3 * HOUR, -HOUR);
 * const ctx = { delayMs, delayDays: Float64Array.of(2, 0, -1), scratch: new Float64Array(16) };
 * const { n, sum, max, distribution } = latenessDays.compute(ctx, Int32Array.of(0, 1, 2));
 * [n, sum, max, distribution] // [2, 2, 2, { 0: 1, 2: 1 }]
 */
export const latenessDays: OrderMetricDefinition = {
  id: 'lateness_days',
  kind: 'total',
  stats: true,
  headline: [],
  label: 'Lateness (days)',
  describe: (o) =>
    `the event's calendar day minus the promise's (${o.timezone}) over late orders: n, sum, mean, median, ` +
    `p90, p95, min, max and how many were late by each number of days; event: ${onTimeText(o)}`,
  unavailable: punctualityUnavailable,
  compute: (ctx, cohort) =>
    summarizeStats(
      collect(ctx, cohort, (i) => ((ctx.delayMs[i] as number) > 0 ? (ctx.delayDays[i] as number) : NaN)),
      { kind: 'whole', cap: 10 },
      'days',
    ),
};
