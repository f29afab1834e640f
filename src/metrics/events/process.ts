import { quantileSorted } from 'simple-statistics';
import type { MetricContext } from '../types.js';
import { eventData } from './common.js';

/**
 * Process tables of an event log (see docs/events.md). Durations in hours, quantiles as `definitions.quantile_method`.
 */
export interface ProcessSummary {
  /** Cases created in the window, and those of them not resolved at as-of (still open at the end of the log). */
  cases: number;
  open_cases: number;
  /** Events folded into those cases. */
  events: number;
  /** Steps kept per path; a longer path ends with `…`. */
  path_max_steps: number;
  /**
   * The most common paths: activity sequences (consecutive repeats collapsed), most cases first (ties:
   * path text), at most 10. Duration: creation to the case's last event.
   */
  paths: { path: string[]; cases: number; share: number; median_duration_h: number | null }[];
  /**
   * Bottlenecks: per status transition X -> Y, the time spent in X before moving to Y; longest median
   * first (ties: more transitions first), at most 10.
   */
  bottlenecks: { from: string; to: string; n: number; median_h: number | null; p90_h: number | null }[];
}

const HOUR_MS = 3_600_000;
const TOP = 10;

function quantile(sortedMs: Float64Array, p: number): number | null {
  return sortedMs.length === 0 ? null : quantileSorted(sortedMs as unknown as number[], p) / HOUR_MS;
}

/**
 * The process tables of an event log over `cases` (ticket rows, usually those created in the report
 * window): the most common paths with their case count, share and median duration (creation to the
 * last event, hours), and the bottlenecks, the status transitions X -> Y with the median and p90 of
 * the time spent in X before moving to Y (hours). Quantiles: linear interpolation (simple-statistics
 * quantileSorted), like every duration. Null when the input is not an event log.
 * @example
 * // Three cases with paths [created, agent reply, solved] x2 (lasting 2 h and 4 h) and [created, solved] (1 h),
 * // as the event fold (ingest/events.ts) leaves them: path nodes 2, 2, 3 and spans; no status transitions.
 * const events = {
 *   events: Int32Array.of(3, 3, 2),
 *   pathNode: Int32Array.of(2, 2, 3),
 *   pathSteps: (node) => (node === 2 ? ['created', 'agent reply', 'solved'] : ['created', 'solved']),
 *   pathMaxSteps: 10,
 *   spanMs: Float64Array.of(2 * HOUR, 4 * HOUR, HOUR),
 *   transitions: { offsets: new Int32Array(4), from: new Uint32Array(0), to: new Uint32Array(0), durationMs: [] },
 * };
 * const table = { events, dim: () => ({ dictionary: { value: () => null } }) };
 * const ctx = { table, resolvedAt: Float64Array.of(2 * HOUR, 4 * HOUR, HOUR) };
 * buildProcessSummary(ctx, () => Int32Array.of(0, 1, 2)).paths
 * // [{ path: ['created', 'agent reply', 'solved'], cases: 2, share: 2 / 3, median_duration_h: 3 },
 * //  { path: ['created', 'solved'], cases: 1, share: 1 / 3, median_duration_h: 1 }]
 */
export function buildProcessSummary(ctx: MetricContext, casesOf: () => Int32Array): ProcessSummary | null {
  const data = eventData(ctx);
  if (data === null) return null;
  const cases = casesOf();
  const statuses = ctx.table.dim('status')!.dictionary;
  let open = 0;
  let events = 0;
  const byPath = new Map<number, number[]>();
  const byTransition = new Map<string, { from: string; to: string; values: number[] }>();
  const { offsets, from, to, durationMs } = data.transitions;
  for (let j = 0; j < cases.length; j++) {
    const t = cases[j] as number;
    if (Number.isNaN(ctx.resolvedAt[t] as number)) open++;
    events += data.events[t] as number;
    const node = data.pathNode[t] as number;
    let spans = byPath.get(node);
    if (spans === undefined) byPath.set(node, (spans = []));
    spans.push(data.spanMs[t] as number);
    for (let k = offsets[t] as number; k < (offsets[t + 1] as number); k++) {
      const a = statuses.value(from[k] as number) ?? '';
      const b = statuses.value(to[k] as number) ?? '';
      const key = `${from[k]}\u0000${to[k]}`;
      let entry = byTransition.get(key);
      if (entry === undefined) byTransition.set(key, (entry = { from: a, to: b, values: [] }));
      entry.values.push(durationMs[k] as number);
    }
  }
  const paths = [...byPath.entries()]
    .map(([node, spans]) => {
      const sorted = Float64Array.from(spans).sort();
      return {
        path: data.pathSteps(node),
        cases: spans.length,
        share: spans.length / cases.length,
        median_duration_h: quantile(sorted, 0.5),
      };
    })
    .sort((a, b) => b.cases - a.cases || a.path.join('\u0000').localeCompare(b.path.join('\u0000'), 'en'))
    .slice(0, TOP);
  const bottlenecks = [...byTransition.values()]
    .map(({ from: a, to: b, values }) => {
      const sorted = Float64Array.from(values).sort();
      return { from: a, to: b, n: values.length, median_h: quantile(sorted, 0.5), p90_h: quantile(sorted, 0.9) };
    })
    .sort(
      (x, y) =>
        (y.median_h ?? -1) - (x.median_h ?? -1) ||
        y.n - x.n ||
        `${x.from}\u0000${x.to}`.localeCompare(`${y.from}\u0000${y.to}`, 'en'),
    )
    .slice(0, TOP);
  return { cases: cases.length, open_cases: open, events, path_max_steps: data.pathMaxSteps, paths, bottlenecks };
}
