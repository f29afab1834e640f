/**
 * Event logs -> ticket rows. Each event file is read once; an event is kept as a few numbers in
 * typed-array columns (about 45 bytes, no object per event) so that several files (Zendesk comments
 * and field history) can be merged by time. `finish()` orders each case's events by timestamp (ties
 * keep input order: file order, files in the order given), folds them into the case's ticket row
 * (created, first reply, solved, reopens, replies, stations...) and into the per-case accumulators of
 * `TicketTable.events`, then drops the event columns. Definitions: docs/events.md.
 */
import { compileDateParser, isIsoLike, suggestDateFormat } from './dates.js';
import { CUSTOMER_ROLES, GROUP_OF_MEANING, NOT_PUBLIC, vocabularyKey, type EventMeaning, type Vocabulary } from './events-vocabulary.js';
import { truncateValue, type IssueSink, type RowIssue, type RowIssueCode } from './issues.js';
import { CASE_ATTRIBUTES, EVENT_FIELDS, type EventField, type EventProfile } from './profiles/events-types.js';
import { usageError } from '../errors.js';
import { GROUP_INDEX, STATUS_GROUPS, type EventCaseData } from '../model/events.js';
import { Dictionary, type TicketTable } from '../model/ticket.js';

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
function planEventColumns(header: readonly string[], profile: EventProfile, map: Readonly<Record<string, string>>): Partial<Record<EventField, number>> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
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
    const column = index.get(name.trim().toLowerCase());
    if (column === undefined) {
      throw usageError('mapped_column_missing', `the mapping ${field}=${name} names a column that is not in the header`, {
        where: `--map ${field}=${name}`,
        hint: `Columns in this file: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`,
      });
    }
    plan[field as EventField] = column;
  }
  const missing = (['case', 'timestamp'] as const).filter((f) => plan[f] === undefined);
  if (missing.length > 0) {
    throw usageError('event_mapping_missing', `no column gives the event ${missing.join(' and ')}`, {
      hint: `Map it with --map ${missing.map((f) => `${f}="<column>"`).join(',')} or under events.map in the config. Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  if (plan.activity === undefined && plan.status === undefined && profile.activity === undefined && profile.pivot === undefined) {
    throw usageError('event_mapping_missing', 'no column gives the activity or the status of an event', {
      hint: `Map one with --map activity="<column>" or --map status="<column>". Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  return plan;
}

/**
 * Folds event files into a ticket table: one row per case. Use `file()` once per input file, feeding
 * every record to the returned `read`, then `finish()` once.
 *
 * @example
 * const folder = new EventFolder(table, { vocabulary: compileVocabulary() });
 * const reader = folder.file(['case', 'timestamp', 'activity'], { file: 'log.csv', profile: eventsGeneric, map: {}, inputTimezone: 'UTC', nullTokens: [''], onIssue });
 * reader.read(['T1', '2025-01-06T09:00:00Z', 'created'], 2);
 * reader.read(['T1', '2025-01-06T09:30:00Z', 'agent reply'], 3);
 * folder.finish(); // => { events: 2, cases: 1, folded: 1, rejected: 0 }; table.instants.first_reply[0] = 09:30
 */
export class EventFolder {
  private readonly byId = new Map<string, number>();
  private readonly files: string[] = [];
  private readonly issueSinks: IssueSink[] = [];
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
  private readonly counts = { rows: 0, rejected: 0 };
  private sawMessages = false;
  private readonly mappedAttributes = new Set<string>();

  constructor(
    readonly table: TicketTable,
    private readonly options: EventFolderOptions,
  ) {}

  /** Prepares the reader of one file (its header resolved against the profile and mapping). */
  file(header: readonly string[], options: EventFileOptions): { columns: Record<string, string>; read: (cells: readonly string[], line: number) => void } {
    const plan = planEventColumns(header, options.profile, options.map);
    const pivot = options.profile.pivot;
    const keyOf = (names: readonly string[]) => header.findIndex((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
    const pivotField = pivot ? keyOf(pivot.field) : -1;
    const pivotValue = pivot ? keyOf(pivot.value) : -1;
    if (pivot && (pivotField < 0 || pivotValue < 0)) {
      throw usageError('event_mapping_missing', `${options.file}: a field-history file needs the columns ${pivot.field[0]} and ${pivot.value[0]}`, { where: options.file });
    }
    const pivotFields = new Map(Object.entries(pivot?.fields ?? {}).map(([name, field]) => [name.toLowerCase(), field]));
    const fileIndex = this.files.length;
    if (fileIndex > 255) throw usageError('too_many_event_files', 'at most 256 event files per run', { where: '--events' });
    this.files.push(options.file);
    this.issueSinks.push(options.onIssue);
    const table = this.table;
    const nulls = new Set(options.nullTokens.map((t) => t.trim().toLowerCase()));
    const parseDate = compileDateParser({
      ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
      timeZone: options.inputTimezone,
      option: '--date-format',
    });
    const vocabulary = this.options.vocabulary;
    const statusDim = table.dim('status')!;
    const agentDim = table.dim('agent')!;
    const teamDim = table.dim('team')!;
    const attributeColumns = CASE_ATTRIBUTES.flatMap((a) => (plan[a] === undefined ? [] : [{ attribute: a, column: plan[a] as number }]));
    for (const { attribute } of attributeColumns) this.mappedAttributes.add(attribute);
    if (pivot) for (const field of pivotFields.values()) if ((CASE_ATTRIBUTES as readonly string[]).includes(field)) this.mappedAttributes.add(field);
    if (plan.role !== undefined || options.profile.activity !== undefined) this.sawMessages = true;
    const customerRoles = new Set(CUSTOMER_ROLES);
    const notPublic = new Set(NOT_PUBLIC);
    const header_ = (column: number | undefined) => (column === undefined ? null : (header[column] ?? null));
    const columns: Record<string, string> = {};
    for (const [field, column] of Object.entries(plan)) columns[field] = header[column] ?? '';
    const text = (cells: readonly string[], column: number | undefined): string => {
      if (column === undefined) return '';
      const value = (cells[column] ?? '').trim();
      return value === '' || nulls.has(value.toLowerCase()) ? '' : value;
    };

    const read = (cells: readonly string[], line: number): void => {
      this.counts.rows++;
      const reject = (code: RowIssueCode, column: number | undefined, value: string, message: string, hint?: string) => {
        this.counts.rejected++;
        options.onIssue({
          code, file: options.file, line, column: header_(column), value: truncateValue(value), action: 'rejected', message,
          ...(hint === undefined ? {} : { hint }), cells,
        });
      };
      const id = text(cells, plan.case);
      if (id === '') return reject('missing_required', plan.case, '', 'the case id is empty', 'Every event needs the id of its case.');
      const stamp = text(cells, plan.timestamp);
      if (stamp === '') return reject('missing_required', plan.timestamp, '', 'the event timestamp is empty', 'Every event needs a timestamp.');
      const at = parseDate(stamp);
      if (Number.isNaN(at)) {
        if (options.dateFormat === undefined && !isIsoLike(stamp)) {
          return reject('date_format_needed', plan.timestamp, stamp, `"${stamp}" is not an ISO 8601 date`, suggestDateFormat([stamp]).message);
        }
        return reject('bad_date', plan.timestamp, stamp, `"${stamp}" is not a valid date`, 'Fix the value, or pass --date-format with the format the file uses.');
      }

      // What the row says: activity / status / agent / team / attributes, directly or through the pivot.
      let activity = options.profile.activity ?? text(cells, plan.activity);
      let status = text(cells, plan.status);
      let agent = text(cells, plan.agent);
      let team = text(cells, plan.team);
      const attributes: [string, string][] = attributeColumns.map(({ attribute, column }) => [attribute, text(cells, column)]);
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
      if (row === undefined) {
        row = table.addRow(id, line);
        this.byId.set(id, row);
        if (row >= this.lastFile.length) {
          this.lastFile = grow(this.lastFile, this.lastFile.length * 2);
          this.lastFile.fill(-1, row);
          this.lastTime = grow(this.lastTime, this.lastTime.length * 2);
        }
      } else if (this.lastFile[row] === fileIndex && at < (this.lastTime[row] as number)) {
        return reject('event_out_of_order', plan.timestamp, stamp, `case ${id}: this event is earlier than the case's previous event in this file`,
          'Events of a case must be in time order within a file (ties keep file order); sort the log by case and time, or allow the row with --max-bad-rows.');
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
      if (activityMeaning === 'agent_reply' || activityMeaning === 'customer_message' || activityMeaning === 'message') {
        const byCustomer = role !== '' ? isCustomer : activityMeaning === 'customer_message';
        if (role !== '' || activityMeaning !== 'message') msg = byCustomer ? MSG_CUSTOMER : isPublic ? MSG_AGENT : MSG_NOTE;
      }
      if (msg !== MSG_NONE) this.sawMessages = true;
      const label =
        msg === MSG_AGENT ? 'agent reply' : msg === MSG_NOTE ? 'internal note' : msg === MSG_CUSTOMER ? 'customer message' : activity !== '' ? activity : status;

      this.eventCase.push(row);
      this.eventTime.push(at);
      this.eventMeaning.push(activityMeaning === undefined ? 0 : meaningCode(activityMeaning));
      this.eventGroup.push(group);
      this.eventStatus.push(statusCode);
      this.eventAgent.push(agent === '' || isCustomer ? 0 : agentDim.dictionary.intern(agent));
      this.eventTeam.push(team === '' ? 0 : teamDim.dictionary.intern(team));
      this.eventMsg.push(msg);
      this.eventLabel.push(label === '' ? 0 : this.labels.intern(label));
      this.eventFile.push(fileIndex);
      this.eventLine.push(line);
    };
    return { columns, read };
  }

  /** Orders each case's events by time, folds them into the table, and attaches `table.events`. */
  finish(): EventAccounting {
    const table = this.table;
    const n = table.length;
    const m = this.eventCase.length;
    const caseOf = this.eventCase.view();
    const time = this.eventTime.view();
    // Counting sort by case (stable: input order within a case), then insertion sort by time within
    // each case, which is linear for logs already in time order.
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

    const data = this.fold(order, offsets);
    table.events = data;
    const present = table.present;
    for (const f of ['id', 'created', 'updated'] as const) present.add(f);
    if (data.hasMessages) for (const f of ['first_reply', 'agent_replies', 'customer_messages'] as const) present.add(f);
    if (data.hasStatuses) for (const f of ['first_solved', 'solved', 'closed', 'reopens', 'status'] as const) present.add(f);
    if (data.hasAgents) for (const f of ['assignee_stations', 'agent'] as const) present.add(f);
    if (data.hasTeams) for (const f of ['group_stations', 'team'] as const) present.add(f);
    for (const a of this.mappedAttributes) if ((CASE_ATTRIBUTES as readonly string[]).includes(a)) present.add(a as (typeof CASE_ATTRIBUTES)[number]);
    let events = 0;
    for (let i = 0; i < n; i++) events += data.events[i] as number;
    const accepted = this.counts.rows - this.counts.rejected;
    this.counts.rejected += m - events;
    return { events, cases: n, folded: accepted - n - (m - events), rejected: this.counts.rejected };
  }

  private fold(order: Int32Array, offsets: Int32Array): EventCaseData {
    const table = this.table;
    const n = table.length;
    const { created, first_reply, first_solved, solved, closed, updated } = table.instants;
    const counts = table.counts;
    const statusCodes = table.dim('status')!.codes;
    const agentCodes = table.dim('agent')!.codes;
    const teamCodes = table.dim('team')!.codes;
    const time = this.eventTime.view();
    const meaning = this.eventMeaning.view();
    const groupOf = this.eventGroup.view();
    const statusOf = this.eventStatus.view();
    const agentOf = this.eventAgent.view();
    const teamOf = this.eventTeam.view();
    const msgOf = this.eventMsg.view();
    const labelOf = this.eventLabel.view();
    const fileOf = this.eventFile.view();
    const lineOf = this.eventLine.view();
    const maxSteps = this.options.pathMaxSteps ?? 8;
    const groups = STATUS_GROUPS.length + 1;

    const events = new Int32Array(n);
    const groupMs = Array.from({ length: groups }, () => new Float64Array(n));
    const visited = new Uint8Array(n);
    const currentGroup = new Uint8Array(n);
    const currentSince = new Float64Array(n);
    const handoffs = new Int32Array(n);
    const distinctTeams = new Int32Array(n);
    const pingPong = new Uint8Array(n);
    const pathNode = new Int32Array(n);
    const spanMs = new Float64Array(n);
    const replyOffsets = new Int32Array(n + 1);
    const replies = new Column(new Float64Array(1024));
    const transitionOffsets = new Int32Array(n + 1);
    const from = new Column(new Uint32Array(1024));
    const to = new Column(new Uint32Array(1024));
    const spent = new Column(new Float64Array(1024));
    // Path trie: node 0 is the empty path.
    const nodeParent: number[] = [-1];
    const nodeLabel: number[] = [0];
    const children = new Map<string, number>();
    const child = (node: number, label: number): number => {
      const key = `${node}:${label}`;
      let next = children.get(key);
      if (next === undefined) {
        next = nodeParent.length;
        nodeParent.push(node);
        nodeLabel.push(label);
        children.set(key, next);
      }
      return next;
    };
    let hasTeams = false;
    let hasAgents = false;
    let hasStatuses = false;
    const unanswered: number[] = [];
    const teamsSeen = new Set<number>();

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
      let group = GROUP_INDEX.new;
      let groupSince = createdAt;
      let rawStatus = 0;
      let rawSince = createdAt;
      let firstStatus = true;
      let seen = 1 << group;
      let firstReply = NaN;
      let firstSolved = NaN;
      let lastSolved = NaN;
      let closedAt = NaN;
      let reopens = 0;
      let agentReplies = 0;
      let customerMessages = 0;
      let lastTeam = 0;
      let previousTeam = 0;
      let teamStations = 0;
      let lastAgent = 0;
      let previousAgent = 0;
      let agentStations = 0;
      let pong = 0;
      let node = 0;
      let steps = 0;
      let lastLabel = 0;
      let lastAt = createdAt;
      let kept = 0;
      unanswered.length = 0;
      teamsSeen.clear();
      for (let k = start; k < end; k++) {
        const e = order[k] as number;
        const t = time[e] as number;
        if (t < createdAt) {
          const file = this.files[fileOf[e] as number] ?? '';
          const issue: RowIssue = {
            code: 'event_before_creation', file, line: lineOf[e] as number, column: null, value: null, action: 'rejected',
            message: `case ${table.ids[i] ?? ''}: this event is earlier than the case's created activity`,
            hint: 'Check the zones of the files (--input-tz) and the created activity; allow the row with --max-bad-rows.',
          };
          this.issueSinks[fileOf[e] as number]?.(issue);
          continue;
        }
        kept++;
        lastAt = t;
        const msg = msgOf[e] as number;
        if (msg === MSG_AGENT) {
          agentReplies++;
          if (Number.isNaN(firstReply)) firstReply = t;
          for (const asked of unanswered) replies.push(t - asked);
          unanswered.length = 0;
        } else if (msg === MSG_CUSTOMER) {
          customerMessages++;
          unanswered.push(t);
        }
        const g = groupOf[e] as number;
        if (g !== 0) {
          hasStatuses = true;
          const raw = statusOf[e] as number;
          if (firstStatus && t === createdAt) {
            // The status the case was created in: no transition from the implicit `new`.
            seen &= ~(1 << group);
            group = g;
            seen |= 1 << g;
          } else {
            if (g !== group) {
              groupMs[group]![i]! += t - groupSince;
              const wasResolved = group === GROUP_CODE_SOLVED || group === GROUP_CODE_CLOSED;
              if (wasResolved && g !== GROUP_CODE_SOLVED && g !== GROUP_CODE_CLOSED) {
                reopens++;
                lastSolved = NaN;
                closedAt = NaN;
              }
              if (g === GROUP_CODE_SOLVED) {
                if (Number.isNaN(firstSolved)) firstSolved = t;
                lastSolved = t;
              }
              if (g === GROUP_CODE_CLOSED) closedAt = t;
              group = g;
              groupSince = t;
              seen |= 1 << g;
            }
            if (raw !== rawStatus && rawStatus !== 0) {
              from.push(rawStatus);
              to.push(raw);
              spent.push(t - rawSince);
            }
          }
          if (raw !== rawStatus) {
            rawStatus = raw;
            rawSince = t;
          }
          firstStatus = false;
        }
        const team = teamOf[e] as number;
        if (team !== 0) {
          hasTeams = true;
          teamsSeen.add(team);
          if (team !== lastTeam) {
            if (team === previousTeam && lastTeam !== 0) pong = 1;
            previousTeam = lastTeam;
            lastTeam = team;
            teamStations++;
          }
        }
        const agent = agentOf[e] as number;
        if (agent !== 0) {
          hasAgents = true;
          if (agent !== lastAgent) {
            if (agent === previousAgent && lastAgent !== 0) pong = 1;
            previousAgent = lastAgent;
            lastAgent = agent;
            agentStations++;
          }
        }
        const label = labelOf[e] as number;
        if (label !== 0 && label !== lastLabel) {
          if (steps < maxSteps) node = child(node, label);
          else if (steps === maxSteps) node = child(node, ELLIPSIS);
          steps++;
          lastLabel = label;
        }
      }
      events[i] = kept;
      replyOffsets[i + 1] = replies.length;
      transitionOffsets[i + 1] = from.length;
      visited[i] = seen;
      currentGroup[i] = group;
      currentSince[i] = groupSince;
      handoffs[i] = Math.max(0, teamStations - 1);
      distinctTeams[i] = teamsSeen.size;
      pingPong[i] = pong;
      pathNode[i] = node;
      spanMs[i] = lastAt - createdAt;

      created[i] = createdAt;
      updated[i] = lastAt;
      first_reply[i] = firstReply;
      first_solved[i] = firstSolved;
      // A case that ends in an open state is open, whatever it went through before.
      solved[i] = group === GROUP_CODE_SOLVED || group === GROUP_CODE_CLOSED ? lastSolved : NaN;
      closed[i] = group === GROUP_CODE_CLOSED ? closedAt : NaN;
      counts.reopens[i] = reopens;
      counts.agent_replies[i] = agentReplies;
      counts.customer_messages[i] = customerMessages;
      counts.assignee_stations[i] = agentStations;
      counts.group_stations[i] = teamStations;
      statusCodes[i] = rawStatus;
      agentCodes[i] = lastAgent;
      teamCodes[i] = lastTeam;
    }

    const labels = this.labels;
    const pathSteps = (node: number): string[] => {
      const steps: string[] = [];
      for (let at = node; at > 0; at = nodeParent[at] as number) {
        const label = nodeLabel[at] as number;
        steps.push(label === ELLIPSIS ? '…' : (labels.value(label) ?? ''));
      }
      return steps.reverse();
    };
    return {
      events,
      groupMs,
      visited,
      currentGroup,
      currentSince,
      nextReplyMs: { offsets: replyOffsets, values: replies.view() },
      handoffs,
      distinctTeams,
      pingPong,
      pathNode,
      pathSteps,
      pathMaxSteps: maxSteps,
      spanMs,
      transitions: { offsets: transitionOffsets, from: from.view(), to: to.view(), durationMs: spent.view() },
      hasTeams,
      hasAgents,
      hasStatuses,
      hasMessages: this.sawMessages,
    };
  }
}
