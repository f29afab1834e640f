/**
 * Consistency across agents, teams and channels: how much the median first reply, the median
 * resolution time and FCR vary between groups, which groups sit far from the rest, and how
 * predictable each team is (p90 / median).
 */
import { fcr } from '../../metrics/fcr.js';
import { frt } from '../../metrics/frt.js';
import { resolutionFull } from '../../metrics/resolution-time.js';
import type { Evaluate, MetricContext, MetricDefinition, RowScope } from '../../metrics/types.js';
import type { MetricValue } from '../model.js';
import { robustZ, spread } from './stats.js';
import type { Consistency, GroupFigure, MeasureSpread, Predictability } from './types.js';

export interface ConsistencyOptions {
  /** Groups with fewer tickets behind a figure are shown but never flagged nor counted in the spread. Default 10. */
  minN?: number;
  /** |robust z| above this flags a group. Default 2. */
  zThreshold?: number;
  /** Dimensions compared. Default agent, team, channel (those the input has). */
  dimensions?: readonly string[];
}

export const DEFAULT_MIN_N = 10;
/** With fewer scored groups the median and MAD are too unstable to call any one group an outlier. */
export const MIN_GROUPS = 4;
export const DEFAULT_Z = 2;

export function consistencyMethod(minN: number, z: number): string {
  return (
    `per dimension and measure, each group's figure over the window's ` +
    `tickets (same definitions as frt, resolution_full and fcr); ` +
    `spread (min, max, median, IQR by R type 7 quantiles, CV = sample sd / mean) over the groups with n >= ${minN}; ` +
    `robust z = (x - median) / (1.4826 × MAD) among those groups; flagged when |z| > ${z}; groups ` +
    `with n < ${minN} are never flagged; no flags under ${MIN_GROUPS} such groups or when the MAD is 0`
  );
}

interface Measure {
  key: string;
  figure: (value: MetricValue) => { n: number; value: number | null };
  metric: MetricDefinition;
}

const durationFigure = (value: MetricValue) =>
  value.kind === 'duration' ? { n: value.n, value: value.median } : { n: 0, value: null };

const MEASURES: readonly Measure[] = [
  { key: 'frt_median_min', figure: durationFigure, metric: frt },
  { key: 'resolution_full_median_h', figure: durationFigure, metric: resolutionFull },
  {
    key: 'fcr',
    figure: (v) => (v.kind === 'rate' ? { n: v.denominator, value: v.value } : { n: 0, value: null }),
    metric: fcr,
  },
];

/** Window tickets per value of a dimension (tickets without a value are left out). */
function groupsOf(
  ctx: MetricContext,
  dimension: string,
  windowTickets: Int32Array,
): { value: string; tickets: Int32Array }[] {
  const column = ctx.table.dim(dimension);
  if (!column) return [];
  // Counting sort by code: each group's tickets in window order, without an array per group to grow.
  const codes = column.codes;
  let size = 0;
  for (let j = 0; j < windowTickets.length; j++) size = Math.max(size, codes[windowTickets[j] as number] as number);
  const counts = new Int32Array(size + 1);
  for (let j = 0; j < windowTickets.length; j++) {
    const code = codes[windowTickets[j] as number] as number;
    counts[code] = (counts[code] as number) + 1;
  }
  const listOf: ({ code: number; tickets: Int32Array; at: number } | undefined)[] = [];
  for (let code = 1; code <= size; code++) {
    if (counts[code] !== 0) listOf[code] = { code, tickets: new Int32Array(counts[code] as number), at: 0 };
  }
  // In order of first appearance, as the sort below leaves values that compare equal.
  const lists: { code: number; tickets: Int32Array }[] = [];
  for (let j = 0; j < windowTickets.length; j++) {
    const t = windowTickets[j] as number;
    const list = listOf[codes[t] as number];
    if (list === undefined) continue;
    if (list.at === 0) lists.push(list);
    list.tickets[list.at++] = t;
  }
  return lists
    .map(({ code, tickets }) => ({ value: column.dictionary.values[code] as string, tickets }))
    .sort((a, b) => a.value.localeCompare(b.value, 'en'));
}

/**
 * Spread and outliers of each measure across the groups of each dimension, and p90/median per team.
 * @example
 * // 5 teams with median first reply 30, 32, 35, 31, 120 min (one ticket each here, so minN 1): median 32, MAD 2,
 * // robust z of 120 = 88 / 2.9652 = 29.68 -> flagged; the others |z| <= 1.01 (3 / 2.9652)
 * const tickets = [30, 32, 35, 31, 120].map((m, i) => ({ created: 0, first_reply: m * MIN, team: 'ABCDE'[i] }));
 * const ctx = referenceContext(tickets, options);
 * const over = (metric, cohort) => metricOver(metric, [...cohort].map((t) => tickets[t]), options);
 * const [frtSpread] = consistency(ctx, over, Int32Array.of(0, 1, 2, 3, 4), { minN: 1 }).dimensions[0].measures;
 * frtSpread.figures.map((f) => [f.group, f.flagged, Number(f.z.toFixed(2))])
 * // [['A', false, -0.67], ['B', false, 0], ['C', false, 1.01], ['D', false, -0.34], ['E', true, 29.68]]
 */
export function consistency(
  ctx: MetricContext,
  evaluate: Evaluate,
  windowTickets: Int32Array,
  options: ConsistencyOptions = {},
): Consistency {
  const minN = options.minN ?? DEFAULT_MIN_N;
  const zThreshold = options.zThreshold ?? DEFAULT_Z;
  const present = ctx.table.present as ReadonlySet<string>;
  const dimensions = (options.dimensions ?? ['agent', 'team', 'channel']).filter((d) => present.has(d));
  const unavailable = new Map(
    MEASURES.map((m) => [
      m.key,
      m.key === 'fcr'
        ? fcr.unavailable(ctx)
        : m.key.startsWith('frt')
          ? frt.unavailable(ctx)
          : resolutionFull.unavailable(ctx),
    ]),
  );
  const out: Consistency = {
    min_n: minN,
    z_threshold: zThreshold,
    method: consistencyMethod(minN, zThreshold),
    dimensions: [],
    predictability: [],
  };
  for (const dimension of dimensions) {
    const groups = groupsOf(ctx, dimension, windowTickets);
    const measures: MeasureSpread[] = [];
    const values = groups.map((g) => {
      const scope: RowScope = { start: -Infinity, end: Infinity, groupTickets: g.tickets };
      return MEASURES.map((m) => (unavailable.get(m.key) === null ? evaluate(m.metric, g.tickets, scope) : null));
    });
    MEASURES.forEach((m, k) => {
      if (unavailable.get(m.key) !== null) return;
      const figures: GroupFigure[] = groups.map((g, i) => {
        const value = values[i]?.[k];
        const f = value ? m.figure(value) : { n: 0, value: null };
        return { group: g.value, n: f.n, value: f.value, z: null, flagged: false };
      });
      const scored = figures.filter((f) => f.n >= minN && f.value !== null);
      const z = scored.length >= MIN_GROUPS ? robustZ(scored.map((f) => f.value as number)) : scored.map(() => null);
      scored.forEach((f, i) => {
        f.z = z[i] ?? null;
        f.flagged = f.z !== null && Math.abs(f.z) > zThreshold;
      });
      measures.push({ measure: m.key, ...spread(scored.map((f) => f.value as number)), figures });
    });
    out.dimensions.push({ dimension, measures });
    if (dimension === 'team') out.predictability = predictability(evaluate, groups, unavailable);
  }
  return out;
}

function predictability(
  evaluate: Evaluate,
  groups: { value: string; tickets: Int32Array }[],
  unavailable: Map<string, string | null>,
): Predictability[] {
  const out: Predictability[] = [];
  for (const g of groups) {
    const scope: RowScope = { start: -Infinity, end: Infinity, groupTickets: g.tickets };
    for (const [measure, def, key] of [
      ['frt', frt, 'frt_median_min'],
      ['resolution_full', resolutionFull, 'resolution_full_median_h'],
    ] as const) {
      if (unavailable.get(key) !== null) continue;
      const v = evaluate(def, g.tickets, scope);
      if (v.kind !== 'duration') continue;
      out.push({
        team: g.value,
        measure,
        n: v.n,
        median: v.median,
        p90: v.p90,
        ratio: v.median === null || v.p90 === null || v.median === 0 ? null : v.p90 / v.median,
      });
    }
  }
  return out;
}
