/**
 * The report's `insights` section, from the report's metric context and options. Pure: reads the
 * tickets, evaluates metrics through `evaluate`, returns new objects.
 */
import type { Evaluate, MetricContext } from '../../metrics/types.js';
import type { Tickets } from '../../model/ticket.js';
import type { TicketReportOptions } from '../build.js';
import { complaintTrends } from './complaints.js';
import { consistency, type ConsistencyOptions } from './consistency.js';
import { distributions } from './distributions.js';
import { patterns, type PatternOptions } from './patterns.js';
import { insightPeriods } from './periods.js';
import type { Insights } from './types.js';

export interface InsightOptions {
  patterns?: Omit<PatternOptions, 'unit' | 'zone' | 'weekStart'>;
  consistency?: ConsistencyOptions;
}

/** The window of a report, as buildTicketReport resolves it: since, else the first ticket; until, else as-of. */
export function reportWindow(
  table: Tickets,
  options: Pick<TicketReportOptions, 'since' | 'until' | 'asOf'>,
): { start: number; end: number } {
  const created = table.instants.created;
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, created[i] as number);
  return { start: options.since ?? (first === Infinity ? options.asOf : first), end: options.until ?? options.asOf };
}

/**
 * Insights over the report window: periods of the report's `--period` unit, else ISO weeks.
 * @example
 * // Three tickets of one week: customer a writes about billing twice (the second a repeat), b about shipping
 * const day = Date.UTC(2025, 10, 17);
 * const tickets = [
 *   { created: day, customer: 'a', category: 'billing' },
 *   { created: day + DAY, customer: 'a', category: 'billing' },
 *   { created: day + DAY, customer: 'b', category: 'shipping' },
 * ];
 * const ctx = referenceContext(tickets, options);
 * const over = (metric, cohort) => metricOver(metric, [...cohort].map((t) => tickets[t]), options);
 * const window = { since: day, until: day + 7 * DAY, period: null, timezone: 'UTC', weekStart: 'monday' };
 * const insights = buildInsights(ctx, over, { ...options, ...window, asOf: day + 7 * DAY });
 * [insights.period_unit, insights.patterns.top_categories]
 * // ['week', [{ value: 'billing', tickets: 2, share: 2 / 3, repeat_contact_rate: 0.5 },
 * //   { value: 'shipping', tickets: 1, share: 1 / 3, repeat_contact_rate: 0 }]]
 */
export function buildInsights(
  ctx: MetricContext,
  evaluate: Evaluate,
  options: TicketReportOptions,
  insightOptions: InsightOptions = {},
): Insights {
  const table = ctx.table;
  const { start, end } = reportWindow(table, options);
  const created = table.instants.created;
  const windowTickets = windowByCreation(created, table.length, start, end, ctx.createdOrder);
  const unit = options.period ?? 'week';
  const periods = insightPeriods(start, end, unit, options.timezone, options.weekStart);
  return {
    period_unit: unit,
    complaints: complaintTrends(table, windowTickets, periods),
    patterns: patterns(ctx, windowTickets, periods, {
      ...insightOptions.patterns,
      unit,
      zone: options.timezone,
      weekStart: options.weekStart,
    }),
    consistency: consistency(ctx, evaluate, windowTickets, insightOptions.consistency),
    distributions: distributions(ctx, windowTickets),
  };
}

/**
 * The tickets created in `[start, end)`, ascending by creation, ties in index order: taken from the
 * context's creation order when it has one (no sort of a million tickets), else sorted here.
 */
function windowByCreation(
  created: Float64Array,
  n: number,
  start: number,
  end: number,
  order: Int32Array | null | undefined,
): Int32Array {
  if (order !== null && order !== undefined && order.length === n) {
    // Ascending by creation: the window is one run of the order, found by two searches.
    const first = lowerBound(created, order, start);
    return order.slice(first, Math.max(first, lowerBound(created, order, end)));
  }
  const inWindow: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = created[i] as number;
    if (c >= start && c < end) inWindow.push(i);
  }
  return Int32Array.from(inWindow).sort((a, b) => (created[a] as number) - (created[b] as number) || a - b);
}

/** The first position k of `order` whose ticket was created at or after `at` (`order.length` when none). */
function lowerBound(created: Float64Array, order: Int32Array, at: number): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((created[order[mid] as number] as number) < at) low = mid + 1;
    else high = mid;
  }
  return low;
}
