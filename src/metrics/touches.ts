import { cellTally } from '../engine/cell-values.js';
import { EVENT_LOG_NO_ROLES } from './durations.js';
import { rate } from './summarize.js';
import type { MetricDefinition, RowScope, TicketContext } from './types.js';

const repliesUnavailable = (ctx: TicketContext) =>
  ctx.table.present.has('agent_replies')
    ? null
    : ctx.table.events !== undefined
      ? EVENT_LOG_NO_ROLES
      : 'no agent reply count: map agent_replies (Zendesk `Replies`)';

/** Resolved tickets (by as-of) of the cohort with a known reply count, and how many had <= 1, 2, > 2 replies. */
interface TouchCounts {
  resolved: number;
  one: number;
  two: number;
  multi: number;
}

/** The touch counts of a row, counted once for the three touch metrics (see RowScope.shared). */
function touchCounts(ctx: TicketContext, cohort: Int32Array, scope: RowScope | undefined): TouchCounts {
  const known = scope?.shared?.get('touch_counts') as TouchCounts | undefined;
  if (known !== undefined) return known;
  const replies = ctx.table.counts.agent_replies;
  const resolvedAt = ctx.resolvedAt;
  // Per cell, side by side: resolved, then those with <= 1, 2 and > 2 replies.
  const { acc, cell } = cellTally(ctx.cells, 'touches', cohort, (cells) => new Int32Array(4 * cells), (tally, c, t) => {
    const r = replies[t] as number;
    if (Number.isNaN(resolvedAt[t] as number) || r < 0) return;
    const k = 4 * c;
    tally[k] = (tally[k] as number) + 1;
    const bucket = r <= 1 ? 1 : r === 2 ? 2 : 3;
    tally[k + bucket] = (tally[k + bucket] as number) + 1;
  });
  const counts = { resolved: acc[4 * cell] as number, one: acc[4 * cell + 1] as number, two: acc[4 * cell + 2] as number, multi: acc[4 * cell + 3] as number };
  scope?.shared?.set('touch_counts', counts);
  return counts;
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
  compute: (ctx, cohort, scope) => {
    const counts = touchCounts(ctx, cohort, scope);
    return rate(counts.one, counts.resolved);
  },
};

/** Two-touch: resolved tickets with exactly 2 agent replies / resolved tickets. @example replies [0, 1, 2, 5] -> 25% (1/4) */
export const touchTwo: MetricDefinition = {
  id: 'touch_two',
  kind: 'rate',
  headline: [],
  label: 'Two-touch',
  describe: () => 'resolved tickets with exactly 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  compute: (ctx, cohort, scope) => {
    const counts = touchCounts(ctx, cohort, scope);
    return rate(counts.two, counts.resolved);
  },
};

/** Multi-touch: resolved tickets with more than 2 agent replies / resolved tickets. @example replies [0, 1, 2, 5] -> 25% (1/4) */
export const touchMulti: MetricDefinition = {
  id: 'touch_multi',
  kind: 'rate',
  headline: [],
  label: 'Multi-touch',
  describe: () => 'resolved tickets with more than 2 agent replies / resolved tickets (Zendesk Explore)',
  unavailable: repliesUnavailable,
  compute: (ctx, cohort, scope) => {
    const counts = touchCounts(ctx, cohort, scope);
    return rate(counts.multi, counts.resolved);
  },
};
