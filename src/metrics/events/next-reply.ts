import { summarizeDurations } from '../summarize.js';
import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Next reply time (minutes), event data only: for every customer message, the time to the next
 * public agent reply of the same case (internal notes do not answer). Several messages before one
 * reply make one pair each; a message with no later reply makes none. Statistics over all pairs of
 * the cases created in the period (n counts pairs, not cases); calendar time.
 * @example
 * // A case with customer messages at 09:00 and 09:20 and agent replies at 10:00 and 12:00: the event fold
 * // (ingest/events.ts) pairs both messages with the 10:00 reply, 60 and 40 minutes -> n 2, median 50,
 * // p90 40 + 0.9 × 20 = 58, p95 59.
 * const nextReplyMs = { offsets: Int32Array.of(0, 2), values: Float64Array.of(60 * MIN, 40 * MIN) };
 * nextReplyTime.compute({ table: { events: { nextReplyMs } } }, Int32Array.of(0))
 * // { kind: 'duration', unit: 'minutes', n: 2, mean: 50, median: 50, p90: 58, p95: 59, min: 40, max: 60 }
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
