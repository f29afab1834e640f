import { EVENT_LOG_NO_ROLES } from './durations.js';
import { rate } from './summarize.js';
import type { MetricDefinition, TicketContext } from './types.js';
import type { RateValue } from '../report/model.js';

const repliesUnavailable = (ctx: TicketContext) =>
  ctx.table.present.has('agent_replies')
    ? null
    : ctx.table.events !== undefined
      ? EVENT_LOG_NO_ROLES
      : 'no agent reply count: map agent_replies (Zendesk `Replies`)';

/** Share of resolved tickets (by as-of, known reply count) whose reply count satisfies `test`. */
function touchRate(ctx: TicketContext, cohort: Int32Array, test: (replies: number) => boolean): RateValue {
  const replies = ctx.table.counts.agent_replies;
  let numerator = 0;
  let denominator = 0;
  for (let j = 0; j < cohort.length; j++) {
    const t = cohort[j] as number;
    const r = replies[t] as number;
    if (Number.isNaN(ctx.resolvedAt[t] as number) || r < 0) continue;
    denominator++;
    if (test(r)) numerator++;
  }
  return rate(numerator, denominator);
}

/**
 * One-touch resolution (Zendesk Explore): resolved tickets with at most 1 agent reply (0 included) /
 * resolved tickets with a known reply count.
 * @example replies [0, 1, 2, 5] on 4 resolved tickets -> 50% (2/4)
 */
export const touchOne: MetricDefinition = {
  id: 'touch_one',
  kind: 'rate',
  headline: [],
  label: 'One-touch',
  describe: () => 'resolved tickets with at most 1 agent reply (0 included) / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  compute: (ctx, cohort) => touchRate(ctx, cohort, (r) => r <= 1),
};

/** Two-touch: resolved tickets with exactly 2 agent replies / resolved tickets. @example replies [0, 1, 2, 5] -> 25% (1/4) */
export const touchTwo: MetricDefinition = {
  id: 'touch_two',
  kind: 'rate',
  headline: [],
  label: 'Two-touch',
  describe: () => 'resolved tickets with exactly 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  compute: (ctx, cohort) => touchRate(ctx, cohort, (r) => r === 2),
};

/** Multi-touch: resolved tickets with more than 2 agent replies / resolved tickets. @example replies [0, 1, 2, 5] -> 25% (1/4) */
export const touchMulti: MetricDefinition = {
  id: 'touch_multi',
  kind: 'rate',
  headline: [],
  label: 'Multi-touch',
  describe: () => 'resolved tickets with more than 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  compute: (ctx, cohort) => touchRate(ctx, cohort, (r) => r > 2),
};
