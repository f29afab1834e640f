import { isBusinessClock } from '../derive/types.js';
import { clockSuffix } from './durations.js';
import { INDEX_MIN_TICKETS, OpenIndex, openWork } from './open-index.js';
import { resolutionUnavailable } from './resolution-time.js';
import { summarizeDurations } from './summarize.js';
import type { MetricContext, MetricDefinition, RowScope } from './types.js';

/** The instant a period's backlog is measured at: its end, or as-of when that comes first. */
const backlogInstant = (ctx: MetricContext, scope: RowScope) => Math.min(scope.end, ctx.options.asOf);

/**
 * Where a group's scan for open tickets stopped: the open tickets at `at`, and the first ticket created at or after it.
 */
interface OpenScan {
  at: number;
  open: Int32Array;
  scanned: number;
}

/**
 * Per context and group (its tickets' array), the last scans for open tickets, two at most: a report
 * with periods asks for each group's backlog at every period's end in turn (the rows', and with
 * --compare the previous periods', one period behind), so the next scan goes on from one of them.
 */
const scans = new WeakMap<MetricContext, WeakMap<Int32Array, OpenScan[]>>();

/**
 * The group's tickets open at instant `at`: created before it and not resolved before it, in the
 * group's order. Goes on from the group's last scan at or before `at` when there is one: the
 * tickets open then and not resolved before `at`, then those created since. A full scan per period
 * made a daily report over a year read every group's tickets a few hundred times.
 */
function openTickets(ctx: MetricContext, scope: RowScope, at: number): Int32Array {
  const created = ctx.table.instants.created;
  const resolvedAt = ctx.resolvedAt;
  // With the resolution instant `solved` alone, a ticket closed without one is no longer open either.
  const closed = ctx.options.resolutionInstant === 'solved' ? ctx.table.instants.closed : null;
  const all = scope.groupTickets;
  let byGroup = scans.get(ctx);
  if (byGroup === undefined) scans.set(ctx, (byGroup = new WeakMap()));
  let kept = byGroup.get(all);
  if (kept === undefined) byGroup.set(all, (kept = []));
  let from: OpenScan | undefined;
  for (const scan of kept) if (scan.at <= at && (from === undefined || scan.at > from.at)) from = scan;
  const open = ctx.scratchFor(all.length);
  let k = 0;
  let j = 0;
  if (from !== undefined) {
    // Open at the earlier instant (created before it, not resolved before it): still open unless resolved since.
    for (let i = 0; i < from.open.length; i++) {
      const t = from.open[i] as number;
      if (!((resolvedAt[t] as number) < at) && (closed === null || !((closed[t] as number) < at))) open[k++] = t;
    }
    j = from.scanned;
  }
  for (; j < all.length; j++) {
    const t = all[j] as number;
    if ((created[t] as number) >= at) break;
    if (!((resolvedAt[t] as number) < at) && (closed === null || !((closed[t] as number) < at))) open[k++] = t;
  }
  openWork.steps += (from?.open.length ?? 0) + j - (from?.scanned ?? 0);
  const result = Int32Array.from(open.subarray(0, k));
  kept.push({ at, open: result, scanned: j });
  if (kept.length > 2) {
    // The earliest goes: the instants asked for move forward.
    let earliest = 0;
    for (let i = 1; i < kept.length; i++) if ((kept[i] as OpenScan).at < (kept[earliest] as OpenScan).at) earliest = i;
    kept.splice(earliest, 1);
  }
  return result;
}

/** Per context and group, how often the backlog was asked, and the group's index from the second time on. */
const indexes = new WeakMap<MetricContext, WeakMap<Int32Array, { asked: number; index: OpenIndex | null }>>();

/**
 * The group's OpenIndex when this is at least the second instant asked of it (a report of one period
 * keeps the scan, which costs less than the index) and the group is not small (INDEX_MIN_TICKETS), else
 * undefined; null when the index cannot be made.
 */
function indexFor(ctx: MetricContext, scope: RowScope): OpenIndex | null | undefined {
  if (scope.groupTickets.length < INDEX_MIN_TICKETS) return undefined;
  let byGroup = indexes.get(ctx);
  if (byGroup === undefined) indexes.set(ctx, (byGroup = new WeakMap()));
  let entry = byGroup.get(scope.groupTickets);
  if (entry === undefined) byGroup.set(scope.groupTickets, (entry = { asked: 0, index: null }));
  if (++entry.asked === 2) {
    const closed = ctx.options.resolutionInstant === 'solved' ? ctx.table.instants.closed : null;
    entry.index = OpenIndex.of(scope.groupTickets, ctx.table.instants.created, ctx.resolvedAt, closed);
  }
  return entry.asked < 2 ? undefined : entry.index;
}

/**
 * Backlog leaves its row's open tickets to backlog age, which would otherwise find them again (see RowScope.shared).
 */
const SHARED_OPEN = 'backlog_open';

/**
 * Backlog: tickets of the group created before the period's end (or as-of, if earlier) and not
 * resolved by then, whatever their creation date (Freshdesk).
 * @example
 * // The period is the second week [7 d, 14 d). 3 tickets of the first week still open, 2 of this week's open ->
 * // backlog 5; not counted: a ticket solved before the end (day 11) and one created after it (day 15).
 * const tickets = [0, DAY, 2 * DAY, 8 * DAY, 9 * DAY].map((created) => ({ created }));
 * tickets.push({ created: 10 * DAY, solved: 11 * DAY }, { created: 15 * DAY });
 * metricOver(backlog, tickets, options, { start: 7 * DAY, end: 14 * DAY }) // { kind: 'count', value: 5 }
 */
export const backlog: MetricDefinition = {
  id: 'backlog',
  kind: 'count',
  headline: ['value'],
  label: 'Backlog',
  describe: (options) =>
    "tickets created before the period's end (or as-of) and not resolved by then, any creation date (Freshdesk)" +
    (options.resolutionInstant === 'solved' ? '; a ticket closed without a resolution time is not open' : ''),
  unavailable: resolutionUnavailable,
  across: () => ({ kind: 'open_at_end', figure: 'count' }),
  compute: (ctx, _cohort, scope) => {
    const at = backlogInstant(ctx, scope);
    const index = Number.isNaN(at) ? null : indexFor(ctx, scope);
    if (index) return { kind: 'count', value: index.count(at) };
    const open = openTickets(ctx, scope, at);
    scope.shared?.set(SHARED_OPEN, { at, open });
    return { kind: 'count', value: open.length };
  },
};

/**
 * Backlog age (hours): for each backlog ticket, the backlog instant minus its creation; with a
 * business clock, the open hours of the ticket's schedule in between: with Mon-Fri 09:00-17:00, a ticket
 * created Friday 16:00 is 2 business hours old when the backlog is measured Monday 10:00.
 * @example
 * // one ticket open for 2 days at the period's end -> n 1, median 48 (calendar time); the other was solved
 * const tickets = [{ created: 0 }, { created: 0, solved: DAY }];
 * metricOver(backlogAge, tickets, options, { start: 0, end: 2 * DAY })
 * // { kind: 'duration', unit: 'hours', n: 1, mean: 48, median: 48, p90: 48, p95: 48, min: 48, max: 48 }
 */
export const backlogAge: MetricDefinition = {
  id: 'backlog_age',
  kind: 'duration',
  unit: 'hours',
  headline: ['median'],
  label: 'Backlog age',
  describe: (options) => `age of the backlog's tickets at the period's end (or as-of), hours${clockSuffix(options)}`,
  unavailable: resolutionUnavailable,
  across: () => ({ kind: 'open_at_end', figure: 'age' }),
  compute: (ctx, _cohort, scope) => {
    const at = backlogInstant(ctx, scope);
    const created = ctx.table.instants.created;
    const shared = scope.shared?.get(SHARED_OPEN) as { at: number; open: Int32Array } | undefined;
    scope.shared?.delete(SHARED_OPEN);
    const reuse = shared !== undefined && Object.is(shared.at, at);
    // On the calendar clock, the index gives the ages without gathering them (null: it cannot exactly).
    const index = reuse || Number.isNaN(at) || isBusinessClock(ctx.options) ? null : indexFor(ctx, scope);
    const ranked = index ? index.ages(at, 'hours') : null;
    if (ranked !== null) return ranked;
    const open = reuse ? shared.open : openTickets(ctx, scope, at);
    const ages = ctx.scratchFor(open.length).subarray(0, open.length);
    for (let j = 0; j < open.length; j++) {
      const t = open[j] as number;
      ages[j] = ctx.elapsedMs(t, created[t] as number, at);
    }
    return summarizeDurations(ages, 'hours');
  },
};
