/**
 * Variants, paths and rework of an event log (docs/events.md): read off each case's full activity
 * sequence (a node of the trie in derive/events/variants.ts), over a set of cases (the window's).
 *
 * - A **variant** is a distinct activity sequence, every event in time order, repeats kept and nothing
 *   cut (pm4py `get_variants`); with `collapse`, consecutive repeats of an activity count once (pm4py
 *   `max_repetitions=1`). A **path** (the process section's short table) is a sequence with repeats
 *   collapsed and cut after 8 steps (`…`). Per row: cases, share of the cases, median case duration
 *   (last event minus first; linear interpolation, where pm4py's `get_median_case_duration` takes the
 *   upper middle value). Most cases first, ties by the sequence's text (code-unit order).
 * - **Rework** (pm4py `get_rework_cases_per_activity`): per activity, the cases in which it occurs
 *   more than once, and its occurrences beyond the first in those cases; a case has rework when any
 *   activity occurs more than once.
 *
 * Cases are grouped by trie node with a counting sort, and views (collapsed, cut) map nodes to nodes
 * of a second trie: no text is made but for the rows shown (a million-event log has some 100,000
 * variants, of which the report shows ten).
 */
import { quantileSorted } from 'simple-statistics';
import { LabelTrie } from '../../derive/events/variants.js';
import type { EventCaseData } from '../../model/events.js';

const HOUR_MS = 3_600_000;
/** The label of the `…` that ends a cut path. */
const ELLIPSIS = 0xffffffff;
/** Steps a path keeps before `…`. */
export const PATH_MAX_STEPS = 8;

export interface VariantRow {
  /** The activity labels, first to last. */
  sequence: string[];
  cases: number;
  share: number;
  median_duration_h: number | null;
}

export interface ReworkRow {
  activity: string;
  /** Cases in which the activity occurs more than once. */
  cases: number;
  /** Its occurrences beyond the first, summed over those cases. */
  events: number;
}

/** How sequences are shown: as they are, repeats collapsed, or collapsed and cut (paths). */
export type VariantView = 'full' | 'collapsed' | 'path';

/**
 * The node of each trie node's sequence in a view, over the trie's nodes in creation order (a parent
 * is made before its children): in a second trie for `collapsed` and `path`, the node itself for `full`;
 * with the second trie's texts.
 */
function viewNodes(data: EventCaseData, view: VariantView): { node: Int32Array; sequence: (node: number) => number[] } {
  const trie = data.variants;
  if (view === 'full') {
    const identity = new Int32Array(trie.size);
    for (let k = 0; k < identity.length; k++) identity[k] = k;
    return { node: identity, sequence: (node) => trie.sequence(node) };
  }
  const into = new LabelTrie();
  const node = new Int32Array(trie.size);
  const steps = [0];
  for (let k = 1; k < trie.size; k++) {
    const parent = node[trie.parent(k)] as number;
    const label = trie.label(k);
    const last = parent === 0 ? -1 : into.label(parent);
    if (label === last || last === ELLIPSIS) node[k] = parent;
    else {
      const cut = view === 'path' && (steps[parent] as number) >= PATH_MAX_STEPS;
      const child = into.child(parent, cut ? ELLIPSIS : label);
      steps[child] = (steps[parent] as number) + 1;
      node[k] = child;
    }
  }
  return { node, sequence: (n) => into.sequence(n) };
}

/** Cases grouped by the node of their sequence in a view: each group's node, and its cases' durations sorted. */
interface Group {
  node: number;
  durations: Float64Array;
}

function groups(data: EventCaseData, cases: Int32Array, nodeOf: Int32Array): Group[] {
  const size = nodeOf.length;
  const duration = data.columns['case.duration_ms']!.data;
  const counts = new Int32Array(size + 1);
  const caseNode = new Int32Array(cases.length);
  for (let j = 0; j < cases.length; j++) {
    const node = nodeOf[data.variants.node[cases[j] as number] as number] as number;
    caseNode[j] = node;
    counts[node + 1]!++;
  }
  for (let k = 0; k < size; k++) counts[k + 1]! += counts[k] as number;
  const fill = counts.slice(0, size);
  const sorted = new Float64Array(cases.length);
  for (let j = 0; j < cases.length; j++)
    sorted[fill[caseNode[j] as number]!++] = duration[cases[j] as number] as number;
  const out: Group[] = [];
  for (let node = 0; node < size; node++) {
    const start = counts[node] as number;
    const end = counts[node + 1] as number;
    if (end > start) out.push({ node, durations: sorted.subarray(start, end) });
  }
  return out;
}

/** Code-unit order of two texts (a stable, locale-free tie-break). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows of `view` over `cases`: all of them, or the first `top` (the count is of all). Most cases
 * first, ties by the sequence's text; texts and medians are made only for the rows returned (and the
 * rows tied with the last one).
 */
export function variantRows(
  data: EventCaseData,
  cases: Int32Array,
  view: VariantView,
  top: number | null = null,
): { count: number; rows: VariantRow[] } {
  const mapped = viewNodes(data, view);
  const all = groups(data, cases, mapped.node);
  all.sort((a, b) => b.durations.length - a.durations.length);
  const limit = top === null ? all.length : Math.min(top, all.length);
  // The rows that may make the cut: the first `limit`, and the ones tied on cases with the last of them.
  let end = limit;
  const last = all[limit - 1]?.durations.length;
  while (end < all.length && all[end]!.durations.length === last) end++;
  const texted = all.slice(0, end).map((group) => {
    const text = (label: number) => (label === ELLIPSIS ? '…' : data.variants.text(label));
    const sequence = mapped.sequence(group.node).map(text);
    return { group, sequence, key: sequence.join('\u0000') };
  });
  texted.sort((a, b) => b.group.durations.length - a.group.durations.length || byText(a.key, b.key));
  const rows = texted.slice(0, limit).map(({ group, sequence }) => {
    const durations = group.durations.sort();
    return {
      sequence,
      cases: durations.length,
      share: cases.length === 0 ? 0 : durations.length / cases.length,
      median_duration_h:
        durations.length === 0 ? null : quantileSorted(durations as unknown as number[], 0.5) / HOUR_MS,
    };
  });
  return { count: all.length, rows };
}

/**
 * Rework per activity over `cases`, most cases first (ties: more events, then the activity's text),
 * and the cases with any rework.
 */
export function reworkRows(data: EventCaseData, cases: Int32Array): { cases: number; activities: ReworkRow[] } {
  const trie = data.variants;
  const byNode = new Map<number, number>();
  for (let j = 0; j < cases.length; j++) {
    const node = trie.node[cases[j] as number] as number;
    byNode.set(node, (byNode.get(node) ?? 0) + 1);
  }
  const byLabel = new Map<number, { cases: number; events: number }>();
  let withRework = 0;
  const counts = new Map<number, number>();
  for (const [node, inCases] of byNode) {
    counts.clear();
    for (const label of trie.sequence(node)) counts.set(label, (counts.get(label) ?? 0) + 1);
    let any = false;
    for (const [label, count] of counts) {
      if (count < 2) continue;
      any = true;
      const entry = byLabel.get(label) ?? { cases: 0, events: 0 };
      entry.cases += inCases;
      entry.events += (count - 1) * inCases;
      byLabel.set(label, entry);
    }
    if (any) withRework += inCases;
  }
  const activities = [...byLabel.entries()]
    .map(([label, entry]) => ({ activity: trie.text(label), ...entry }))
    .sort((a, b) => b.cases - a.cases || b.events - a.events || byText(a.activity, b.activity));
  return { cases: withRework, activities };
}
