import { summarizeDurations } from '../summarize.js';
import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Next reply time (minutes), event data only: for every customer message, the time to the next
 * public agent reply of the same case (internal notes do not answer). Several messages before one
 * reply make one pair each; a message with no later reply makes none. Statistics over all pairs of
 * the cases created in the period (n counts pairs, not cases); calendar time.
 * @example a case with customer messages at 09:00 and 09:20 and agent replies at 10:00 and 12:00:
 * pairs 60 and 40 minutes -> n 2, median 50, mean 50, min 40, max 60
 */
export const nextReplyTime: MetricDefinition = {
  id: 'next_reply_time',
  kind: 'duration',
  unit: 'minutes',
  headline: ['median'],
  label: 'Next reply time',
  describe: () =>
    'each customer message to the next public agent reply of the case, minutes; statistics ' +
    'over all such pairs of the cases created in the period (calendar time, event data)',
  unavailable: (ctx) => needsEvents(ctx, 'messages'),
  compute: (ctx, cohort) => {
    const { offsets, values } = eventData(ctx)!.nextReplyMs;
    let total = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      total += (offsets[t + 1] as number) - (offsets[t] as number);
    }
    const pairs = new Float64Array(total);
    let k = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      for (let p = offsets[t] as number; p < (offsets[t + 1] as number); p++) pairs[k++] = values[p] as number;
    }
    return summarizeDurations(pairs, 'minutes');
  },
};
