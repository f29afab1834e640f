/**
 * What an event log leaves behind per case, beside the ticket row it fills: the accumulators the
 * event-only metrics need, in typed arrays indexed by the ticket row (never one object per event).
 * Built by `src/ingest/events/case-fold.ts` from the steps in `src/derive/events/`, attached to
 * `TicketTable.events`, read by `src/metrics/events/*`.
 */

/** Status groups an event's status (or status-like activity) falls into, through the vocabulary. */
export const STATUS_GROUPS = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

/** Index of each group in the per-group arrays; 0 is "no status yet". */
export const GROUP_INDEX: Readonly<Record<StatusGroup, number>> = {
  new: 1,
  open: 2,
  pending: 3,
  on_hold: 4,
  solved: 5,
  closed: 6,
};

/** A list of values per case, stored flat: values of case `i` are `values[offsets[i] .. offsets[i+1])`. */
export interface PerCaseList {
  offsets: Int32Array;
  values: Float64Array;
}

/** Status transitions of all cases, flat and grouped by case (see `offsets`). */
export interface TransitionList {
  offsets: Int32Array;
  /** Raw status codes in `statuses` (the table's `status` dictionary). */
  from: Uint32Array;
  to: Uint32Array;
  /** Time spent in `from` before moving to `to`, ms. */
  durationMs: Float64Array;
}

/** A per-case value metrics read by name (`case.*`), as the engine's compiled rules read columns. */
export interface CaseColumn {
  readonly data: Float64Array | Int32Array | Uint8Array;
  /** `nan`: NaN is missing; `none`: never missing. */
  readonly missing: 'nan' | 'none';
}

/**
 * The activity sequences (variants) of the cases: a trie of label codes, node 0 the empty sequence,
 * every node made after its parent (so node order is a walk from the root).
 */
export interface VariantTrie {
  /** Node of each case's full sequence. */
  readonly node: Int32Array;
  /** Nodes in the trie. */
  readonly size: number;
  parent(node: number): number;
  label(node: number): number;
  /** The labels of a node's sequence, first to last, as codes. */
  sequence(node: number): number[];
  /** The text of a label code. */
  text(label: number): string;
}

/** How the log was read, stated in the report (`definitions.events`). */
export interface EventDefinitions {
  /** Event field -> the column that fed it and whether it was mapped or picked from the column names. */
  columns: Record<string, { column: string; how: 'mapped' | 'auto' }>;
  /** Case attributes from the first or the last event with a value. */
  case_attributes: 'first' | 'last';
  /** What a cancellation means. */
  cancelled: 'closed' | 'unresolved';
  /** The end activity of `case_duration_to_end`, or null. */
  case_end: string | null;
  /** Bottleneck transitions seen in fewer cases are left out. */
  bottleneck_min_cases: number;
  /** Variants count consecutive repeats of an activity once. */
  variants_collapse_repeats: boolean;
}

export interface EventCaseData {
  /** Events folded into each case (rejected events excluded). */
  events: Int32Array;
  /** Completed time per status group, ms: `groupMs[g][case]` for g = 1..6 (index 0 unused). */
  groupMs: Float64Array[];
  /** Bit `g` set when the case was ever in group g (initial implicit `new` included). */
  visited: Uint8Array;
  /** Status group the case is in at the end of the log (1..6) and since when (epoch ms). */
  currentGroup: Uint8Array;
  currentSince: Float64Array;
  /** Customer message -> next public agent reply, ms, per case. */
  nextReplyMs: PerCaseList;
  /**
   * Per-case values by name, which metric rules read like ticket fields: `case.events`,
   * `case.handoffs` (team changes), `case.agent_handoffs`, `case.distinct_teams`, `case.ping_pong`
   * (between teams), `case.agent_ping_pong`, `case.duration_ms` (last event minus first),
   * `case.end_at` (time of the last end activity, NaN without one), `case.rework` (1 when an activity
   * repeats), `case.outbound_only`, `case.cancelled`.
   */
  columns: Readonly<Record<string, CaseColumn>>;
  variants: VariantTrie;
  transitions: TransitionList;
  /** Whether any event carried a team / an agent / a status / a message told apart as agent or customer. */
  hasTeams: boolean;
  hasAgents: boolean;
  hasStatuses: boolean;
  hasMessages: boolean;
  definitions: EventDefinitions;
}
