/**
 * The per-case fold of an event log: one event at a time, in the case's time order, through the
 * named steps of src/derive/events/ (status groups, resolution and reopens, status transitions,
 * replies, team and agent stations, distinct teams, variants, case duration, case attributes). The
 * state is typed arrays indexed by the ticket row; `build()` writes the ticket row and the event
 * data the metrics read (model/events.ts).
 */
import { byCase, grow } from '../../derive/events/arrays.js';
import { CaseAttributes, type AttributePolicy } from '../../derive/events/attributes.js';
import { DistinctValues } from '../../derive/events/distinct.js';
import { CaseDuration } from '../../derive/events/duration.js';
import { GROUP_CLOSED, type FoldEvent } from '../../derive/events/event.js';
import { Replies } from '../../derive/events/replies.js';
import { Resolution, type CancelledPolicy } from '../../derive/events/resolution.js';
import { Stations } from '../../derive/events/stations.js';
import { StatusGroups } from '../../derive/events/status.js';
import { Transitions } from '../../derive/events/transitions.js';
import { Variants } from '../../derive/events/variants.js';
import type { Dictionary } from '../../model/dictionary.js';
import type { EventCaseData, EventDefinitions } from '../../model/events.js';
import type { TicketRows } from '../../model/ticket.js';

/** `flags` bits of a case. */
/** The case's `created` instant is known for sure (streaming only; see `EventFolder`). */
const F_SETTLED = 1;
/** The case was folded again from its `created` activity: entries tagged with generation 0 are void. */
const F_RESET = 2;

export interface CaseFoldOptions {
  cancelled: CancelledPolicy;
  /** Case attributes folded per case (their table dimensions, in the order of `FoldEvent.attributes`). */
  attributes: readonly string[];
  attributePolicy: AttributePolicy;
  /** Label codes of the end activity (empty: none); the folder adds codes as it meets them. */
  endLabels: ReadonlySet<number>;
}

export class CaseFold {
  private capacity = 0;
  createdAt = new Float64Array(0);
  private kept = new Int32Array(0);
  private flags = new Uint8Array(0);
  private readonly status = new StatusGroups();
  private readonly resolution: Resolution;
  private readonly transitions = new Transitions();
  private readonly replies = new Replies();
  private readonly teams = new Stations();
  private readonly agents = new Stations();
  private readonly distinctTeams = new DistinctValues();
  private readonly variants = new Variants();
  private readonly duration: CaseDuration;
  private readonly attributes: CaseAttributes;

  constructor(private readonly options: CaseFoldOptions) {
    this.resolution = new Resolution(options.cancelled);
    this.duration = new CaseDuration(options.endLabels);
    this.attributes = new CaseAttributes(options.attributes.length, options.attributePolicy);
  }

  /** Makes room for rows up to `row` (doubling, at least). */
  reserve(row: number): void {
    this.ensure(row);
  }

  private ensure(row: number): void {
    if (row < this.capacity) return;
    const c = Math.max(1024, this.capacity * 2, row + 1);
    this.capacity = c;
    this.createdAt = grow(this.createdAt, c);
    this.kept = grow(this.kept, c);
    this.flags = grow(this.flags, c);
    for (const step of [
      this.status,
      this.resolution,
      this.transitions,
      this.replies,
      this.teams,
      this.agents,
      this.distinctTeams,
      this.variants,
      this.duration,
      this.attributes,
    ])
      step.grow(c);
  }

  /**
   * (Re)starts case `row` as created at `createdAt`, in group new. A restart (`reset`) voids what the
   * case's earlier events left in the pair and transition columns, through the generation bit.
   */
  begin(row: number, createdAt: number, settled = false, reset = false): void {
    this.ensure(row);
    this.createdAt[row] = createdAt;
    this.kept[row] = 0;
    this.flags[row] = (settled ? F_SETTLED : 0) | (reset ? F_RESET : 0);
    // Only a restarted case has slots to clear: the arrays of a new one are still zero.
    this.status.begin(row, createdAt, reset);
    this.resolution.begin(row, reset);
    this.transitions.begin(row, createdAt, reset);
    this.replies.begin(row, createdAt, reset);
    this.teams.begin(row, reset);
    this.agents.begin(row, reset);
    this.distinctTeams.begin(row, reset);
    this.variants.begin(row, reset);
    this.duration.begin(row, createdAt);
    this.attributes.begin(row, reset);
  }

  isSettled(row: number): boolean {
    return ((this.flags[row] as number) & F_SETTLED) !== 0;
  }

  settle(row: number): void {
    this.flags[row]! |= F_SETTLED;
  }

  /** Folds event `e` (not earlier than the case's creation nor its previous event) into case `i`. */
  apply(i: number, e: FoldEvent): void {
    this.kept[i]!++;
    e.tag = i * 2 + (((this.flags[i] as number) & F_RESET) !== 0 ? 1 : 0);
    const previous = this.status.apply(i, e);
    this.resolution.apply(i, e, previous);
    this.transitions.apply(i, e);
    this.replies.apply(i, e);
    this.teams.apply(i, e.team);
    this.distinctTeams.apply(i, e.team);
    this.agents.apply(i, e.agent);
    this.variants.apply(i, e.label);
    this.duration.apply(i, e.at, e.label);
    this.attributes.apply(i, e.attributes);
  }

  private live(row: number): number {
    return ((this.flags[row] as number) & F_RESET) !== 0 ? 1 : 0;
  }

  /**
   * Writes the fold of rows 0..n-1 into the table and returns the per-case event data. The state
   * arrays are handed over as views, not copied: the fold is over, and the end is where memory peaks.
   */
  build(table: TicketRows, labels: Dictionary, hasMessages: boolean, definitions: EventDefinitions): EventCaseData {
    const n = table.length;
    this.ensure(Math.max(0, n - 1));
    const { created, first_reply, first_solved, solved, closed, updated } = table.instants;
    const counts = table.counts;
    const statusCodes = table.dim('status')!.codes;
    const agentCodes = table.dim('agent')!.codes;
    let hasTeams = false;
    let hasAgents = false;
    let hasStatuses = false;
    const { status, resolution, replies, teams, agents, duration } = this;
    const teamHandoffs = new Int32Array(n);
    const agentHandoffs = new Int32Array(n);
    const durationMs = new Float64Array(n);
    const endAt = new Float64Array(n);
    const rework = new Uint8Array(n);
    const reworkOf = new Map<number, number>();
    const trie = this.variants.trie;
    const outboundOnly = new Uint8Array(n);
    const cancelled = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const group = status.group[i] as number;
      const createdAt = this.createdAt[i] as number;
      if ((teams.stations[i] as number) > 0) hasTeams = true;
      if ((agents.stations[i] as number) > 0) hasAgents = true;
      if (status.seen[i] === 1) hasStatuses = true;
      teamHandoffs[i] = teams.handoffs(i);
      agentHandoffs[i] = agents.handoffs(i);
      durationMs[i] = (duration.lastAt[i] as number) - createdAt;
      endAt[i] = duration.endAt[i] as number;
      const node = this.variants.node[i] as number;
      let repeats = reworkOf.get(node);
      if (repeats === undefined) {
        const labels = trie.sequence(node);
        reworkOf.set(node, (repeats = new Set(labels).size !== labels.length ? 1 : 0));
      }
      rework[i] = repeats;
      outboundOnly[i] = replies.outboundOnly(i) ? 1 : 0;
      cancelled[i] = resolution.cancelled[i] as number;
      created[i] = createdAt;
      updated[i] = duration.lastAt[i] as number;
      first_reply[i] = replies.firstReplyOf(i);
      first_solved[i] = resolution.firstResolved[i] as number;
      // A case that ends in an open state is open, whatever it went through before.
      const resolved = resolution.endsResolved(i, group);
      solved[i] = resolved ? (resolution.lastSolved[i] as number) : NaN;
      closed[i] = resolved && group === GROUP_CLOSED ? (resolution.closedAt[i] as number) : NaN;
      counts.reopens[i] = resolution.reopens[i] as number;
      counts.agent_replies[i] = replies.agentReplies[i] as number;
      counts.customer_messages[i] = replies.customerMessages[i] as number;
      counts.assignee_stations[i] = agents.stations[i] as number;
      counts.group_stations[i] = teams.stations[i] as number;
      statusCodes[i] = this.transitions.status[i] as number;
      agentCodes[i] = agents.last[i] as number;
    }
    this.options.attributes.forEach((name, a) => {
      const column = table.dim(name);
      const codes = this.attributes.codes[a] as Uint32Array;
      if (column) for (let i = 0; i < n; i++) column.codes[i] = codes[i] as number;
    });
    const live = (row: number) => this.live(row);
    const replyPairs = byCase(n, this.replies.pairTag.view(), [this.replies.pairMs.view()], live);
    const t = this.transitions;
    const transitions = byCase(n, t.tag.view(), [t.from.view(), t.to.view(), t.spentMs.view()], live);
    return {
      events: this.kept.subarray(0, n),
      groupMs: status.groupMs.map((column) => column.subarray(0, n)),
      visited: status.visited.subarray(0, n),
      currentGroup: status.group.subarray(0, n),
      currentSince: status.since.subarray(0, n),
      nextReplyMs: { offsets: replyPairs.offsets, values: replyPairs.columns[0] as Float64Array },
      columns: {
        'case.events': { data: this.kept.subarray(0, n), missing: 'none' },
        'case.handoffs': { data: teamHandoffs, missing: 'none' },
        'case.agent_handoffs': { data: agentHandoffs, missing: 'none' },
        'case.distinct_teams': { data: this.distinctTeams.count.subarray(0, n), missing: 'none' },
        'case.ping_pong': { data: teams.pingPong.subarray(0, n), missing: 'none' },
        'case.agent_ping_pong': { data: agents.pingPong.subarray(0, n), missing: 'none' },
        'case.duration_ms': { data: durationMs, missing: 'nan' },
        'case.end_at': { data: endAt, missing: 'nan' },
        'case.rework': { data: rework, missing: 'none' },
        'case.outbound_only': { data: outboundOnly, missing: 'none' },
        'case.cancelled': { data: cancelled, missing: 'none' },
      },
      variants: {
        node: this.variants.node.subarray(0, n),
        size: trie.size,
        parent: (node) => trie.parent(node),
        label: (node) => trie.label(node),
        sequence: (node) => trie.sequence(node),
        text: (label) => labels.value(label) ?? '',
      },
      transitions: {
        offsets: transitions.offsets,
        from: transitions.columns[0] as Uint32Array,
        to: transitions.columns[1] as Uint32Array,
        durationMs: transitions.columns[2] as Float64Array,
      },
      hasTeams,
      hasAgents,
      hasStatuses,
      hasMessages,
      definitions,
    };
  }
}
