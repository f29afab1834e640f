import { quantileSorted } from 'simple-statistics';
import type { DurationField } from '../model/ticket.js';
import type { DurationReconciliation } from '../report/model.js';
import type { TicketContext } from './types.js';

const MINUTE_MS = 60_000;
/** Zendesk writes whole minutes; a difference up to one minute is rounding, not disagreement. */
const AGREE_WITHIN_MS = MINUTE_MS;

const COMPARED: readonly { metric: 'frt' | 'resolution_first' | 'resolution_full'; theirs: DurationField }[] = [
  { metric: 'frt', theirs: 'first_reply_business_duration' },
  { metric: 'resolution_first', theirs: 'first_resolution_business_duration' },
  { metric: 'resolution_full', theirs: 'full_resolution_business_duration' },
];

const medianMinutes = (valuesMs: Float64Array): number | null =>
  valuesMs.length === 0 ? null : quantileSorted(valuesMs.sort() as unknown as number[], 0.5) / MINUTE_MS;

/**
 * Our business-hours durations beside the export's business-hours columns: for each duration whose
 * column is mapped, over `tickets` having both values, n, the two medians, the median absolute
 * difference (minutes) and the share of tickets within 1 minute. Empty with a calendar clock (ours
 * would not be business time). Pure.
 *
 * @example ours 60 and 130 min, theirs 60 and 120 min -> n 2, ours_median_min 95, theirs_median_min 90,
 *   median_abs_diff_min 5 (of 0 and 10), within_1_min 0.5
 */
export function reconcileBusinessDurations(ctx: TicketContext, tickets: Int32Array): Record<string, DurationReconciliation> {
  const out: Record<string, DurationReconciliation> = {};
  const ours = ctx.businessFromTimestamps;
  if (ours === null) return out;
  for (const { metric, theirs } of COMPARED) {
    if (!ctx.table.present.has(theirs)) continue;
    const oursMs = ours[metric];
    const theirsMs = ctx.table.durations[theirs];
    const a = new Float64Array(tickets.length);
    const b = new Float64Array(tickets.length);
    const diff = new Float64Array(tickets.length);
    let n = 0;
    let within = 0;
    for (let j = 0; j < tickets.length; j++) {
      const t = tickets[j] as number;
      const x = oursMs[t] as number;
      const y = theirsMs[t] as number;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      a[n] = x;
      b[n] = y;
      diff[n] = Math.abs(x - y);
      if (diff[n]! <= AGREE_WITHIN_MS) within++;
      n++;
    }
    out[metric] = {
      theirs,
      n,
      ours_median_min: medianMinutes(a.subarray(0, n)),
      theirs_median_min: medianMinutes(b.subarray(0, n)),
      median_abs_diff_min: medianMinutes(diff.subarray(0, n)),
      within_1_min: n === 0 ? null : within / n,
    };
  }
  return out;
}
