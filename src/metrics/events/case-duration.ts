import { elapsed, isNotNull, ref, when } from '../../derive/expr.js';
import { clockSuffix } from '../durations.js';
import type { MetricDefinition } from '../types.js';
import { eventData, needsEvents } from './common.js';

/**
 * Case duration (hours), event data only: the case's last event minus its first event, the
 * throughput time of process mining (pm4py `get_all_case_durations`; the first event is the case's
 * creation, since earlier events are rejected), for every case created in the period, open or
 * resolved. Beside `resolution_full` (creation to the last resolution) it also counts what happens
 * after the resolution (a close days later, a late customer message). On the run's clock.
 * @example
 * // The rule over a folded case (plain tickets carry no event log: the metric itself would be unavailable):
 * // first event at 0, last event (`updated`) 3 h later.
 * metricOver({ ...caseDuration, unavailable: () => null }, [{ created: 0, updated: 3 * HOUR }], options).median // 3
 */
export const caseDuration: MetricDefinition = {
  id: 'case_duration',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Case duration',
  describe: (options) =>
    'last event minus first event of the case (throughput time, pm4py), hours, every case created ' +
    `(event data)${clockSuffix(options)}`,
  unavailable: (ctx) => needsEvents(ctx),
  rule: () => ({ kind: 'duration', valueMs: elapsed(ref('created'), ref('updated')) }),
};

/**
 * Case duration to the end activity (hours), event data only, with `--case-end ACTIVITY` (config
 * `events.case_end`): the case's first event to its last event with that activity; cases that never
 * reach it have no value (left out of n). On the run's clock.
 * @example
 * // The rule over a folded case (plain tickets carry no event log: the metric itself would be unavailable):
 * // created at 0, its last end activity 3 h later.
 * const cases = [{ created: 0, 'case.end_at': 3 * HOUR }];
 * metricOver({ ...caseDurationToEnd, unavailable: () => null }, cases, options).median // 3
 */
export const caseDurationToEnd: MetricDefinition = {
  id: 'case_duration_to_end',
  kind: 'duration',
  unit: 'hours',
  headline: [],
  label: 'Case duration to end',
  describe: (options) =>
    'first event of the case to its last event with the end activity (--case-end), hours; cases ' +
    `without it left out (event data)${clockSuffix(options)}`,
  unavailable: (ctx) =>
    needsEvents(ctx) ??
    (eventData(ctx)?.definitions.case_end === null
      ? 'no end activity: name it with --case-end ACTIVITY (config events.case_end)'
      : null),
  rule: () => ({
    kind: 'duration',
    valueMs: when(isNotNull(ref('case.end_at')), elapsed(ref('created'), ref('case.end_at'))),
  }),
};
