import { rate } from './summarize.js';
import type { FcrVariant, MetricDefinition, TicketContext } from './types.js';

const definitions: Record<FcrVariant, string> = {
  one_touch_no_reopen: 'fcr.one_touch_no_reopen: resolved tickets with at most 1 agent reply and no reopen / resolved tickets with both counts known',
  no_customer_followup: 'fcr.no_customer_followup: resolved tickets with no customer message after the first / resolved tickets with a known customer message count (Freshservice)',
  no_repeat: 'fcr.no_repeat: fcr.one_touch_no_reopen and no new ticket from the same customer within the repeat window after resolution / resolved tickets with both counts known',
};

function unavailable(ctx: TicketContext): string | null {
  const present = ctx.table.present;
  if (ctx.options.fcrVariant === 'no_customer_followup') {
    return present.has('customer_messages') ? null : 'fcr.no_customer_followup needs customer_messages (Freshdesk `Customer interactions`)';
  }
  const missing = (['agent_replies', 'reopens'] as const).filter((f) => !present.has(f));
  if (ctx.options.fcrVariant === 'no_repeat' && !present.has('customer')) return 'fcr.no_repeat needs customer';
  return missing.length === 0 ? null : `fcr.${ctx.options.fcrVariant} needs ${missing.join(' and ')}`;
}

/**
 * First-contact resolution, in the variant chosen with `--fcr` (named in the report):
 * - one_touch_no_reopen (default): resolved, at most 1 agent reply, not reopened / resolved;
 * - no_customer_followup: resolved with at most 1 customer message / resolved (Freshservice);
 * - no_repeat: one_touch_no_reopen and no ticket from the same customer within the repeat window
 *   after the resolution (tickets without a customer count as not repeated).
 * Denominators count resolved tickets (by as-of) whose needed counts are known.
 * @example 4 resolved: (1 reply, 0 reopens), (0, 0), (1, 1), (3, 0) -> 50% (2/4)
 */
export const fcr: MetricDefinition = {
  id: 'fcr',
  kind: 'rate',
  headline: ['value'],
  label: 'First-contact resolution',
  describe: (o) => definitions[o.fcrVariant],
  unavailable,
  compute: (ctx, cohort) => {
    const { agent_replies: replies, reopens, customer_messages: messages } = ctx.table.counts;
    const variant = ctx.options.fcrVariant;
    // Read only for the variant that needs them: they may come from a second thread (a getter that waits).
    const repeatAfterResolve = variant === 'no_repeat' ? ctx.repeatAfterResolve : null;
    let numerator = 0;
    let denominator = 0;
    for (let j = 0; j < cohort.length; j++) {
      const t = cohort[j] as number;
      if (Number.isNaN(ctx.resolvedAt[t] as number)) continue;
      if (variant === 'no_customer_followup') {
        const m = messages[t] as number;
        if (m < 0) continue;
        denominator++;
        if (m <= 1) numerator++;
        continue;
      }
      const r = replies[t] as number;
      const o = reopens[t] as number;
      if (r < 0 || o < 0) continue;
      denominator++;
      if (r <= 1 && o === 0 && (repeatAfterResolve === null || repeatAfterResolve[t] === 0)) numerator++;
    }
    return rate(numerator, denominator);
  },
};
