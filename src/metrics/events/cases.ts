import { eq, isNotNull, ne, num, ref, TRUE } from '../../derive/expr.js';
import type { MetricDefinition } from '../types.js';
import { needsEvents } from './common.js';

/**
 * Rework rate, event data only: cases in which some activity occurs more than once (pm4py's rework:
 * events - distinct activities > 0) / cases created in the period. Per activity, the process
 * section's `rework` table.
 * @example
 * // The rule over the fold's per-case flags (plain tickets carry no event log: the metric itself would be
 * // unavailable). Two cases of four repeat an activity.
 * const cases = [1, 0, 0, 1].map((r) => ({ created: 0, 'case.rework': r }));
 * metricOver({ ...rework, unavailable: () => null }, cases, options).value // 0.5
 */
export const rework: MetricDefinition = {
  id: 'rework',
  kind: 'rate',
  headline: [],
  label: 'Rework',
  describe: () => 'cases in which an activity occurs more than once / cases created (pm4py rework; event data)',
  unavailable: (ctx) => needsEvents(ctx),
  rule: () => ({ kind: 'rate', counted: TRUE, hit: eq(ref('case.rework'), num(1)) }),
};

/**
 * Outbound-only cases, event data only: cases an agent opened with a public message and in which the
 * customer never wrote. They have no first reply (Zendesk's rule for agent-created tickets would time
 * the agent's second message; a case without any customer message has nothing to reply to).
 * @example
 * // The rule over the fold's per-case flags (plain tickets carry no event log: the metric itself would be
 * // unavailable). One case of two is outbound-only.
 * const cases = [1, 0].map((o) => ({ created: 0, 'case.outbound_only': o }));
 * metricOver({ ...outboundOnly, unavailable: () => null }, cases, options) // { kind: 'count', value: 1 }
 */
export const outboundOnly: MetricDefinition = {
  id: 'outbound_only',
  kind: 'count',
  headline: [],
  label: 'Outbound-only cases',
  describe: () =>
    'cases opened by a public agent message in which the customer never wrote; they have no first reply (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'messages'),
  rule: () => ({ kind: 'count', counted: eq(ref('case.outbound_only'), num(1)) }),
};

/**
 * Cancelled cases, event data only: cases whose last status is a cancellation (vocabulary
 * `cancelled`). Whether they count as resolved is `events.cancelled` (default `closed`: yes, at the
 * cancellation; `unresolved`: no).
 * @example
 * // The rule over the fold's per-case flags (plain tickets carry no event log: the metric itself would be
 * // unavailable). Two cases of three end cancelled.
 * const cases = [1, 0, 1].map((c) => ({ created: 0, 'case.cancelled': c }));
 * metricOver({ ...cancelled, unavailable: () => null }, cases, options) // { kind: 'count', value: 2 }
 */
export const cancelled: MetricDefinition = {
  id: 'cancelled',
  kind: 'count',
  headline: [],
  label: 'Cancelled cases',
  describe: () => 'cases whose last status is a cancellation (vocabulary cancelled; event data)',
  unavailable: (ctx) => needsEvents(ctx, 'statuses'),
  rule: () => ({ kind: 'count', counted: eq(ref('case.cancelled'), num(1)) }),
};

/**
 * Answered share, event data only: cases with a first reply by as-of / cases created in the period
 * that await one (outbound-only cases left out: nothing to answer). For conversations built from
 * reply links, the share of conversations a company or team answered.
 * @example
 * // The rule over the fold's per-case values (plain tickets carry no event log: the metric itself would be
 * // unavailable). One case answered, one not, one outbound-only (left out).
 * const cases = [{ created: 0, first_reply: 60_000 }, { created: 0 }, { created: 0, 'case.outbound_only': 1 }];
 * const answeredAll = { ...answered, unavailable: () => null };
 * metricOver(answeredAll, cases.map((t) => ({ 'case.outbound_only': 0, ...t })), options).value // 0.5
 */
export const answered: MetricDefinition = {
  id: 'answered',
  kind: 'rate',
  headline: [],
  label: 'Answered',
  describe: () =>
    'cases with a first public agent reply by as-of / cases created, outbound-only cases left out (event data)',
  unavailable: (ctx) => needsEvents(ctx, 'messages'),
  rule: () => ({ kind: 'rate', counted: ne(ref('case.outbound_only'), num(1)), hit: isNotNull(ref('frt_ms')) }),
};

/**
 * Events per case, event data only: the events folded into each case (for a conversation export,
 * the messages per conversation); sum and mean over the cases created in the period.
 * @example
 * // The rule over the fold's per-case counts (plain tickets carry no event log: the metric itself would be
 * // unavailable). Cases of 3 and 5 events.
 * const cases = [3, 5].map((k) => ({ created: 0, 'case.events': k }));
 * metricOver({ ...eventsPerCase, unavailable: () => null }, cases, options) // { kind: 'total', n: 2, sum: 8, mean: 4 }
 */
export const eventsPerCase: MetricDefinition = {
  id: 'events_per_case',
  kind: 'total',
  headline: [],
  label: 'Events per case',
  describe: () => 'events of a case (messages of a conversation): sum and mean over cases created (event data)',
  unavailable: (ctx) => needsEvents(ctx),
  rule: () => ({ kind: 'total', value: ref('case.events') }),
};
