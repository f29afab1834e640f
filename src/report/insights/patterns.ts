/**
 * Recurring patterns: the most frequent categories and tags with their repeat-contact rate, and
 * emerging issues: categories whose count in a period is improbably high given their share in the
 * previous periods.
 */
import type { PeriodUnit } from '../../calendar/period.js';
import type { MetricContext } from '../../metrics/types.js';
import { periodIndex, previousPeriods, type InsightPeriod } from './periods.js';
import { binomialUpperTail } from './stats.js';
import type { EmergingIssue, PatternItem, Patterns } from './types.js';

export interface PatternOptions {
  /** How many categories and tags to list. Default 10. */
  top?: number;
  /** Previous periods the baseline share is taken from. Default 4. */
  historyPeriods?: number;
  /** Family-wise significance level, split over the categories tested in a period (Bonferroni). Default 0.05. */
  alpha?: number;
  /** A category needs at least this many tickets in the period to be tested. Default 5. */
  minCount?: number;
  unit: PeriodUnit;
  zone: string;
  weekStart: 'monday' | 'sunday';
}

/** Tags are one cell per ticket: `billing refund`, `vip,late`. */
const splitTags = (text: string): string[] => [...new Set(text.split(/[\s,;]+/).filter(Boolean))];

function topItems(
  counts: Map<string, { tickets: number; repeats: number }>,
  created: number,
  withRepeats: boolean,
  top: number,
): PatternItem[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y.tickets - x.tickets || a.localeCompare(b, 'en'))
    .slice(0, top)
    .map(([value, c]) => ({
      value,
      tickets: c.tickets,
      share: created === 0 ? 0 : c.tickets / created,
      repeat_contact_rate: withRepeats ? c.repeats / c.tickets : null,
    }));
}

/**
 * The method of `emergingIssues`, stated in the report.
 */
export function emergingMethod(k: number, alpha: number, minCount: number): string {
  return (
    `one-sided exact binomial test per category and period: X = the ` +
    `category's tickets among the n tickets created in the period, ` +
    `H0: X ~ Binomial(n, p0) with p0 = (tickets of the category ` +
    `+ 0.5) / (tickets + 1) over the previous ${k} periods; ` +
    `p-value = P(X >= x). Flagged when x >= ${minCount}, x > n·p0 and p-value ` +
    `< ${alpha} / m (Bonferroni over the m categories tested in the period)`
  );
}

/**
 * Emerging issues per period, most significant first. For each period of the window with history
 * (tickets in the previous `historyPeriods` natural periods, any of them before the window) and each
 * category with at least `minCount` tickets in the period: the count x among the period's n tickets
 * is tested against Binomial(n, p0), p0 the category's share of the history with 0.5 added to its
 * count and 1 to the total (a category absent from the history gets a small, non-zero share rather
 * than an infinite surprise). One-sided p = P(X >= x); flagged when p < alpha / m.
 * @example
 * // History 200 tickets with 10 `billing` (p0 = 10.5/201), period 50 tickets with 12 billing: expected 2.61,
 * // p = P(Binomial(50, 0.05224) >= 12) ≈ 7.8e-6 < 0.05 / 2 -> flagged (`shipping`, 38 < 50 × 190.5/201, is not)
 * const week = Date.UTC(2025, 10, 17);
 * const category = (billing) => (_, i) => (i < billing ? 'billing' : 'shipping');
 * const history = Array.from({ length: 200 }, category(10)).map((c) => ({ created: week - 7 * DAY, category: c }));
 * const period = Array.from({ length: 50 }, category(12)).map((c) => ({ created: week + DAY, category: c }));
 * const ctx = referenceContext([...history, ...period], options);
 * const periods = [{ label: '2025-W47', start: week, end: week + 7 * DAY, naturalStart: week }];
 * const issues = emergingIssues(ctx, periods, { unit: 'week', zone: 'UTC', weekStart: 'monday' });
 * issues.map((i) => [i.category, i.count, i.created, Number(i.expected.toFixed(2)), Number(i.p_value.toPrecision(2))])
 * // [['billing', 12, 50, 2.61, 7.8e-6]]
 */
export function emergingIssues(
  ctx: MetricContext,
  periods: readonly InsightPeriod[],
  options: PatternOptions,
): EmergingIssue[] {
  const k = options.historyPeriods ?? 4;
  const alpha = options.alpha ?? 0.05;
  const minCount = options.minCount ?? 5;
  const table = ctx.table;
  const column = table.dim('category');
  if (!column || periods.length === 0) return [];
  const created = table.instants.created;
  const codes = column.codes;
  const size = column.dictionary.values.length;
  // Extended periods: history before the first period, then the periods themselves (natural bounds for history).
  const first = periods[0] as InsightPeriod;
  const history = previousPeriods(first.naturalStart, k, options.unit, options.zone, options.weekStart).map((p, i) => ({
    label: `h${i}`,
    start: p.start,
    end: p.end,
    naturalStart: p.start,
  }));
  const all: InsightPeriod[] = [...history, ...periods.map((p, i) => (i === 0 ? { ...p, start: p.naturalStart } : p))];
  const counts = all.map(() => new Float64Array(size));
  const totals = new Float64Array(all.length);
  for (let t = 0; t < table.length; t++) {
    const p = periodIndex(all, created[t] as number);
    if (p < 0) continue;
    totals[p] = (totals[p] as number) + 1;
    const code = codes[t] as number;
    (counts[p] as Float64Array)[code] = ((counts[p] as Float64Array)[code] as number) + 1;
  }
  // The evaluated period's own counts use the window-clipped bounds, like the report's rows.
  const inPeriod = periods.map(() => new Float64Array(size));
  const inTotals = new Float64Array(periods.length);
  for (let t = 0; t < table.length; t++) {
    const p = periodIndex(periods, created[t] as number);
    if (p < 0) continue;
    inTotals[p] = (inTotals[p] as number) + 1;
    const code = codes[t] as number;
    (inPeriod[p] as Float64Array)[code] = ((inPeriod[p] as Float64Array)[code] as number) + 1;
  }
  const issues: EmergingIssue[] = [];
  periods.forEach((period, p) => {
    const e = history.length + p;
    let historyTotal = 0;
    const historyCounts = new Float64Array(size);
    for (let h = e - k; h < e; h++) {
      historyTotal += totals[h] as number;
      const c = counts[h] as Float64Array;
      for (let code = 1; code < size; code++)
        historyCounts[code] = (historyCounts[code] as number) + (c[code] as number);
    }
    const n = inTotals[p] as number;
    if (historyTotal === 0 || n === 0) return;
    const tested: { code: number; x: number; p0: number }[] = [];
    const own = inPeriod[p] as Float64Array;
    for (let code = 1; code < size; code++) {
      const x = own[code] as number;
      if (x < minCount) continue;
      tested.push({ code, x, p0: ((historyCounts[code] as number) + 0.5) / (historyTotal + 1) });
    }
    for (const { code, x, p0 } of tested) {
      const expected = n * p0;
      if (!(x > expected)) continue;
      const pValue = binomialUpperTail(x, n, p0);
      if (pValue < alpha / tested.length) {
        issues.push({
          category: column.dictionary.values[code] as string,
          period: period.label,
          count: x,
          created: n,
          baseline_share: p0,
          expected,
          p_value: pValue,
          tested: tested.length,
        });
      }
    }
  });
  return issues.sort((a, b) => a.p_value - b.p_value || a.period.localeCompare(b.period));
}

/**
 * Top categories and tags over the window's tickets, with the repeat-contact rate of their tickets,
 * and the emerging issues.
 */
export function patterns(
  ctx: MetricContext,
  windowTickets: Int32Array,
  periods: readonly InsightPeriod[],
  options: PatternOptions,
): Patterns {
  const top = options.top ?? 10;
  const table = ctx.table;
  const withRepeats = table.present.has('customer');
  const categories = new Map<string, { tickets: number; repeats: number }>();
  const tags = new Map<string, { tickets: number; repeats: number }>();
  const category = table.dim('category');
  const tagColumn = table.dim('tags');
  const tagCache = new Map<number, string[]>();
  const add = (map: Map<string, { tickets: number; repeats: number }>, key: string, repeat: number) => {
    const entry = map.get(key) ?? { tickets: 0, repeats: 0 };
    entry.tickets++;
    entry.repeats += repeat;
    map.set(key, entry);
  };
  const isRepeat = ctx.flag('is_repeat');
  for (let j = 0; j < windowTickets.length; j++) {
    const t = windowTickets[j] as number;
    const repeat = isRepeat[t] as number;
    const c = category ? (category.codes[t] as number) : 0;
    if (c !== 0) add(categories, category!.dictionary.values[c] as string, repeat);
    const g = tagColumn ? (tagColumn.codes[t] as number) : 0;
    if (g === 0) continue;
    let list = tagCache.get(g);
    if (list === undefined) {
      list = splitTags(tagColumn!.dictionary.values[g] as string);
      tagCache.set(g, list);
    }
    for (const tag of list) add(tags, tag, repeat);
  }
  const k = options.historyPeriods ?? 4;
  const alpha = options.alpha ?? 0.05;
  const minCount = options.minCount ?? 5;
  return {
    top_categories: topItems(categories, windowTickets.length, withRepeats, top),
    top_tags: topItems(tags, windowTickets.length, withRepeats, top),
    emerging: emergingIssues(ctx, periods, options),
    method: emergingMethod(k, alpha, minCount),
    history_periods: k,
    alpha,
    min_count: minCount,
  };
}
