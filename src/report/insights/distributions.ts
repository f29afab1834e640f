/**
 * Distributions of first reply and resolution times, as histograms on human bins (5 min, 15 min, an
 * hour, a day...): charts need the shape, which medians and percentiles do not show.
 */
import type { MetricContext } from '../../metrics/types.js';
import type { Histogram } from './types.js';

/** Bin edges, in the histogram's unit; the last bin is open. */
export const FRT_EDGES_MIN = [0, 5, 15, 30, 60, 120, 240, 480, 1440, 2880];
export const RESOLUTION_EDGES_H = [0, 1, 4, 8, 24, 48, 72, 168, 336];

const text = (value: number, unit: 'minutes' | 'hours'): string => {
  const minutes = unit === 'hours' ? value * 60 : value;
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 2880) return `${minutes / 60} h`;
  return `${minutes / 1440} d`;
};

/**
 * Counts of `valuesMs` (NaN skipped) over `cohort` in the bins [edges[i], edges[i+1]), the last one
 * open. Labels: `<5 min`, `5 min–15 min`, `≥2 d`.
 * @example
 * // 1 and 10 minutes, and a ticket without a value
 * histogram(Float64Array.of(60_000, 600_000, NaN), Int32Array.of(0, 1, 2), [0, 5], 'minutes')
 * // { unit: 'minutes', n: 2, bins: [{ label: '<5 min', from: 0, to: 5, count: 1 },
 * //   { label: '≥5 min', from: 5, to: null, count: 1 }] }
 */
export function histogram(
  valuesMs: Float64Array,
  cohort: Int32Array,
  edges: readonly number[],
  unit: 'minutes' | 'hours',
): Histogram {
  const scale = unit === 'minutes' ? 60_000 : 3_600_000;
  const counts = new Array<number>(edges.length).fill(0);
  let n = 0;
  for (let j = 0; j < cohort.length; j++) {
    const v = valuesMs[cohort[j] as number] as number;
    if (Number.isNaN(v)) continue;
    n++;
    const x = v / scale;
    let b = edges.length - 1;
    while (b > 0 && x < (edges[b] as number)) b--;
    counts[b] = (counts[b] as number) + 1;
  }
  const bins = edges.map((from, i) => {
    const to = edges[i + 1] ?? null;
    const between = () => `${text(from, unit)}–${text(to as number, unit)}`;
    const label = to === null ? `≥${text(from, unit)}` : i === 0 ? `<${text(to, unit)}` : between();
    return { label, from, to, count: counts[i] as number };
  });
  return { unit, n, bins };
}

export function distributions(
  ctx: MetricContext,
  windowTickets: Int32Array,
): { frt: Histogram; resolution_full: Histogram } {
  return {
    frt: histogram(ctx.derived('frt_ms'), windowTickets, FRT_EDGES_MIN, 'minutes'),
    resolution_full: histogram(ctx.derived('resolution_full_ms'), windowTickets, RESOLUTION_EDGES_H, 'hours'),
  };
}
