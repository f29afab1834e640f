import { summarizeDurations } from '../summarize.js';
import type { MetricDefinition } from '../types.js';
import type { StatusGroup } from '../../model/events.js';
import { eventData, needsEvents, timeInGroupMs, visitedGroup } from './common.js';

const LABELS: Record<Exclude<StatusGroup, 'closed'>, string> = {
  new: 'Time new',
  open: 'Time open',
  pending: 'Time pending',
  on_hold: 'Time on hold',
  solved: 'Time solved',
};

/**
 * Time in status `group` (hours), event data only, one metric per status group:
 * `time_in_status_new`, `_open`, `_pending`, `_on_hold`, `_solved`. Per case, the total time spent in
 * the group over all its stays (a stay ends at the next event that moves the case to another group;
 * a case still in the group at the end of the log counts until as-of). Only cases that were ever in
 * the group count (n = those cases). Which texts fall into which group is the vocabulary's job
 * (docs/events.md). Calendar time.
 * @example
 * // Pending 12:00-15:00 and 17:00-18:00 -> time_in_status_pending 4 h for that case. What the event fold
 * // (ingest/events.ts) leaves of a case created 09:00, open 10:00, pending 12:00, open 15:00, pending 17:00,
 * // solved 18:00: hours per group (1 new, 2 open, 3 pending: 1 + 4 + 4 h), the groups visited (bits 1, 2, 3
 * // and 5), and the group it is in at the end (5, solved, since 18:00).
 * const groupMs = [0, 1, 4, 4, 0, 0, 0].map((hours) => Float64Array.of(hours * HOUR));
 * const visited = Uint8Array.of(0b101110);
 * const events = { groupMs, visited, currentGroup: Uint8Array.of(5), currentSince: Float64Array.of(18 * HOUR) };
 * const ctx = { table: { events }, options, scratchFor: (n) => new Float64Array(n) };
 * timeInStatus('pending').compute(ctx, Int32Array.of(0))
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 4, median: 4, p90: 4, p95: 4, min: 4, max: 4 }
 */
export function timeInStatus(group: Exclude<StatusGroup, 'closed'>): MetricDefinition {
  return {
    id: `time_in_status_${group}`,
    kind: 'duration',
    unit: 'hours',
    headline: [],
    label: LABELS[group],
    describe: () =>
      `total time per case in the ${group.replace('_', '-')} status group, hours, over the ` +
      `cases that were ever in it; up to as-of for cases still in it (calendar time, event data)`,
    unavailable: (ctx) => needsEvents(ctx, 'statuses'),
    compute: (ctx, cohort) => {
      const data = eventData(ctx)!;
      let k = 0;
      const values = ctx.scratchFor(cohort.length);
      for (let j = 0; j < cohort.length; j++) {
        const t = cohort[j] as number;
        if (visitedGroup(data, t, group)) values[k++] = timeInGroupMs(data, t, group, ctx.options.asOf);
      }
      return summarizeDurations(values.subarray(0, k), 'hours');
    },
  };
}

export const TIME_IN_STATUS_METRICS: readonly MetricDefinition[] = (
  ['new', 'open', 'pending', 'on_hold', 'solved'] as const
).map(timeInStatus);
