import { rate, summarizeStats } from '../summarize.js';
import { collect } from './context.js';
import type { OrderMetricDefinition } from './types.js';

const unavailable = (ctx: { table: { present: ReadonlySet<string> } }): string | null =>
  ctx.table.present.has('review_score') ? null : 'no review score: map review_score (a reviews file)';

/**
 * Review score: the customers' scores of the orders of the period (a reviews file joined by order
 * id; the first review of an order), n, mean, order statistics and how many orders got each score.
 * @example
 * // scores 5, 4 and 1
 * const ctx = { table: { amounts: { review_score: Float64Array.of(5, 4, 1) } }, scratch: new Float64Array(16) };
 * const { n, mean, distribution } = reviewScore.compute(ctx, Int32Array.of(0, 1, 2));
 * [n, mean, distribution] // [3, 10 / 3, { 1: 1, 4: 1, 5: 1 }]
 */
export const reviewScore: OrderMetricDefinition = {
  id: 'review_score',
  kind: 'total',
  stats: true,
  headline: ['mean'],
  label: 'Review score',
  describe: () =>
    "the order's review score (first review): n, sum, mean, median, p90, p95, min, max and the orders with " +
    'each score',
  unavailable,
  compute: (ctx, cohort) =>
    summarizeStats(
      collect(ctx, cohort, (i) => ctx.table.amounts.review_score[i] as number),
      { kind: 'whole', cap: 11 },
    ),
};

/**
 * Review satisfaction (CSAT from scores): good scores / (good + bad) scores, the middle ones left
 * out, as `csat` reads a satisfaction column. Good is `orders.review_good_min` (default 4) and
 * above, bad `orders.review_bad_max` (default 2) and below: on a 1-5 scale, 4-5 good, 1-2 bad, 3
 * neutral.
 * @example
 * // scores 5, 4, 3, 1 with the defaults (good >= 4, bad <= 2): 2 good of 3 rated, the 3 neutral
 * const table = { amounts: { review_score: Float64Array.of(5, 4, 3, 1) } };
 * const ctx = { table, options: { reviewGoodMin: 4, reviewBadMax: 2 } };
 * reviewCsat.compute(ctx, Int32Array.of(0, 1, 2, 3)) // { kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 }
 */
export const reviewCsat: OrderMetricDefinition = {
  id: 'review_csat',
  kind: 'rate',
  headline: ['value'],
  label: 'Review CSAT',
  describe: (o) =>
    `orders with a review score >= ${o.reviewGoodMin} (good) / orders with a score >= ${o.reviewGoodMin} or ` +
    `<= ${o.reviewBadMax} (bad); scores in between are neutral and left out`,
  unavailable,
  compute: (ctx, cohort) => {
    const scores = ctx.table.amounts.review_score;
    let good = 0;
    let rated = 0;
    for (let j = 0; j < cohort.length; j++) {
      const s = scores[cohort[j] as number] as number;
      if (s >= ctx.options.reviewGoodMin) {
        good++;
        rated++;
      } else if (s <= ctx.options.reviewBadMax) rated++;
    }
    return rate(good, rated);
  },
};
