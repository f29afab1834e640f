import { ref } from '../derive/expr.js';
import { clockSuffix, EVENT_LOG_NO_ROLES } from './durations.js';
import { isBusinessClock, type MetricDefinition } from './types.js';

/**
 * First reply time (minutes): first public agent reply minus creation, per ticket created in the
 * period; tickets without a reply (by as-of) have no value and are left out of n. The export's own
 * column (Zendesk `First reply time in minutes`) is used when present; `--recompute` prefers the
 * timestamps. With business hours, the timestamps in the ticket's schedule, else the export's
 * business-hours column (`First reply time in minutes within business hours`); the calendar column
 * is not used. Stats: n, mean, median, p90, p95, min, max.
 * @example metricOver(frt, [{ created: 0, first_reply: 30 * MIN }, { created: 0, first_reply: 90 * MIN }],
 * options).median // 60
 */
export const frt: MetricDefinition = {
  id: 'frt',
  kind: 'duration',
  unit: 'minutes',
  headline: ['median', 'p90'],
  label: 'First reply time',
  describe: (options) =>
    `first public agent reply minus creation, minutes; tickets with no ` +
    `reply are excluded from the statistics (Zendesk)${clockSuffix(options)}`,
  unavailable: (ctx) => {
    if (ctx.table.present.has('first_reply')) return null;
    if (ctx.table.events !== undefined) return EVENT_LOG_NO_ROLES;
    if (isBusinessClock(ctx.options)) {
      return ctx.table.present.has('first_reply_business_duration')
        ? null
        : 'no first reply timestamp for business hours: map first_reply (timestamp) or ' +
            'first_reply_business_minutes (a calendar duration column cannot be converted)';
    }
    return ctx.table.present.has('first_reply_duration')
      ? null
      : 'no first reply column: map first_reply (timestamp) or first_reply_minutes';
  },
  rule: () => ({ kind: 'duration', valueMs: ref('frt_ms') }),
};
