import { isBusinessClock } from './context.js';
import { clockSuffix, durationOver } from './durations.js';
import type { MetricDefinition, TicketContext } from './types.js';

const hasResolutionStamps = (ctx: TicketContext) =>
  ctx.table.present.has('solved') || ctx.table.present.has('closed');

/** The export duration column usable on the run's clock: the business-hours one with a schedule. */
const vendorColumn = (ctx: TicketContext, calendar: 'first_resolution_duration' | 'full_resolution_duration') =>
  ctx.table.present.has(isBusinessClock(ctx.options) ? (calendar === 'first_resolution_duration' ? 'first_resolution_business_duration' : 'full_resolution_business_duration') : calendar);
const columnName = (ctx: TicketContext, base: 'first_resolution' | 'full_resolution') =>
  isBusinessClock(ctx.options) ? `${base}_business_minutes` : `${base}_minutes`;

/**
 * First resolution time (hours): first time solved minus creation. Without a first-solved time, the
 * last resolution (solved, else closed) stands in unless the ticket is known to have been reopened
 * (reopens > 0: no value); an unknown reopen count is taken as not reopened, so an export without a
 * reopens column gets first = full resolution.
 * Zendesk's `First resolution time in minutes` is used when present.
 * @example created 09:00, solved 15:00 the same day, never reopened -> 6 h
 */
export const resolutionFirst: MetricDefinition = {
  id: 'resolution_first',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'First resolution time',
  describe: (options) => `first time solved minus creation, hours; without a first-solved time the last resolution (solved, else closed) stands in unless the ticket was reopened (then no value; an unknown reopen count counts as not reopened) (Zendesk, dbt_zendesk)${clockSuffix(options)}`,
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || ctx.table.present.has('first_solved') || vendorColumn(ctx, 'first_resolution_duration')
      ? null
      : `no resolution column: map solved, closed, first_solved or ${columnName(ctx, 'first_resolution')}`,
  compute: (ctx, cohort) => durationOver(ctx, ctx.resolutionFirstMs, cohort, 'hours'),
};

/**
 * Full resolution time (hours): last time solved (else closed) minus creation, for tickets resolved
 * by as-of. Zendesk's `Full resolution time in minutes` is used when present.
 * @example created Mon 09:00, solved Tue 09:00 -> 24 h
 */
export const resolutionFull: MetricDefinition = {
  id: 'resolution_full',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Full resolution time',
  describe: (options) => `last time solved (else closed) minus creation, hours; open tickets are excluded (Zendesk, dbt_zendesk)${clockSuffix(options)}`,
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || vendorColumn(ctx, 'full_resolution_duration')
      ? null
      : `no resolution column: map solved, closed or ${columnName(ctx, 'full_resolution')}`,
  compute: (ctx, cohort) => durationOver(ctx, ctx.resolutionFullMs, cohort, 'hours'),
};

export const resolutionUnavailable = (ctx: TicketContext): string | null =>
  hasResolutionStamps(ctx) || ctx.table.present.has('full_resolution_duration')
    ? null
    : 'no resolution column: map solved, closed or full_resolution_minutes';
