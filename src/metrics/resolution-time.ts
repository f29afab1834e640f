import { durationOver } from './durations.js';
import type { MetricDefinition, TicketContext } from './types.js';

const hasResolutionStamps = (ctx: TicketContext) =>
  ctx.table.present.has('solved') || ctx.table.present.has('closed');

/**
 * First resolution time (hours): first time solved minus creation. Without a first-solved column,
 * a ticket never reopened was first solved when it was last solved; a reopened one has no value.
 * Zendesk's `First resolution time in minutes` is used when present.
 * @example created 09:00, solved 15:00 the same day, never reopened -> 6 h
 */
export const resolutionFirst: MetricDefinition = {
  id: 'resolution_first',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'First resolution time',
  describe: () => 'first time solved minus creation, hours; a ticket closed without being solved counts as solved at close (Zendesk, dbt_zendesk)',
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || ctx.table.present.has('first_solved') || ctx.table.present.has('first_resolution_duration')
      ? null
      : 'no resolution column: map solved, closed, first_solved or first_resolution_minutes',
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
  describe: () => 'last time solved (else closed) minus creation, hours; open tickets are excluded (Zendesk, dbt_zendesk)',
  unavailable: (ctx) =>
    hasResolutionStamps(ctx) || ctx.table.present.has('full_resolution_duration')
      ? null
      : 'no resolution column: map solved, closed or full_resolution_minutes',
  compute: (ctx, cohort) => durationOver(ctx, ctx.resolutionFullMs, cohort, 'hours'),
};

export const resolutionUnavailable = (ctx: TicketContext): string | null =>
  hasResolutionStamps(ctx) || ctx.table.present.has('full_resolution_duration')
    ? null
    : 'no resolution column: map solved, closed or full_resolution_minutes';
