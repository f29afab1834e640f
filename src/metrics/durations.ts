import { summarizeDurations } from './summarize.js';
import type { TicketContext, TicketMetricOptions } from './types.js';
import type { DurationValue } from '../report/model.js';

/** Statistics of a per-ticket duration array over a cohort, skipping tickets without a value. */
export function durationOver(ctx: TicketContext, valuesMs: Float64Array, cohort: Int32Array, unit: 'minutes' | 'hours'): DurationValue {
  const scratch = ctx.scratchFor(cohort.length);
  // Gathered for every cell of the period at once when the report laid them out (cell-values.ts).
  let k = ctx.cells?.valuesOver(valuesMs, cohort, scratch) ?? -1;
  if (k < 0) {
    k = 0;
    for (let j = 0; j < cohort.length; j++) {
      const v = valuesMs[cohort[j] as number] as number;
      if (!Number.isNaN(v)) scratch[k++] = v;
    }
  }
  return summarizeDurations(scratch.subarray(0, k), unit);
}

/** Appended to a duration's definition: which clock it runs on (the schedule itself is in `definitions.clock`). */
export const clockSuffix = (options: TicketMetricOptions): string =>
  options.clock?.kind === 'business' ? '; counted in business hours only (see clock)' : '';

/** Why replies are unknown in an event log: its messages cannot be told apart as agent or customer. */
export const EVENT_LOG_NO_ROLES =
  'the event log does not say who wrote each message: map role (agent or customer), or name reply activities in the vocabulary (docs/events.md)';
