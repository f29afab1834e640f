/**
 * What an event log leaves behind per case, beside the ticket row it fills: the accumulators the
 * event-only metrics need, in typed arrays indexed by the ticket row (never one object per event).
 * Built by `src/ingest/events.ts`, attached to `TicketTable.events`, read by `src/metrics/events/*`.
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
  /** Team changes between consecutive events that name a team. */
  handoffs: Int32Array;
  /** Distinct teams named by the case's events (0 when none). */
  distinctTeams: Int32Array;
  /** 1 when work went A -> B -> A between teams or between agents. */
  pingPong: Uint8Array;
  /** Node of the case's path (activity sequence) in `paths`. */
  pathNode: Int32Array;
  /** Path trie: node -> its steps (activity labels), shared prefixes stored once. */
  pathSteps: (node: number) => string[];
  /** Longest path kept; longer paths end with `…`. */
  pathMaxSteps: number;
  /** Last event time minus creation, ms. */
  spanMs: Float64Array;
  transitions: TransitionList;
  /** Whether any event carried a team / an agent (the team/agent metrics are unavailable otherwise). */
  hasTeams: boolean;
  hasAgents: boolean;
  hasStatuses: boolean;
  hasMessages: boolean;
}
