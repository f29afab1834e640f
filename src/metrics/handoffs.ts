import { gt, isNotNull, num, or, ref } from '../derive/expr.js';
import type { MetricDefinition } from './types.js';

const stations = ref('assignee_stations');
const reassignments = ref('reassignments');

/**
 * Reassigned rate: tickets reassigned at least once / tickets with a known count. A ticket is
 * reassigned when it had more than one assignee station (Zendesk `Assignee stations`) or a
 * reassignment count above 0 (ServiceNow `reassignment_count`); with both mapped either one suffices,
 * and it is known when either count is.
 * @example
 * // stations 1, 1, 2, 3: two tickets had more than one assignee -> 2 / 4
 * metricOver(reassigned, [1, 1, 2, 3].map((s) => ({ created: 0, assignee_stations: s })), options).value // 0.5
 */
export const reassigned: MetricDefinition = {
  id: 'reassigned',
  kind: 'rate',
  headline: [],
  label: 'Reassigned',
  describe: () =>
    'tickets with assignee stations > 1 (Zendesk) or reassignment count > 0 (ServiceNow), whichever the export has / ' +
    'tickets with a known count',
  unavailable: (ctx) =>
    ctx.table.present.has('assignee_stations') || ctx.table.present.has('reassignments')
      ? null
      : 'no assignee stations or reassignment count: map ' +
        'assignee_stations (Zendesk `Assignee stations`) or reassignments ' +
        '(ServiceNow `reassignment_count`)',
  rule: () => ({
    kind: 'rate',
    counted: or(isNotNull(stations), isNotNull(reassignments)),
    hit: or(gt(stations, num(1)), gt(reassignments, num(0))),
  }),
};
