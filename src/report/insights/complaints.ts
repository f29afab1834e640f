/**
 * Complaint classes over time: each class's count and share per period, with its trend.
 */
import type { Tickets } from '../../model/ticket.js';
import { periodIndex, type InsightPeriod } from './periods.js';
import type { ComplaintTrend } from './types.js';

/**
 * Least-squares slope of y over x = 0, 1, 2..., skipping nulls (their x still counts); null under 2 points.
 * @example slope([10, 20, 30]) // 10
 * @example slope([10, null, 30]) // 10
 */
export function slope(values: readonly (number | null)[]): number | null {
  const points = values.flatMap((y, x) => (y === null ? [] : [[x, y] as const]));
  if (points.length < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * Per class: count and share (class tickets / tickets created) in each period and over the window,
 * the least-squares slope of the share (percentage points per period) and the last period's change.
 * `windowTickets` are the tickets created in the window; a ticket with several classes counts in each.
 * @example
 * // 4 tickets in W45 (1 delay), 8 in W46 (4 delay) -> delay: shares 25%, 50%; slope +25 pp; change +25 pp
 * const w45 = Date.UTC(2025, 10, 3);
 * const w46 = Date.UTC(2025, 10, 10);
 * const classes = [1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0];
 * const tickets = classes.map((complaints, i) => ({ created: (i < 4 ? w45 : w46) + i * HOUR, complaints }));
 * const table = { ...plainTickets(tickets), complaintClasses: ['delay'] };
 * const periods = [
 *   { label: '2025-W45', start: w45, end: w46, naturalStart: w45 },
 *   { label: '2025-W46', start: w46, end: w46 + 7 * DAY, naturalStart: w46 },
 * ];
 * const [delay] = complaintTrends(table, Int32Array.from(tickets.keys()), periods);
 * [delay.count, delay.share, delay.periods.map((p) => p.share), delay.slope_pp_per_period, delay.change_pp]
 * // [5, 5 / 12, [0.25, 0.5], 25, 25]
 */
export function complaintTrends(
  table: Tickets,
  windowTickets: Int32Array,
  periods: readonly InsightPeriod[],
): ComplaintTrend[] {
  const created = table.instants.created;
  const classes = table.complaintClasses;
  const counts = classes.map(() => new Float64Array(periods.length));
  const totals = new Float64Array(periods.length);
  for (let j = 0; j < windowTickets.length; j++) {
    const t = windowTickets[j] as number;
    const c = created[t] as number;
    const p = periodIndex(periods, c);
    if (p < 0) continue;
    totals[p] = (totals[p] as number) + 1;
    const mask = table.complaints[t] as number;
    if (mask === 0) continue;
    for (let k = 0; k < classes.length; k++)
      if ((mask >>> k) & 1) (counts[k] as Float64Array)[p] = ((counts[k] as Float64Array)[p] as number) + 1;
  }
  const all = totals.reduce((s, v) => s + v, 0);
  return classes.map((name, k) => {
    const perPeriod = periods.map((period, p) => {
      const n = totals[p] as number;
      const count = (counts[k] as Float64Array)[p] as number;
      return { period: period.label, created: n, count, share: n === 0 ? null : count / n };
    });
    const count = perPeriod.reduce((s, p) => s + p.count, 0);
    const shares = perPeriod.map((p) => p.share);
    const s = slope(shares);
    const last = shares.at(-1) ?? null;
    const before = shares.length >= 2 ? (shares.at(-2) ?? null) : null;
    return {
      class: name,
      count,
      share: all === 0 ? null : count / all,
      periods: perPeriod,
      slope_pp_per_period: s === null ? null : s * 100,
      change_pp: last === null || before === null ? null : (last - before) * 100,
    };
  });
}
