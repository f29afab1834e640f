/**
 * Event logs -> ticket rows. Each event file is read once. With one file (the common case) each row
 * is folded into its case's state as it arrives: the state is a few numbers per case in typed arrays,
 * plus the values exact percentiles need (next-reply pairs, status transitions); no event is kept.
 * Several files (Zendesk comments + field history) must be merged by time, so then every event is
 * kept as a few numbers in typed-array columns (about 45 bytes, no object per event) and `finish()`
 * orders each case's events by timestamp (ties keep input order: file order, files in the order
 * given) before the same fold. Both paths fill the case's ticket row (created, first reply, solved,
 * reopens, replies, stations...) and the per-case accumulators of `TicketTable.events`.
 * Definitions: docs/events.md.
 */
import { compileDateParser } from '../calendar/date-format.js';
import { isIsoLike } from '../calendar/iso.js';
import { suggestDateFormat } from './dates.js';
import {
  CUSTOMER_ROLES,
  GROUP_OF_MEANING,
  NOT_PUBLIC,
  vocabularyKey,
  type EventMeaning,
  type Vocabulary,
} from './events-vocabulary.js';
import { truncateValue, type IssueSink, type RowIssue, type RowIssueCode } from './issues.js';
import { nullTest } from './values.js';
import { CASE_ATTRIBUTES, EVENT_FIELDS, type EventField, type EventProfile } from './profiles/types.js';
import { headerIndex, headerKey } from './profiles/index.js';
import { usageError } from '../errors.js';
import { GROUP_INDEX, STATUS_GROUPS, type EventCaseData } from '../model/events.js';
import { Dictionary } from '../model/dictionary.js';
import type { TicketRows } from '../model/ticket.js';

/** Options of one event file. */
export interface EventFileOptions {
  /** File name for issues (`-` for stdin). */
  file: string;
  profile: EventProfile;
  /** Event field -> column header, overriding the profile's candidates. */
  map: Readonly<Record<string, string>>;
  inputTimezone: string;
  dateFormat?: string;
  nullTokens: readonly string[];
  onIssue: IssueSink;
}

export interface EventFolderOptions {
  vocabulary: Vocabulary;
  /** Steps kept per path before it ends with `…` (default 8). */
  pathMaxSteps?: number;
  /**
   * `stream` folds each row as it is read (one file only: a second `file()` throws); `buffer` keeps
   * every event until `finish()` to merge several files by time. Unset: stream, unless a second file
   * comes before any row was read (then buffer). `readEventFiles` buffers only for several files.
   */
  mode?: 'stream' | 'buffer';
  /**
   * Events of a case may come in any order (API exports are often unsorted): keep them and fold each
   * case in time order (ties keep file order) instead of rejecting a backwards event. Implies `buffer`.
   */
  sort?: boolean;
}

/** Row accounting of the event input: read = cases + folded + rejected. */
export interface EventAccounting {
  /** Events folded into cases (rejected ones excluded). */
  events: number;
  cases: number;
  /** Rows that did not start a case: later events of a case, and field-history rows of ignored fields. */
  folded: number;
  rejected: number;
}

/** Message kinds of an event. */
const MSG_NONE = 0;
const MSG_AGENT = 1;
const MSG_NOTE = 2;
const MSG_CUSTOMER = 3;

const MEANING_CODE = new Map<EventMeaning, number>();
const MEANINGS: EventMeaning[] = [];
function meaningCode(meaning: EventMeaning): number {
  let code = MEANING_CODE.get(meaning);
  if (code === undefined) {
    MEANINGS.push(meaning);
    code = MEANINGS.length;
    MEANING_CODE.set(meaning, code);
  }
  return code;
}
const CREATED = meaningCode('created');
const GROUP_CODE_SOLVED = GROUP_INDEX.solved;
const GROUP_CODE_CLOSED = GROUP_INDEX.closed;
const ELLIPSIS = -1;

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
function grow<T extends Typed>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Appends numbers to a typed array that doubles when full. */
class Column<T extends Typed> {
  length = 0;
  constructor(public data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, this.data.length * 2);
    this.data[this.length++] = value;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Resolves each event field to a column of the header. */
function planEventColumns(
  header: readonly string[],
  profile: EventProfile,
  map: Readonly<Record<string, string>>,
): Partial<Record<EventField, number>> {
  const index = headerIndex(header);
  const plan: Partial<Record<EventField, number>> = {};
  for (const [field, candidates] of Object.entries(profile.columns) as [EventField, readonly string[]][]) {
    if (field in map) continue;
    const column = candidates.map((c) => index.get(c.toLowerCase())).find((i) => i !== undefined);
    if (column !== undefined) plan[field] = column;
  }
  for (const [field, name] of Object.entries(map)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(field)) {
      throw usageError('bad_mapping', `"${field}" is not an event field`, {
        where: `--map ${field}=…`,
        hint: `Event fields: ${EVENT_FIELDS.join(', ')} (docs/events.md).`,
      });
    }
    const column = index.get(headerKey(name));
    if (column === undefined) {
      throw usageError(
        'mapped_column_missing',
        `the mapping ${field}=${name} names a column that is not in the header`,
        {
          where: `--map ${field}=${name}`,
          hint: `Columns in this file: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`,
        },
      );
    }
    plan[field as EventField] = column;
  }
  const missing = (['case', 'timestamp'] as const).filter((f) => plan[f] === undefined);
  if (missing.length > 0) {
    throw usageError('event_mapping_missing', `no column gives the event ${missing.join(' and ')}`, {
      hint:
        `Map it with --map ${missing.map((f) => `${f}="<column>"`).join(',')} or ` +
        `under events.map in the config. Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  if (
    plan.activity === undefined &&
    plan.status === undefined &&
    profile.activity === undefined &&
    profile.pivot === undefined
  ) {
    throw usageError('event_mapping_missing', 'no column gives the activity or the status of an event', {
      hint:
        `Map one with --map activity="<column>" or --map ` +
        `status="<column>". Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  return plan;
}

/**
 * Linked lists of numbers in one pool of typed arrays (node = `width` Float64 slots + a next link),
 * with a free list. Per-case lists whose length is not bounded (customer messages awaiting a reply,
 * distinct teams, the pending rows of a case not yet known to be created) live here, so that no case
 * and no event costs a JS object.
 */
class Pool {
  private values: Float64Array;
  private links: Int32Array;
  private used = 0;
  private freeHead = -1;

  constructor(private readonly width: number) {
    this.values = new Float64Array(256 * width);
    this.links = new Int32Array(256);
  }

  /** A new node holding `values`, linked after `tail` (when >= 0); returns it. */
  append(tail: number, ...values: number[]): number {
    let node = this.freeHead;
    if (node >= 0) this.freeHead = this.links[node] as number;
    else {
      if (this.used === this.links.length) {
        this.links = grow(this.links, this.links.length * 2);
        this.values = grow(this.values, this.values.length * 2);
      }
      node = this.used++;
    }
    for (let k = 0; k < this.width; k++) this.values[node * this.width + k] = values[k] ?? 0;
    this.links[node] = -1;
    if (tail >= 0) this.links[tail] = node;
    return node;
  }

  /** A new node holding `value`, linked before `head` (may be -1); returns it (the new head). */
  prepend(head: number, value: number): number {
    const node = this.append(-1, value);
    this.links[node] = head;
    return node;
  }

  value(node: number, slot = 0): number {
    return this.values[node * this.width + slot] as number;
  }

  next(node: number): number {
    return this.links[node] as number;
  }

  /** Returns the list starting at `head` to the free list. */
  release(head: number): void {
    let node = head;
    while (node >= 0) {
      const next = this.links[node] as number;
      this.links[node] = this.freeHead;
      this.freeHead = node;
      node = next;
    }
  }
}

/** `flags` bits of a case. */
const F_STATUS_SEEN = 1;
const F_HAD_STATUS = 2;
const F_PONG = 4;
/** The case's `created` instant is known for sure (streaming only; see `EventFolder.stream`). */
const F_SETTLED = 8;
/** The case was folded again from its `created` activity: entries tagged with generation 0 are void. */
const F_RESET = 16;

/**
 * The per-case fold state, in typed arrays indexed by the ticket row: everything the ticket row and
 * the event metrics need, updated one event at a time (`apply`) in the case's time order. Both paths
 * use it: the buffered one after sorting all events, the streaming one as rows arrive. Values that
 * exact percentiles need (next-reply pairs, transitions) are appended to flat columns tagged with the
 * case, and grouped by case in `build()`.
 */
class CaseFold {
  private capacity = 0;
  createdAt = new Float64Array(0);
  private lastAt = new Float64Array(0);
  private kept = new Int32Array(0);
  private group = new Uint8Array(0);
  private groupSince = new Float64Array(0);
  private rawStatus = new Uint32Array(0);
  private rawSince = new Float64Array(0);
  private flags = new Uint8Array(0);
  private seen = new Uint8Array(0);
  private firstReply = new Float64Array(0);
  private firstSolved = new Float64Array(0);
  private lastSolved = new Float64Array(0);
  private closedAt = new Float64Array(0);
  private reopens = new Int32Array(0);
  private agentReplies = new Int32Array(0);
  private customerMessages = new Int32Array(0);
  private lastTeam = new Uint32Array(0);
  private previousTeam = new Uint32Array(0);
  private teamStations = new Int32Array(0);
  private lastAgent = new Uint32Array(0);
  private previousAgent = new Uint32Array(0);
  private agentStations = new Int32Array(0);
  private node = new Int32Array(0);
  private steps = new Int32Array(0);
  private lastLabel = new Uint32Array(0);
  private teamsHead = new Int32Array(0);
  private distinctTeams = new Int32Array(0);
  private unansweredHead = new Int32Array(0);
  private unansweredTail = new Int32Array(0);
  private groupMs: Float64Array[] = [];
  private readonly lists = new Pool(1);
  /** Next-reply pairs and transitions: the case as `row * 2 + generation` (see F_RESET), then values. */
  private readonly replyCase = new Column(new Uint32Array(1024));
  private readonly replyMs = new Column(new Float64Array(1024));
  private readonly transitionCase = new Column(new Uint32Array(1024));
  private readonly from = new Column(new Uint32Array(1024));
  private readonly to = new Column(new Uint32Array(1024));
  private readonly spent = new Column(new Float64Array(1024));
  /** Path trie shared by all cases: node 0 is the empty path. */
  private readonly nodeParent: number[] = [-1];
  private readonly nodeLabel: number[] = [0];
  private readonly children = new Map<string, number>();

  constructor(private readonly maxSteps: number) {}

  private ensure(row: number): void {
    if (row < this.capacity) return;
    const c = Math.max(1024, this.capacity * 2, row + 1);
    this.capacity = c;
    this.createdAt = grow(this.createdAt, c);
    this.lastAt = grow(this.lastAt, c);
    this.kept = grow(this.kept, c);
    this.group = grow(this.group, c);
    this.groupSince = grow(this.groupSince, c);
    this.rawStatus = grow(this.rawStatus, c);
    this.rawSince = grow(this.rawSince, c);
    this.flags = grow(this.flags, c);
    this.seen = grow(this.seen, c);
    this.firstReply = grow(this.firstReply, c);
    this.firstSolved = grow(this.firstSolved, c);
    this.lastSolved = grow(this.lastSolved, c);
    this.closedAt = grow(this.closedAt, c);
    this.reopens = grow(this.reopens, c);
    this.agentReplies = grow(this.agentReplies, c);
    this.customerMessages = grow(this.customerMessages, c);
    this.lastTeam = grow(this.lastTeam, c);
    this.previousTeam = grow(this.previousTeam, c);
    this.teamStations = grow(this.teamStations, c);
    this.lastAgent = grow(this.lastAgent, c);
    this.previousAgent = grow(this.previousAgent, c);
    this.agentStations = grow(this.agentStations, c);
    this.node = grow(this.node, c);
    this.steps = grow(this.steps, c);
    this.lastLabel = grow(this.lastLabel, c);
    this.teamsHead = grow(this.teamsHead, c);
    this.distinctTeams = grow(this.distinctTeams, c);
    this.unansweredHead = grow(this.unansweredHead, c);
    this.unansweredTail = grow(this.unansweredTail, c);
    const groups = STATUS_GROUPS.length + 1;
    this.groupMs = Array.from({ length: groups }, (_, g) => grow(this.groupMs[g] ?? new Float64Array(0), c));
  }

  /**
   * (Re)starts case `row` as created at `createdAt`, in group new. A restart (`reset`) voids what the
   * case's earlier events left in the pair and transition columns, through the generation bit.
   */
  begin(row: number, createdAt: number, flags = 0, reset = false): void {
    this.ensure(row);
    if (reset) {
      this.lists.release(this.teamsHead[row] as number);
      this.lists.release(this.unansweredHead[row] as number);
    }
    this.createdAt[row] = createdAt;
    this.lastAt[row] = createdAt;
    this.kept[row] = 0;
    this.group[row] = GROUP_INDEX.new;
    this.groupSince[row] = createdAt;
    this.rawStatus[row] = 0;
    this.rawSince[row] = createdAt;
    this.flags[row] = flags | (reset ? F_RESET : 0);
    this.seen[row] = 1 << GROUP_INDEX.new;
    this.firstReply[row] = NaN;
    this.firstSolved[row] = NaN;
    this.lastSolved[row] = NaN;
    this.closedAt[row] = NaN;
    this.reopens[row] = 0;
    this.agentReplies[row] = 0;
    this.customerMessages[row] = 0;
    this.lastTeam[row] = 0;
    this.previousTeam[row] = 0;
    this.teamStations[row] = 0;
    this.lastAgent[row] = 0;
    this.previousAgent[row] = 0;
    this.agentStations[row] = 0;
    this.node[row] = 0;
    this.steps[row] = 0;
    this.lastLabel[row] = 0;
    this.teamsHead[row] = -1;
    this.distinctTeams[row] = 0;
    this.unansweredHead[row] = -1;
    this.unansweredTail[row] = -1;
    for (const column of this.groupMs) column[row] = 0;
  }

  isSettled(row: number): boolean {
    return ((this.flags[row] as number) & F_SETTLED) !== 0;
  }

  settle(row: number): void {
    this.flags[row]! |= F_SETTLED;
  }

  eventsOf(row: number): number {
    return this.kept[row] as number;
  }

  private child(node: number, label: number): number {
    const key = `${node}:${label}`;
    let next = this.children.get(key);
    if (next === undefined) {
      next = this.nodeParent.length;
      this.nodeParent.push(node);
      this.nodeLabel.push(label);
      this.children.set(key, next);
    }
    return next;
  }

  /** Folds one kept event (not earlier than the case's creation) into case `i`. */
  apply(i: number, t: number, g: number, raw: number, agent: number, team: number, msg: number, label: number): void {
    this.kept[i]!++;
    this.lastAt[i] = t;
    const tag = i * 2 + (((this.flags[i] as number) & F_RESET) !== 0 ? 1 : 0);
    const lists = this.lists;
    if (msg === MSG_AGENT) {
      this.agentReplies[i]!++;
      if (Number.isNaN(this.firstReply[i] as number)) this.firstReply[i] = t;
      const head = this.unansweredHead[i] as number;
      for (let node = head; node >= 0; node = lists.next(node)) {
        this.replyCase.push(tag);
        this.replyMs.push(t - lists.value(node));
      }
      lists.release(head);
      this.unansweredHead[i] = -1;
      this.unansweredTail[i] = -1;
    } else if (msg === MSG_CUSTOMER) {
      this.customerMessages[i]!++;
      const node = lists.append(this.unansweredTail[i] as number, t);
      if ((this.unansweredHead[i] as number) < 0) this.unansweredHead[i] = node;
      this.unansweredTail[i] = node;
    }
    if (g !== 0) {
      const flags = this.flags[i] as number;
      const group = this.group[i] as number;
      const rawStatus = this.rawStatus[i] as number;
      if ((flags & F_STATUS_SEEN) === 0 && t === this.createdAt[i]) {
        // The status the case was created in: no transition from the implicit `new`. A case created
        // solved or closed (a ticket opened and answered at once) is resolved at creation.
        this.seen[i] = ((this.seen[i] as number) & ~(1 << group)) | (1 << g);
        this.group[i] = g;
        if (g === GROUP_CODE_SOLVED) {
          this.firstSolved[i] = t;
          this.lastSolved[i] = t;
        }
        if (g === GROUP_CODE_CLOSED) this.closedAt[i] = t;
      } else {
        if (g !== group) {
          this.groupMs[group]![i]! += t - (this.groupSince[i] as number);
          const wasResolved = group === GROUP_CODE_SOLVED || group === GROUP_CODE_CLOSED;
          if (wasResolved && g !== GROUP_CODE_SOLVED && g !== GROUP_CODE_CLOSED) {
            this.reopens[i]!++;
            this.lastSolved[i] = NaN;
            this.closedAt[i] = NaN;
          }
          if (g === GROUP_CODE_SOLVED) {
            if (Number.isNaN(this.firstSolved[i] as number)) this.firstSolved[i] = t;
            this.lastSolved[i] = t;
          }
          if (g === GROUP_CODE_CLOSED) this.closedAt[i] = t;
          this.group[i] = g;
          this.groupSince[i] = t;
          this.seen[i]! |= 1 << g;
        }
        if (raw !== rawStatus && rawStatus !== 0) {
          this.transitionCase.push(tag);
          this.from.push(rawStatus);
          this.to.push(raw);
          this.spent.push(t - (this.rawSince[i] as number));
        }
      }
      if (raw !== rawStatus) {
        this.rawStatus[i] = raw;
        this.rawSince[i] = t;
      }
      this.flags[i] = flags | F_STATUS_SEEN | F_HAD_STATUS;
    }
    if (team !== 0) {
      const lastTeam = this.lastTeam[i] as number;
      if (team !== lastTeam) {
        let known = false;
        for (let node = this.teamsHead[i] as number; node >= 0 && !known; node = lists.next(node))
          known = lists.value(node) === team;
        if (!known) {
          // Prepended: the set's order does not matter, and no tail pointer is needed.
          this.teamsHead[i] = lists.prepend(this.teamsHead[i] as number, team);
          this.distinctTeams[i]!++;
        }
        if (team === this.previousTeam[i] && lastTeam !== 0) this.flags[i]! |= F_PONG;
        this.previousTeam[i] = lastTeam;
        this.lastTeam[i] = team;
        this.teamStations[i]!++;
      }
    }
    if (agent !== 0) {
      const lastAgent = this.lastAgent[i] as number;
      if (agent !== lastAgent) {
        if (agent === this.previousAgent[i] && lastAgent !== 0) this.flags[i]! |= F_PONG;
        this.previousAgent[i] = lastAgent;
        this.lastAgent[i] = agent;
        this.agentStations[i]!++;
      }
    }
    if (label !== 0 && label !== this.lastLabel[i]) {
      const steps = this.steps[i] as number;
      if (steps < this.maxSteps) this.node[i] = this.child(this.node[i] as number, label);
      else if (steps === this.maxSteps) this.node[i] = this.child(this.node[i] as number, ELLIPSIS);
      this.steps[i] = steps + 1;
      this.lastLabel[i] = label;
    }
  }

  /**
   * Writes the fold of rows 0..n-1 into the table and returns the per-case event data. The state
   * arrays are handed over as views, not copied: the fold is over, and the end is where memory peaks.
   */
  build(table: TicketRows, labels: Dictionary, hasMessages: boolean): EventCaseData {
    const n = table.length;
    this.ensure(Math.max(0, n - 1));
    const { created, first_reply, first_solved, solved, closed, updated } = table.instants;
    const counts = table.counts;
    const statusCodes = table.dim('status')!.codes;
    const agentCodes = table.dim('agent')!.codes;
    const teamCodes = table.dim('team')!.codes;
    let hasTeams = false;
    let hasAgents = false;
    let hasStatuses = false;
    const handoffs = new Int32Array(n);
    const pingPong = new Uint8Array(n);
    const spanMs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const group = this.group[i] as number;
      const flags = this.flags[i] as number;
      const teamStations = this.teamStations[i] as number;
      const agentStations = this.agentStations[i] as number;
      if (teamStations > 0) hasTeams = true;
      if (agentStations > 0) hasAgents = true;
      if ((flags & F_HAD_STATUS) !== 0) hasStatuses = true;
      handoffs[i] = Math.max(0, teamStations - 1);
      pingPong[i] = (flags & F_PONG) !== 0 ? 1 : 0;
      spanMs[i] = (this.lastAt[i] as number) - (this.createdAt[i] as number);
      created[i] = this.createdAt[i] as number;
      updated[i] = this.lastAt[i] as number;
      first_reply[i] = this.firstReply[i] as number;
      first_solved[i] = this.firstSolved[i] as number;
      // A case that ends in an open state is open, whatever it went through before.
      solved[i] = group === GROUP_CODE_SOLVED || group === GROUP_CODE_CLOSED ? (this.lastSolved[i] as number) : NaN;
      closed[i] = group === GROUP_CODE_CLOSED ? (this.closedAt[i] as number) : NaN;
      counts.reopens[i] = this.reopens[i] as number;
      counts.agent_replies[i] = this.agentReplies[i] as number;
      counts.customer_messages[i] = this.customerMessages[i] as number;
      counts.assignee_stations[i] = agentStations;
      counts.group_stations[i] = teamStations;
      statusCodes[i] = this.rawStatus[i] as number;
      agentCodes[i] = this.lastAgent[i] as number;
      teamCodes[i] = this.lastTeam[i] as number;
    }
    const replies = this.byCase(n, this.replyCase.view(), [this.replyMs.view()]);
    const transitions = this.byCase(n, this.transitionCase.view(), [
      this.from.view(),
      this.to.view(),
      this.spent.view(),
    ]);
    const nodeParent = this.nodeParent;
    const nodeLabel = this.nodeLabel;
    const pathSteps = (node: number): string[] => {
      const steps: string[] = [];
      for (let at = node; at > 0; at = nodeParent[at] as number) {
        const label = nodeLabel[at] as number;
        steps.push(label === ELLIPSIS ? '…' : (labels.value(label) ?? ''));
      }
      return steps.reverse();
    };
    return {
      events: this.kept.subarray(0, n),
      groupMs: this.groupMs.map((column) => column.subarray(0, n)),
      visited: this.seen.subarray(0, n),
      currentGroup: this.group.subarray(0, n),
      currentSince: this.groupSince.subarray(0, n),
      nextReplyMs: { offsets: replies.offsets, values: replies.columns[0] as Float64Array },
      handoffs,
      distinctTeams: this.distinctTeams.subarray(0, n),
      pingPong,
      pathNode: this.node.subarray(0, n),
      pathSteps,
      pathMaxSteps: this.maxSteps,
      spanMs,
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
    };
  }

  /**
   * Groups tagged entries by case (stable: a case's entries keep their fold order), dropping the
   * entries of a case's voided generation.
   */
  private byCase<T extends Typed>(n: number, tags: Uint32Array, columns: T[]): { offsets: Int32Array; columns: T[] } {
    const live = (tag: number): boolean => {
      const row = tag >>> 1;
      return (tag & 1) === (((this.flags[row] as number) & F_RESET) !== 0 ? 1 : 0);
    };
    const offsets = new Int32Array(n + 1);
    for (let k = 0; k < tags.length; k++) {
      const tag = tags[k] as number;
      if (live(tag)) offsets[(tag >>> 1) + 1]!++;
    }
    for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, n);
    const out = columns.map((column) => new (column.constructor as new (n: number) => T)(offsets[n] as number));
    for (let k = 0; k < tags.length; k++) {
      const tag = tags[k] as number;
      if (!live(tag)) continue;
      const at = fill[tag >>> 1]!++;
      for (let c = 0; c < columns.length; c++) out[c]![at] = columns[c]![k] as number;
    }
    return { offsets, columns: out };
  }
}

/** Slots of a held event in `EventFolder.held` (streaming). */
const HELD_WIDTH = 6;

/**
 * Folds event files into a ticket table: one row per case. Use `file()` once per input file, feeding
 * every record to the returned `read`, then `finish()` once.
 *
 * Two paths give the same result. `stream` (one file) folds each row into its case's state as it
 * is read: within a file a case's events are in time order (a row going back is rejected), so the
 * file order is the fold order and nothing per event is kept. `buffer` keeps every event (~45 bytes)
 * until `finish()`, which orders each case's events by time across files (ties: file order, files in
 * the order given) - needed for the Zendesk comments + field-history pair, whose rows interleave.
 *
 * @example
 * import { TicketTable } from '../engine/ticket-table.js';
 * import { compileVocabulary } from './events-vocabulary.js';
 * import { eventsGeneric } from './profiles/events/generic.js';
 * // one case: created 09:00, an agent reply 09:30 -> 2 events, 1 case, 1 row folded into it; first reply 09:30
 * const table = new TicketTable();
 * const folder = new EventFolder(table, { vocabulary: compileVocabulary() });
 * const issues = [];
 * const fileOptions = { file: 'log.csv', profile: eventsGeneric, map: {}, inputTimezone: 'UTC', nullTokens: [''] };
 * const reader = folder.file(['case', 'timestamp', 'activity'], { ...fileOptions, onIssue: (i) => issues.push(i) });
 * reader.read(['T1', '2025-01-06T09:00:00Z', 'created'], 2);
 * reader.read(['T1', '2025-01-06T09:30:00Z', 'agent reply'], 3);
 * [folder.finish(), table.instants.first_reply[0], issues]
 * // [{ events: 2, cases: 1, folded: 1, rejected: 0 }, Date.UTC(2025, 0, 6, 9, 30), []]
 */
export class EventFolder {
  private readonly byId = new Map<string, number>();
  private readonly files: string[] = [];
  private readonly issueSinks: IssueSink[] = [];
  // Buffered path: one entry per event.
  private readonly eventCase = new Column(new Int32Array(1024));
  private readonly eventTime = new Column(new Float64Array(1024));
  private readonly eventMeaning = new Column(new Uint8Array(1024));
  private readonly eventGroup = new Column(new Uint8Array(1024));
  private readonly eventStatus = new Column(new Uint32Array(1024));
  private readonly eventAgent = new Column(new Uint32Array(1024));
  private readonly eventTeam = new Column(new Uint32Array(1024));
  private readonly eventMsg = new Column(new Uint8Array(1024));
  private readonly eventLabel = new Column(new Uint32Array(1024));
  private readonly eventFile = new Column(new Uint8Array(1024));
  private readonly eventLine = new Column(new Float64Array(1024));
  /** Per case: the file and timestamp of its latest event so far, for `event_out_of_order`. */
  private lastFile = new Int32Array(1024).fill(-1);
  private lastTime = new Float64Array(1024);
  private readonly labels = new Dictionary();
  private readonly counts = { rows: 0, rejected: 0, accepted: 0, streamed: 0 };
  private sawMessages = false;
  private readonly mappedAttributes = new Set<string>();
  private readonly cases: CaseFold;
  private mode: 'stream' | 'buffer';
  // Streaming path, for a case whose first row is not its `created` activity (not yet settled): the
  // lines of its rows so far (they are rejected as `event_before_creation` if a later `created`
  // activity has a later time), and its trailing rows at the latest timestamp, held unfolded (they
  // are kept and folded after the reset if that `created` activity has the same time).
  private readonly lines = new Pool(1);
  private readonly held = new Pool(HELD_WIDTH);
  private pendingHead = new Int32Array(1024);
  private pendingTail = new Int32Array(1024);
  private pendingCount = new Int32Array(1024);
  private heldHead = new Int32Array(1024);
  private heldTail = new Int32Array(1024);
  private heldCount = new Int32Array(1024);
  private heldTime = new Float64Array(1024);
  /**
   * `event_before_creation` rows found while streaming, reported at `finish()` in case order like the buffered path.
   */
  private readonly rejectedCase = new Column(new Int32Array(64));
  private readonly rejectedLine = new Column(new Float64Array(64));

  constructor(
    readonly table: TicketRows,
    private readonly options: EventFolderOptions,
  ) {
    this.cases = new CaseFold(options.pathMaxSteps ?? 8);
    this.mode = options.mode === 'buffer' || options.sort === true ? 'buffer' : 'stream';
  }

  /**
   * How the events were folded: `path` is the path taken, `streamed` the events folded as their row
   * arrived, `buffered` the events kept until `finish()` (for tests and diagnostics).
   */
  get stats(): { path: 'stream' | 'buffer'; streamed: number; buffered: number } {
    return { path: this.mode, streamed: this.counts.streamed, buffered: this.eventCase.length };
  }

  /** Prepares the reader of one file (its header resolved against the profile and mapping). */
  file(
    header: readonly string[],
    options: EventFileOptions,
  ): { columns: Record<string, string>; read: (cells: readonly string[], line: number) => void } {
    if (this.mode === 'stream' && this.files.length > 0) {
      // A later file may hold earlier events of a case already folded: only the buffered path merges.
      if (this.options.mode === undefined && this.counts.rows === 0) this.mode = 'buffer';
      else throw new Error('EventFolder: a streaming fold takes one file; pass mode: "buffer" to merge several');
    }
    const plan = planEventColumns(header, options.profile, options.map);
    const pivot = options.profile.pivot;
    const keyOf = (names: readonly string[]) =>
      header.findIndex((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
    const pivotField = pivot ? keyOf(pivot.field) : -1;
    const pivotValue = pivot ? keyOf(pivot.value) : -1;
    if (pivot && (pivotField < 0 || pivotValue < 0)) {
      throw usageError(
        'event_mapping_missing',
        `${options.file}: a field-history file needs the columns ${pivot.field[0]} and ${pivot.value[0]}`,
        { where: options.file },
      );
    }
    const pivotFields = new Map(
      Object.entries(pivot?.fields ?? {}).map(([name, field]) => [name.toLowerCase(), field]),
    );
    const fileIndex = this.files.length;
    if (fileIndex > 255)
      throw usageError('too_many_event_files', 'at most 256 event files per run', { where: '--events' });
    this.files.push(options.file);
    this.issueSinks.push(options.onIssue);
    const table = this.table;
    const isNull = nullTest(new Set(options.nullTokens.map((t) => t.trim().toLowerCase())));
    const parseDate = compileDateParser({
      ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
      timeZone: options.inputTimezone,
      option: '--date-format',
    });
    const vocabulary = this.options.vocabulary;
    const statusDim = table.dim('status')!;
    const agentDim = table.dim('agent')!;
    const teamDim = table.dim('team')!;
    const attributeColumns = CASE_ATTRIBUTES.flatMap((a) =>
      plan[a] === undefined ? [] : [{ attribute: a, column: plan[a] as number }],
    );
    for (const { attribute } of attributeColumns) this.mappedAttributes.add(attribute);
    if (pivot)
      for (const field of pivotFields.values())
        if ((CASE_ATTRIBUTES as readonly string[]).includes(field)) this.mappedAttributes.add(field);
    // With a role column, no message means zero replies; without one, replies are known only when
    // some event could be told apart as agent or customer (else first reply is unavailable, not 0).
    if (plan.role !== undefined) this.sawMessages = true;
    const customerRoles = new Set(CUSTOMER_ROLES);
    const notPublic = new Set(NOT_PUBLIC);
    const header_ = (column: number | undefined) => (column === undefined ? null : (header[column] ?? null));
    const columns: Record<string, string> = {};
    for (const [field, column] of Object.entries(plan)) columns[field] = header[column] ?? '';
    const text = (cells: readonly string[], column: number | undefined): string => {
      if (column === undefined) return '';
      const value = (cells[column] ?? '').trim();
      return isNull(value) ? '' : value;
    };

    const read = (cells: readonly string[], line: number): void => {
      this.counts.rows++;
      const reject = (
        code: RowIssueCode,
        column: number | undefined,
        value: string,
        message: string,
        hint?: string,
      ) => {
        this.counts.rejected++;
        options.onIssue({
          code,
          file: options.file,
          line,
          column: header_(column),
          value: truncateValue(value),
          action: 'rejected',
          message,
          ...(hint === undefined ? {} : { hint }),
          cells,
        });
      };
      const id = text(cells, plan.case);
      if (id === '')
        return reject(
          'missing_required',
          plan.case,
          '',
          'the case id is empty',
          'Every event needs the id of its case.',
        );
      const stamp = text(cells, plan.timestamp);
      if (stamp === '')
        return reject(
          'missing_required',
          plan.timestamp,
          '',
          'the event timestamp is empty',
          'Every event needs a timestamp.',
        );
      const at = parseDate(stamp);
      if (Number.isNaN(at)) {
        if (options.dateFormat === undefined && !isIsoLike(stamp)) {
          return reject(
            'date_format_needed',
            plan.timestamp,
            stamp,
            `"${stamp}" is not an ISO 8601 date`,
            suggestDateFormat([stamp]).message,
          );
        }
        return reject(
          'bad_date',
          plan.timestamp,
          stamp,
          `"${stamp}" is not a valid date`,
          'Fix the value, or pass --date-format with the format the file uses.',
        );
      }

      // What the row says: activity / status / agent / team / attributes, directly or through the pivot.
      let activity = options.profile.activity ?? text(cells, plan.activity);
      let status = text(cells, plan.status);
      let agent = text(cells, plan.agent);
      let team = text(cells, plan.team);
      const attributes: [string, string][] = attributeColumns.map(({ attribute, column }) => [
        attribute,
        text(cells, column),
      ]);
      if (pivot) {
        const field = pivotFields.get(text(cells, pivotField).toLowerCase());
        const value = text(cells, pivotValue);
        if (field === 'status') status = value;
        else if (field === 'agent') agent = value;
        else if (field === 'team') team = value;
        else if (field !== undefined) attributes.push([field, value]);
        if (field === 'agent' || field === 'team') activity = '';
      }

      let row = this.byId.get(id);
      const isNew = row === undefined;
      if (row === undefined) {
        row = table.addRow(id, line);
        this.byId.set(id, row);
        if (row >= this.lastFile.length) this.growCases(row);
      } else if (
        this.options.sort !== true &&
        this.lastFile[row] === fileIndex &&
        at < (this.lastTime[row] as number)
      ) {
        return reject(
          'event_out_of_order',
          plan.timestamp,
          stamp,
          `case ${id}: this event is earlier than the case's previous event in this file`,
          'Events of a case must be in time order within a file (ties keep file order); pass ' +
            '--sort-events (config events.sort) to have them sorted, or allow the row with --max-bad-rows.',
        );
      }
      this.lastFile[row] = fileIndex;
      this.lastTime[row] = at;
      for (const [attribute, value] of attributes) {
        if (value === '') continue;
        const dim = table.dim(attribute);
        if (dim) dim.codes[row] = dim.dictionary.intern(value);
      }

      const activityMeaning = activity === '' ? undefined : vocabulary.get(vocabularyKey(activity));
      let group = 0;
      let statusCode = 0;
      if (status !== '') {
        const statusMeaning = vocabulary.get(vocabularyKey(status));
        // A status outside the vocabulary is a working state: the case is open.
        group = GROUP_INDEX[(statusMeaning === undefined ? undefined : GROUP_OF_MEANING[statusMeaning]) ?? 'open'];
        statusCode = statusDim.dictionary.intern(status);
      } else if (activityMeaning !== undefined && GROUP_OF_MEANING[activityMeaning] !== undefined) {
        group = GROUP_INDEX[GROUP_OF_MEANING[activityMeaning]!];
        statusCode = statusDim.dictionary.intern(activity);
      }
      const role = vocabularyKey(text(cells, plan.role));
      const isCustomer = role !== '' && customerRoles.has(role);
      const isPublic = !notPublic.has(text(cells, plan.public).toLowerCase());
      let msg = MSG_NONE;
      if (
        activityMeaning === 'agent_reply' ||
        activityMeaning === 'customer_message' ||
        activityMeaning === 'message'
      ) {
        const byCustomer = role !== '' ? isCustomer : activityMeaning === 'customer_message';
        if (role !== '' || activityMeaning !== 'message')
          msg = byCustomer ? MSG_CUSTOMER : isPublic ? MSG_AGENT : MSG_NOTE;
      }
      if (msg !== MSG_NONE) this.sawMessages = true;
      const label =
        msg === MSG_AGENT
          ? 'agent reply'
          : msg === MSG_NOTE
            ? 'internal note'
            : msg === MSG_CUSTOMER
              ? 'customer message'
              : activity !== ''
                ? activity
                : status;
      const meaning = activityMeaning === undefined ? 0 : meaningCode(activityMeaning);
      const agentCode = agent === '' || isCustomer ? 0 : agentDim.dictionary.intern(agent);
      const teamCode = team === '' ? 0 : teamDim.dictionary.intern(team);
      const labelCode = label === '' ? 0 : this.labels.intern(label);
      this.counts.accepted++;

      if (this.mode === 'stream') {
        this.stream(row, isNew, at, meaning === CREATED, group, statusCode, agentCode, teamCode, msg, labelCode, line);
        return;
      }
      this.eventCase.push(row);
      this.eventTime.push(at);
      this.eventMeaning.push(meaning);
      this.eventGroup.push(group);
      this.eventStatus.push(statusCode);
      this.eventAgent.push(agentCode);
      this.eventTeam.push(teamCode);
      this.eventMsg.push(msg);
      this.eventLabel.push(labelCode);
      this.eventFile.push(fileIndex);
      this.eventLine.push(line);
    };
    return { columns, read };
  }

  private growCases(row: number): void {
    const c = Math.max(this.lastFile.length * 2, row + 1);
    const from = this.lastFile.length;
    this.lastFile = grow(this.lastFile, c);
    this.lastFile.fill(-1, from);
    this.lastTime = grow(this.lastTime, c);
    if (this.mode !== 'stream') return;
    this.pendingHead = grow(this.pendingHead, c);
    this.pendingTail = grow(this.pendingTail, c);
    this.pendingCount = grow(this.pendingCount, c);
    this.heldHead = grow(this.heldHead, c);
    this.heldTail = grow(this.heldTail, c);
    this.heldCount = grow(this.heldCount, c);
    this.heldTime = grow(this.heldTime, c);
  }

  /**
   * Streaming: folds one accepted row of case `row` (rows of a case arrive in time order). A case
   * whose first row is its `created` activity is settled at once and every row is folded as it
   * comes. Otherwise the case is folded tentatively as created at its first row (what the buffered
   * path does when no `created` activity exists), holding back the rows at the latest timestamp; if a
   * `created` activity comes later at time T, the rows before T are rejected as
   * `event_before_creation` and the case restarts at T with the held rows at T, exactly as the
   * buffered path orders and rejects them.
   */
  private stream(
    row: number,
    isNew: boolean,
    t: number,
    isCreated: boolean,
    g: number,
    raw: number,
    agent: number,
    team: number,
    msg: number,
    label: number,
    line: number,
  ): void {
    const cases = this.cases;
    this.counts.streamed++;
    if (isNew) {
      cases.begin(row, t, isCreated ? F_SETTLED : 0);
      this.pendingHead[row] = -1;
      this.pendingTail[row] = -1;
      this.pendingCount[row] = 0;
      this.heldHead[row] = -1;
      this.heldTail[row] = -1;
      this.heldCount[row] = 0;
      this.heldTime[row] = t;
    } else if (!cases.isSettled(row) && isCreated) {
      const rejected =
        t > (this.heldTime[row] as number)
          ? (this.pendingCount[row] as number)
          : (this.pendingCount[row] as number) - (this.heldCount[row] as number);
      if (rejected > 0) {
        let node = this.pendingHead[row] as number;
        for (let k = 0; k < rejected; k++, node = this.lines.next(node)) {
          this.rejectedCase.push(row);
          this.rejectedLine.push(this.lines.value(node));
        }
        cases.begin(row, t, 0, true);
      }
      // Held rows at T are kept (ties keep file order); rows before T were rejected above.
      if (t === this.heldTime[row]) this.flushHeld(row);
      else this.dropHeld(row);
      this.dropPending(row);
      cases.settle(row);
    }
    if (cases.isSettled(row)) {
      cases.apply(row, t, g, raw, agent, team, msg, label);
      return;
    }
    // Not settled: remember the line, fold what is older than `t`, and hold this row.
    const lineNode = this.lines.append(this.pendingTail[row] as number, line);
    if ((this.pendingHead[row] as number) < 0) this.pendingHead[row] = lineNode;
    this.pendingTail[row] = lineNode;
    this.pendingCount[row]!++;
    if (t !== this.heldTime[row]) {
      this.flushHeld(row);
      this.heldTime[row] = t;
    }
    const node = this.held.append(this.heldTail[row] as number, g, raw, agent, team, msg, label);
    if ((this.heldHead[row] as number) < 0) this.heldHead[row] = node;
    this.heldTail[row] = node;
    this.heldCount[row]!++;
  }

  /** Folds the held rows of a case (all at `heldTime`) and empties the hold. */
  private flushHeld(row: number): void {
    const held = this.held;
    const t = this.heldTime[row] as number;
    const head = this.heldHead[row] as number;
    for (let node = head; node >= 0; node = held.next(node)) {
      this.cases.apply(
        row,
        t,
        held.value(node, 0),
        held.value(node, 1),
        held.value(node, 2),
        held.value(node, 3),
        held.value(node, 4),
        held.value(node, 5),
      );
    }
    this.dropHeld(row);
  }

  private dropHeld(row: number): void {
    this.held.release(this.heldHead[row] as number);
    this.heldHead[row] = -1;
    this.heldTail[row] = -1;
    this.heldCount[row] = 0;
  }

  private dropPending(row: number): void {
    this.lines.release(this.pendingHead[row] as number);
    this.pendingHead[row] = -1;
    this.pendingTail[row] = -1;
    this.pendingCount[row] = 0;
  }

  /** Completes the fold (buffered: orders each case's events by time first) and attaches `table.events`. */
  finish(): EventAccounting {
    const table = this.table;
    const n = table.length;
    if (this.mode === 'stream') this.finishStream(n);
    else this.foldBuffered(n);
    const data = this.cases.build(table, this.labels, this.sawMessages);
    table.events = data;
    const present = table.present;
    for (const f of ['id', 'created', 'updated'] as const) present.add(f);
    if (data.hasMessages)
      for (const f of ['first_reply', 'agent_replies', 'customer_messages'] as const) present.add(f);
    if (data.hasStatuses)
      for (const f of ['first_solved', 'solved', 'closed', 'reopens', 'status'] as const) present.add(f);
    if (data.hasAgents) for (const f of ['assignee_stations', 'agent'] as const) present.add(f);
    if (data.hasTeams) for (const f of ['group_stations', 'team'] as const) present.add(f);
    for (const a of this.mappedAttributes)
      if ((CASE_ATTRIBUTES as readonly string[]).includes(a)) present.add(a as (typeof CASE_ATTRIBUTES)[number]);
    let events = 0;
    for (let i = 0; i < n; i++) events += data.events[i] as number;
    const m = this.counts.accepted;
    this.counts.rejected += m - events;
    return { events, cases: n, folded: m - n - (m - events), rejected: this.counts.rejected };
  }

  /** Streaming: folds what is still held, then reports the rows found before their case's creation. */
  private finishStream(n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.cases.isSettled(i)) continue;
      this.flushHeld(i);
      this.dropPending(i);
    }
    const rows = this.rejectedCase.view();
    const lines = this.rejectedLine.view();
    // Case order, then file order (= time order within the case), as the buffered path reports them.
    const order = Array.from(rows.keys()).sort((a, b) => (rows[a] as number) - (rows[b] as number) || a - b);
    for (const k of order) this.reportBeforeCreation(rows[k] as number, 0, lines[k] as number);
  }

  private reportBeforeCreation(row: number, fileIndex: number, line: number): void {
    const issue: RowIssue = {
      code: 'event_before_creation',
      file: this.files[fileIndex] ?? '',
      line,
      column: null,
      value: null,
      action: 'rejected',
      message: `case ${this.table.ids.get(row)}: this event is earlier than the case's created activity`,
      hint: 'Check the zones of the files (--input-tz) and the created activity; allow the row with --max-bad-rows.',
    };
    this.issueSinks[fileIndex]?.(issue);
  }

  /**
   * Buffered: counting sort of the events by case (stable: input order within a case), insertion
   * sort by time within each case (linear for logs already in time order), then the fold.
   */
  private foldBuffered(n: number): void {
    const m = this.eventCase.length;
    const caseOf = this.eventCase.view();
    const time = this.eventTime.view();
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) offsets[(caseOf[e] as number) + 1]!++;
    for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, n);
    const order = new Int32Array(m);
    for (let e = 0; e < m; e++) order[fill[caseOf[e] as number]!++] = e;
    for (let i = 0; i < n; i++) {
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      for (let k = start + 1; k < end; k++) {
        const e = order[k] as number;
        const t = time[e] as number;
        let j = k - 1;
        while (j >= start && (time[order[j] as number] as number) > t) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = e;
      }
    }
    const meaning = this.eventMeaning.view();
    const groupOf = this.eventGroup.view();
    const statusOf = this.eventStatus.view();
    const agentOf = this.eventAgent.view();
    const teamOf = this.eventTeam.view();
    const msgOf = this.eventMsg.view();
    const labelOf = this.eventLabel.view();
    const fileOf = this.eventFile.view();
    const lineOf = this.eventLine.view();
    const cases = this.cases;
    for (let i = 0; i < n; i++) {
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      // Creation: the first `created` activity, else the first event. Events before it are rejected.
      let createdAt = time[order[start] as number] as number;
      for (let k = start; k < end; k++) {
        const e = order[k] as number;
        if (meaning[e] === CREATED) {
          createdAt = time[e] as number;
          break;
        }
      }
      cases.begin(i, createdAt);
      for (let k = start; k < end; k++) {
        const e = order[k] as number;
        const t = time[e] as number;
        if (t < createdAt) {
          this.reportBeforeCreation(i, fileOf[e] as number, lineOf[e] as number);
          continue;
        }
        cases.apply(
          i,
          t,
          groupOf[e] as number,
          statusOf[e] as number,
          agentOf[e] as number,
          teamOf[e] as number,
          msgOf[e] as number,
          labelOf[e] as number,
        );
      }
    }
  }
}
