/**
 * Variants and rework of an event log (docs/events.md): read off each case's full activity sequence
 * (derive/events/variants.ts), over a set of cases (the report window's).
 *
 * - A **variant** is a distinct activity sequence, every event in time order, repeats kept and nothing
 *   cut (pm4py `get_variants`); with `collapseRepeats`, consecutive repeats of an activity count once
 *   (pm4py `max_repetitions=1`). Per variant: cases, share of the cases, median case duration (last
 *   event minus first; linear interpolation, where pm4py's `get_median_case_duration` takes the upper
 *   middle value). Most cases first, ties by the sequence's text.
 * - **Rework** (pm4py `get_rework_cases_per_activity`): per activity, the cases in which it occurs more
 *   than once, and the events beyond its first occurrence in those cases; a case has rework when any
 *   activity occurs more than once.
 */
import { quantileSorted } from 'simple-statistics';
import type { EventCaseData } from '../../model/events.js';

const HOUR_MS = 3_600_000;

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

/** The cases of `cases` by the node of their full sequence, with their durations (ms). */
export function casesByVariant(data: EventCaseData, cases: Int32Array): Map<number, number[]> {
  const duration = data.columns['case.duration_ms']!.data;
  const byNode = new Map<number, number[]>();
  for (let j = 0; j < cases.length; j++) {
    const t = cases[j] as number;
    const node = data.variants.node[t] as number;
    let list = byNode.get(node);
    if (list === undefined) byNode.set(node, (list = []));
    list.push(duration[t] as number);
  }
  return byNode;
}

/** A sequence with consecutive repeats counted once. @example collapseRepeats([1, 1, 2, 1]) // [1, 2, 1] */
export function collapseRepeats(labels: readonly number[]): number[] {
  return labels.filter((label, k) => k === 0 || label !== labels[k - 1]);
}

function medianHours(durations: number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = Float64Array.from(durations).sort();
  return quantileSorted(sorted as unknown as number[], 0.5) / HOUR_MS;
}

/** Code-unit order of two texts (a stable, locale-free tie-break). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The variants over `byNode` (see `casesByVariant`), each sequence mapped by `view` (identity: the
 * full sequence) and merged when views agree; most cases first, ties by text.
 */
export function variantRows(
  data: EventCaseData,
  byNode: ReadonlyMap<number, number[]>,
  total: number,
  view: (labels: number[]) => number[] = (labels) => labels,
): VariantRow[] {
  const merged = new Map<string, { labels: number[]; durations: number[] }>();
  for (const [node, durations] of byNode) {
    const labels = view(data.variants.sequence(node));
    const key = labels.join(',');
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, { labels, durations: [...durations] });
    else for (const d of durations) entry.durations.push(d);
  }
  const rows = [...merged.values()].map(({ labels, durations }) => {
    const sequence = labels.map((label) => (label < 0 ? '…' : data.variants.text(label)));
    return { key: sequence.join('\u0000'), sequence, durations };
  });
  rows.sort((a, b) => b.durations.length - a.durations.length || byText(a.key, b.key));
  return rows.map(({ sequence, durations }) => ({
    sequence,
    cases: durations.length,
    share: total === 0 ? 0 : durations.length / total,
    median_duration_h: medianHours(durations),
  }));
}

/** Whether a sequence repeats an activity. */
export function hasRework(labels: readonly number[]): boolean {
  return new Set(labels).size !== labels.length;
}

/**
 * Rework per activity over `byNode`, most cases first (ties: more events, then the activity's text),
 * and the cases with any rework.
 */
export function reworkRows(
  data: EventCaseData,
  byNode: ReadonlyMap<number, number[]>,
): { cases: number; activities: ReworkRow[] } {
  const byLabel = new Map<number, { cases: number; events: number }>();
  let cases = 0;
  for (const [node, durations] of byNode) {
    const counts = new Map<number, number>();
    for (const label of data.variants.sequence(node)) counts.set(label, (counts.get(label) ?? 0) + 1);
    let any = false;
    for (const [label, count] of counts) {
      if (count < 2) continue;
      any = true;
      const entry = byLabel.get(label) ?? { cases: 0, events: 0 };
      entry.cases += durations.length;
      entry.events += (count - 1) * durations.length;
      byLabel.set(label, entry);
    }
    if (any) cases += durations.length;
  }
  const activities = [...byLabel.entries()]
    .map(([label, entry]) => ({ activity: data.variants.text(label), ...entry }))
    .sort((a, b) => b.cases - a.cases || b.events - a.events || a.activity.localeCompare(b.activity, 'en'));
  return { cases, activities };
}
