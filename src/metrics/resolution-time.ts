import { ref } from '../derive/expr.js';
import { clockSuffix } from './durations.js';
import { isBusinessClock, type MetricContext, type MetricDefinition } from './types.js';

const hasResolutionStamps = (ctx: MetricContext) => ctx.table.present.has('solved') || ctx.table.present.has('closed');

/** The export duration column usable on the run's clock: the business-hours one with a schedule. */
const vendorColumn = (ctx: MetricContext, calendar: 'first_resolution_duration' | 'full_resolution_duration') =>
  ctx.table.present.has(
    isBusinessClock(ctx.options)
      ? calendar === 'first_resolution_duration'
        ? 'first_resolution_business_duration'
        : 'full_resolution_business_duration'
      : calendar,
  );
const columnName = (ctx: MetricContext, base: 'first_resolution' | 'full_resolution') =>
  isBusinessClock(ctx.options) ? `${base}_business_minutes` : `${base}_minutes`;

/**
 * First resolution time (hours): first time solved minus creation. Without a first-solved time, the
 * last resolution (solved, else closed) stands in unless the ticket is known to have been reopened
 * (reopens > 0: no value); an unknown reopen count is taken as not reopened, so an export without a
 * reopens column gets first = full resolution.
 * Zendesk's `First resolution time in minutes` is used when present.
 * @example metricOver(resolutionFirst, [{ created: 0, solved: 6 * HOUR, reopens: 0 }], options).median // 6
 */
export const resolutionFirst: MetricDefinition = {
  id: 'resolution_first',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'First resolution time',
  describe: (options) =>
    `first time solved minus creation, hours; without a first-solved ` +
    `time the last resolution (solved, else closed) stands in unless ` +
    `the ticket was reopened (then no value; an unknown reopen count ` +
    `counts as not reopened) (Zendesk, dbt_zendesk)${clockSuffix(options)}`,
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || ctx.table.present.has('first_solved') || vendorColumn(ctx, 'first_resolution_duration')
      ? null
      : `no resolution column: map solved, closed, first_solved or ${columnName(ctx, 'first_resolution')}`,
  rule: () => ({ kind: 'duration', valueMs: ref('resolution_first_ms') }),
};

/**
 * Full resolution time (hours): last time solved (else closed) minus creation, for tickets resolved
 * by as-of. Zendesk's `Full resolution time in minutes` is used when present.
 * @example metricOver(resolutionFull, [{ created: 0, solved: 24 * HOUR }], options).median // 24
 */
export const resolutionFull: MetricDefinition = {
  id: 'resolution_full',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Full resolution time',
  describe: (options) =>
    `last time solved (else closed) minus creation, hours; open ` +
    `tickets are excluded (Zendesk, dbt_zendesk)${clockSuffix(options)}`,
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || vendorColumn(ctx, 'full_resolution_duration')
      ? null
      : `no resolution column: map solved, closed or ${columnName(ctx, 'full_resolution')}`,
  rule: () => ({ kind: 'duration', valueMs: ref('resolution_full_ms') }),
};

export const resolutionUnavailable = (ctx: MetricContext): string | null =>
  hasResolutionStamps(ctx) || ctx.table.present.has('full_resolution_duration')
    ? null
    : 'no resolution column: map solved, closed or full_resolution_minutes';
