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
 * @example buildInsights(ctx, evaluate, reportOptions).patterns.emerging // [{ category: 'billing', period: '2025-W47',
 * p_value: 1.9e-5, ... }]
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
  const inWindow: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (c >= start && c < end) inWindow.push(i);
  }
  const windowTickets = Int32Array.from(inWindow).sort(
    (a, b) => (created[a] as number) - (created[b] as number) || a - b,
  );
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
