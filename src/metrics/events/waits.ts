import { summarizeDurations } from '../summarize.js';
import type { MetricContext, MetricDefinition } from '../types.js';
import type { StatusGroup } from '../../model/events.js';
import type { DurationValue } from '../values.js';
import { eventData, needsEvents, timeInGroupMs } from './common.js';

function groupSum(ctx: MetricContext, cohort: Int32Array, groups: readonly StatusGroup[]): DurationValue {
  const data = eventData(ctx)!;
  const values = ctx.scratchFor(cohort.length).subarray(0, cohort.length);
  for (let j = 0; j < cohort.length; j++) {
    const t = cohort[j] as number;
    let ms = 0;
    for (const g of groups) ms += timeInGroupMs(data, t, g, ctx.options.asOf);
    values[j] = ms;
  }
  return summarizeDurations(values, 'hours');
}

/**
 * Requester wait time (hours, Zendesk's definition), event data only: time the case spent in the
 * new, open and on-hold status groups, i.e. waiting on the support side. Every case created in the
 * period counts (0 when it never waited); a case still in one of those groups at the end of the log
 * counts until as-of. Calendar time.
 * @example
 * // Created 09:00 (new), open 10:00, pending 12:00, open 15:00, solved 16:00 -> 1 + 2 + 1 = 4 h. The event fold
 * // (ingest/events.ts) leaves hours per group (1 new, 2 open, 3 pending: 1 + 3 + 3 h) and the case in solved (5).
 * const groupMs = [0, 1, 3, 3, 0, 0, 0].map((hours) => Float64Array.of(hours * HOUR));
 * const events = { groupMs, currentGroup: Uint8Array.of(5), currentSince: Float64Array.of(16 * HOUR) };
 * const ctx = { table: { events }, options, scratchFor: (n) => new Float64Array(n) };
 * requesterWait.compute(ctx, Int32Array.of(0)).median // 4
 */
export const requesterWait: MetricDefinition = {
  id: 'requester_wait',
  kind: 'duration',
  unit: 'hours',
  headline: [],
  label: 'Requester wait',
  describe: () =>
    'time in the new, open and on-hold status groups per case, hours, up to as-of ' +
    'for cases still in one (Zendesk requester wait; calendar time, event data)',
  unavailable: (ctx) => needsEvents(ctx, 'statuses'),
  compute: (ctx, cohort) => groupSum(ctx, cohort, ['new', 'open', 'on_hold']),
};

/**
 * Agent wait time (hours, Zendesk's definition), event data only: time the case spent in the
 * pending group, waiting on the customer. Every case created in the period counts (0 when never
 * pending); a case still pending at the end of the log counts until as-of. Calendar time.
 * @example
 * // Created 09:00 (new), open 10:00, pending 12:00, open 15:00, solved 16:00 -> 3 h (12:00-15:00). The event fold
 * // (ingest/events.ts) leaves hours per group (1 new, 2 open, 3 pending: 1 + 3 + 3 h) and the case in solved (5).
 * const groupMs = [0, 1, 3, 3, 0, 0, 0].map((hours) => Float64Array.of(hours * HOUR));
 * const events = { groupMs, currentGroup: Uint8Array.of(5), currentSince: Float64Array.of(16 * HOUR) };
 * const ctx = { table: { events }, options, scratchFor: (n) => new Float64Array(n) };
 * agentWait.compute(ctx, Int32Array.of(0)).median // 3
 */
export const agentWait: MetricDefinition = {
  id: 'agent_wait',
  kind: 'duration',
  unit: 'hours',
  headline: [],
  label: 'Agent wait',
  describe: () =>
    'time in the pending (waiting on the customer) status group per case, hours, up ' +
    'to as-of for cases still pending (Zendesk agent wait; calendar time, event data)',
  unavailable: (ctx) => needsEvents(ctx, 'statuses'),
  compute: (ctx, cohort) => groupSum(ctx, cohort, ['pending']),
};
