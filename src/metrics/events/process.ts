import { quantileSorted } from 'simple-statistics';
import type { EventDefinitions } from '../../model/events.js';
import type { MetricContext } from '../types.js';
import { eventData } from './common.js';
import { PATH_MAX_STEPS, reworkRows, variantRows, type ReworkRow, type VariantRow } from './variants.js';

/**
 * Process tables of an event log (see docs/events.md). Durations in hours, quantiles as `definitions.quantile_method`.
 */
export interface ProcessSummary {
  /** Cases created in the window, and those of them not resolved at as-of (still open at the end of the log). */
  cases: number;
  open_cases: number;
  /** Events folded into those cases. */
  events: number;
  /** How the log was read and these tables made (columns fed, case attributes, cancellations, limits). */
  definitions: EventDefinitions & { path_max_steps: number; top: number };
  /** Steps kept per path; a longer path ends with `…`. */
  path_max_steps: number;
  /**
   * The most common paths: activity sequences (consecutive repeats collapsed, cut after
   * `path_max_steps` steps), most cases first (ties: path text), at most 10. Duration: first to last event.
   */
  paths: { path: string[]; cases: number; share: number; median_duration_h: number | null }[];
  /**
   * Variants: distinct full activity sequences (repeats kept, nothing cut; with
   * `definitions.variants_collapse_repeats`, consecutive repeats once). `count` of them, and the 10 most
   * common; `--variants` writes them all.
   */
  variants: { count: number; top: VariantRow[] };
  /** Activities repeated within a case: cases with any rework, and per activity (most cases first). */
  rework: { cases: number; activities: ReworkRow[] };
  /**
   * Bottlenecks: per status transition X -> Y seen in at least `definitions.bottleneck_min_cases` cases,
   * the time spent in X before moving to Y (n transitions, in how many cases, median, p90); longest
   * median first (ties: more transitions first), at most 10. `below_min_cases`: transitions left out.
   */
  bottlenecks: {
    from: string;
    to: string;
    n: number;
    cases: number;
    median_h: number | null;
    p90_h: number | null;
  }[];
  bottlenecks_below_min_cases: number;
}

const HOUR_MS = 3_600_000;
const TOP = 10;

function quantile(sortedMs: Float64Array, p: number): number | null {
  return sortedMs.length === 0 ? null : quantileSorted(sortedMs as unknown as number[], p) / HOUR_MS;
}

/**
 * The process tables of an event log over `cases` (ticket rows, usually those created in the report
 * window): paths, variants, rework and bottlenecks (see ProcessSummary). Quantiles: linear
 * interpolation (simple-statistics quantileSorted), like every duration. Null when the input is not an
 * event log.
 * @example
 * import { Variants } from '../../derive/events/variants.js';
 * // Three cases as the event fold (ingest/events/) leaves them: [created, agent reply, solved] twice (lasting
 * // 2 h and 4 h) and [created, solved] (1 h), activity labels 1, 2, 3 in a trie; no status transitions.
 * const v = new Variants();
 * v.grow(3);
 * [[1, 2, 3], [1, 2, 3], [1, 3]].forEach((labels, i) => labels.forEach((label) => v.apply(i, label)));
 * const names = ['', 'created', 'agent reply', 'solved'];
 * const variants = Object.assign(Object.create(v.trie), { node: v.node, text: (label) => names[label] });
 * const events = {
 *   events: Int32Array.of(3, 3, 2),
 *   columns: { 'case.duration_ms': { data: Float64Array.of(2 * HOUR, 4 * HOUR, HOUR), missing: 'nan' } },
 *   variants,
 *   transitions: { offsets: new Int32Array(4), from: new Uint32Array(0), to: new Uint32Array(0), durationMs: [] },
 *   definitions: { bottleneck_min_cases: 30, variants_collapse_repeats: false },
 * };
 * const table = { events, dim: () => ({ dictionary: { value: () => null } }) };
 * const summary = buildProcessSummary({ table, resolvedAt: Float64Array.of(2 * HOUR, 4 * HOUR, NaN) }, () =>
 *   Int32Array.of(0, 1, 2),
 * );
 * [summary.variants.count, summary.open_cases, summary.paths]
 * // [2, 1, [{ path: ['created', 'agent reply', 'solved'], cases: 2, share: 2 / 3, median_duration_h: 3 },
 * //  { path: ['created', 'solved'], cases: 1, share: 1 / 3, median_duration_h: 1 }]]
 */
export function buildProcessSummary(ctx: MetricContext, casesOf: () => Int32Array): ProcessSummary | null {
  const data = eventData(ctx);
  if (data === null) return null;
  const cases = casesOf();
  const statuses = ctx.table.dim('status')!.dictionary;
  const definitions = data.definitions;
  let open = 0;
  let events = 0;
  const byTransition = new Map<string, { from: number; to: number; values: number[]; cases: number; last: number }>();
  const { offsets, from, to, durationMs } = data.transitions;
  for (let j = 0; j < cases.length; j++) {
    const t = cases[j] as number;
    if (Number.isNaN(ctx.resolvedAt[t] as number)) open++;
    events += data.events[t] as number;
    for (let k = offsets[t] as number; k < (offsets[t + 1] as number); k++) {
      const key = `${from[k]}\u0000${to[k]}`;
      let entry = byTransition.get(key);
      if (entry === undefined)
        byTransition.set(
          key,
          (entry = { from: from[k] as number, to: to[k] as number, values: [], cases: 0, last: -1 }),
        );
      entry.values.push(durationMs[k] as number);
      if (entry.last !== t) {
        entry.cases++;
        entry.last = t;
      }
    }
  }
  const paths = variantRows(data, cases, 'path', TOP).rows.map(({ sequence, ...rest }) => ({
    path: sequence,
    ...rest,
  }));
  const variants = variantRows(data, cases, definitions.variants_collapse_repeats ? 'collapsed' : 'full', TOP);
  const minCases = definitions.bottleneck_min_cases;
  const transitions = [...byTransition.values()];
  const bottlenecks = transitions
    .filter((entry) => entry.cases >= minCases)
    .map(({ from: a, to: b, values, cases: inCases }) => {
      const sorted = Float64Array.from(values).sort();
      return {
        from: statuses.value(a) ?? '',
        to: statuses.value(b) ?? '',
        n: values.length,
        cases: inCases,
        median_h: quantile(sorted, 0.5),
        p90_h: quantile(sorted, 0.9),
      };
    })
    .sort(
      (x, y) =>
        (y.median_h ?? -1) - (x.median_h ?? -1) ||
        y.n - x.n ||
        `${x.from}\u0000${x.to}`.localeCompare(`${y.from}\u0000${y.to}`, 'en'),
    )
    .slice(0, TOP);
  return {
    cases: cases.length,
    open_cases: open,
    events,
    definitions: { ...definitions, path_max_steps: PATH_MAX_STEPS, top: TOP },
    path_max_steps: PATH_MAX_STEPS,
    paths,
    variants: { count: variants.count, top: variants.rows },
    rework: reworkRows(data, cases),
    bottlenecks,
    bottlenecks_below_min_cases: transitions.length - transitions.filter((e) => e.cases >= minCases).length,
  };
}

/**
 * The process section's definitions in one sentence, for the table and Markdown reports (JSON has
 * them as `process.definitions`).
 * It reads like `case attributes (...) from the first event with a value; a cancellation counts as a
 * close (resolved); variants: 6 distinct activity sequences, repeats kept; ...`.
 */
export function describeProcess(summary: ProcessSummary): string {
  const d = summary.definitions;
  return [
    `case attributes (priority, channel, customer, category, team, --by columns) from the ${d.case_attributes} ` +
      'event with a value',
    d.cancelled === 'closed' ? 'a cancellation counts as a close (resolved)' : 'a cancellation is no resolution',
    `variants: ${summary.variants.count} distinct activity sequences` +
      (d.variants_collapse_repeats ? ', consecutive repeats counted once' : ', repeats kept'),
    `bottlenecks: status transitions seen in at least ${d.bottleneck_min_cases} cases` +
      (summary.bottlenecks_below_min_cases > 0 ? ` (${summary.bottlenecks_below_min_cases} others left out)` : ''),
    ...(d.case_end === null ? [] : [`case_duration_to_end runs to the last "${d.case_end}"`]),
  ].join('; ');
}
