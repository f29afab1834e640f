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
 * @example pending 12:00-15:00 and 17:00-18:00 -> time_in_status_pending 4 h for that case
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
