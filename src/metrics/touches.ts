import { and, eq, gt, isNotNull, le, num, ref, type Cond } from '../derive/expr.js';
import { isResolved } from '../derive/resolution.js';
import { EVENT_LOG_NO_ROLES } from './durations.js';
import type { MetricContext, MetricDefinition } from './types.js';

const repliesUnavailable = (ctx: MetricContext) =>
  ctx.table.present.has('agent_replies')
    ? null
    : ctx.table.events !== undefined
      ? EVENT_LOG_NO_ROLES
      : 'no agent reply count: map agent_replies (Zendesk `Replies`)';

const replies = ref('agent_replies');

/** Resolved tickets with a known reply count are the denominator of the three touch metrics. */
const resolvedWithReplies: Cond = and(isResolved, isNotNull(replies));

/**
 * One-touch resolution (Zendesk Explore): resolved tickets with at most 1 agent reply (0 included) /
 * resolved tickets with a known reply count.
 * @example metricOver(touchOne, [0, 1, 2, 5].map((r) => ({ created: 0, solved: 1, agent_replies: r })), options).value
 * // 0.5
 */
export const touchOne: MetricDefinition = {
  id: 'touch_one',
  kind: 'rate',
  headline: [],
  label: 'One-touch',
  describe: () => 'resolved tickets with at most 1 agent reply (0 included) / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  rule: () => ({ kind: 'rate', counted: resolvedWithReplies, hit: le(replies, num(1)) }),
};

/**
 * Two-touch: resolved tickets with exactly 2 agent replies / resolved tickets.
 * @example metricOver(touchTwo, [0, 1, 2, 5].map((r) => ({ created: 0, solved: 1, agent_replies: r })), options).value
 * // 0.25
 */
export const touchTwo: MetricDefinition = {
  id: 'touch_two',
  kind: 'rate',
  headline: [],
  label: 'Two-touch',
  describe: () => 'resolved tickets with exactly 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  rule: () => ({ kind: 'rate', counted: resolvedWithReplies, hit: eq(replies, num(2)) }),
};

/**
 * Multi-touch: resolved tickets with more than 2 agent replies / resolved tickets.
 * @example metricOver(touchMulti, [0, 1, 2, 5].map((r) => ({ created: 0, solved: 1, agent_replies: r })),
 * options).value // 0.25
 */
export const touchMulti: MetricDefinition = {
  id: 'touch_multi',
  kind: 'rate',
  headline: [],
  label: 'Multi-touch',
  describe: () => 'resolved tickets with more than 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  rule: () => ({ kind: 'rate', counted: resolvedWithReplies, hit: gt(replies, num(2)) }),
};
