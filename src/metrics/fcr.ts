import { and, eq, isNotNull, le, num, ref, TRUE } from '../derive/expr.js';
import { isResolved } from '../derive/resolution.js';
import type { FcrVariant, MetricContext, MetricDefinition, RateRule } from './types.js';

const definitions: Record<FcrVariant, string> = {
  one_touch_no_reopen:
    'fcr.one_touch_no_reopen: resolved tickets with at most 1 agent ' +
    'reply and no reopen / resolved tickets with both counts known',
  no_customer_followup:
    'fcr.no_customer_followup: resolved tickets with no customer ' +
    'message after the first / resolved tickets with a known ' +
    'customer message count (Freshservice)',
  no_repeat:
    'fcr.no_repeat: fcr.one_touch_no_reopen and no new ticket from the same customer within the repeat window after ' +
    'resolution / resolved tickets with both counts known',
};

function unavailable(ctx: MetricContext): string | null {
  const present = ctx.table.present;
  if (ctx.options.fcrVariant === 'no_customer_followup') {
    return present.has('customer_messages')
      ? null
      : 'fcr.no_customer_followup needs customer_messages (Freshdesk `Customer interactions`)';
  }
  const missing = (['agent_replies', 'reopens'] as const).filter((f) => !present.has(f));
  if (ctx.options.fcrVariant === 'no_repeat' && !present.has('customer')) return 'fcr.no_repeat needs customer';
  return missing.length === 0 ? null : `fcr.${ctx.options.fcrVariant} needs ${missing.join(' and ')}`;
}

const replies = ref('agent_replies');
const reopens = ref('reopens');
const messages = ref('customer_messages');

/** The per-ticket rule of a variant. */
function fcrRule(variant: FcrVariant): RateRule {
  if (variant === 'no_customer_followup') {
    return { kind: 'rate', counted: and(isResolved, isNotNull(messages)), hit: le(messages, num(1)) };
  }
  // Tickets without a customer count as not repeated (no_repeat).
  const notRepeated = variant === 'no_repeat' ? eq(ref('repeat_after_resolve'), num(0)) : TRUE;
  return {
    kind: 'rate',
    counted: and(isResolved, isNotNull(replies), isNotNull(reopens)),
    hit: and(le(replies, num(1)), eq(reopens, num(0)), notRepeated),
  };
}

/**
 * First-contact resolution, in the variant chosen with `--fcr` (named in the report):
 * - one_touch_no_reopen (default): resolved, at most 1 agent reply, not reopened / resolved;
 * - no_customer_followup: resolved with at most 1 customer message / resolved (Freshservice);
 * - no_repeat: one_touch_no_reopen and no ticket from the same customer within the repeat window
 *   after the resolution (tickets without a customer count as not repeated).
 * Denominators count resolved tickets (by as-of) whose needed counts are known.
 * @example metricOver(fcr, [[1, 0], [0, 0], [1, 1], [3, 0]].map(([r, o]) => ({ created: 0, solved: 1, agent_replies: r,
 * reopens: o })), options).value // 0.5
 */
export const fcr: MetricDefinition = {
  id: 'fcr',
  kind: 'rate',
  headline: ['value'],
  label: 'First-contact resolution',
  describe: (o) => definitions[o.fcrVariant],
  unavailable,
  rule: (o) => fcrRule(o.fcrVariant),
};
