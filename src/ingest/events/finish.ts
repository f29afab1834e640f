/**
 * The end of an event fold: conversations assigned to their cases, the buffered events ordered and
 * folded (or the streamed ones completed), the rejected and set-aside rows reported, and the ticket
 * rows and event data written (case-fold.ts `build`).
 */
import { newFoldEvent } from '../../derive/events/event.js';
import type { Dictionary } from '../../model/dictionary.js';
import type { EventDefinitions } from '../../model/events.js';
import type { TicketRows } from '../../model/ticket.js';
import type { IssueSink, RowIssue } from '../issues.js';
import { CASE_ATTRIBUTES, type CaseAttribute } from '../profiles/types.js';
import type { EventBuffer } from './buffer.js';
import type { CaseFold } from './case-fold.js';
import type { StreamFold } from './stream.js';
import type { ConversationAccounting, ReplyThreads } from './threads.js';

/** Row accounting of the event input: read = cases + folded + rejected. */
export interface EventAccounting {
  /** Events folded into cases (rejected ones excluded). */
  events: number;
  cases: number;
  /** Rows that did not start a case: later events of a case, and field-history rows of ignored fields. */
  folded: number;
  rejected: number;
  /** Rows kept with a reply link set aside (orphans, broken cycles). */
  nulled: number;
  /** Conversations only: how they were built from the reply links. */
  conversations?: ConversationAccounting;
}

/** What the end of the fold states with the process tables (EventFolderOptions has them). */
export interface FoldSummaryOptions {
  /** Case attributes from the first (default) or the last event with a value. */
  caseAttributes?: 'first' | 'last';
  /** What a cancellation means (default `closed`). */
  cancelled?: 'closed' | 'unresolved';
  /** The end activity of the duration to an end activity (compared as the vocabulary compares texts). */
  caseEnd?: string | undefined;
  /** Stated with the process tables: bottlenecks' minimum cases (default 30), variants' repeats. */
  bottleneckMinCases?: number;
  collapseRepeats?: boolean;
}

export interface FoldState {
  table: TicketRows;
  mode: 'stream' | 'buffer';
  cases: CaseFold;
  stream: StreamFold;
  buffer: EventBuffer;
  threads: ReplyThreads | null;
  opened: Float64Array | null;
  labels: Dictionary;
  files: readonly string[];
  issueSinks: readonly IssueSink[];
  counts: { rows: number; rejected: number; accepted: number };
  sawMessages: boolean;
  mappedAttributes: ReadonlySet<string>;
  attributes: readonly string[];
  columns: EventDefinitions['columns'];
  options: FoldSummaryOptions;
}

function beforeCreation(state: FoldState, row: number, file: number, line: number): void {
  const issue: RowIssue = {
    code: 'event_before_creation',
    file: state.files[file] ?? '',
    line,
    column: null,
    value: null,
    action: 'rejected',
    message:
      `case ${state.table.ids.get(row)}: this event is earlier than the case's creation ` +
      '(its created activity, or its opened-at time)',
    hint:
      'Check the zones of the files (--input-tz) and the created activity or opened-at column; ' +
      'allow the row with --max-bad-rows.',
  };
  state.issueSinks[file]?.(issue);
}

/**
 * Conversations: each message's root found, a case made per root (in the order the conversations
 * are first met), the buffered events keyed by case; orphans and cycles reported as set aside.
 */
function threadConversations(
  state: FoldState,
  threads: ReplyThreads,
): { accounting: ConversationAccounting; nulled: number } {
  const { buffer, table } = state;
  const { root, orphans, cycles } = threads.resolve();
  const rowOf = new Int32Array(threads.ids.length).fill(-1);
  const { key: keys, line: lines, file: files } = buffer.frozen();
  let messages = 0;
  for (let m = 0; m < root.length; m++) if ((root[m] as number) >= 0) messages++;
  for (let k = 0; k < buffer.length; k++) {
    const r = root[keys[k] as number] as number;
    if (rowOf[r] === -1) rowOf[r] = table.addRow(threads.ids[r] as string, lines[k] as number);
    keys[k] = rowOf[r] as number;
  }
  const firstEvent = (m: number) => threads.firstEvent(m);
  const report = (m: number, code: 'reply_orphan' | 'reply_cycle', parent: string, message: string, hint: string) => {
    const k = firstEvent(m);
    const file = files[k] as number;
    state.issueSinks[file]?.({
      code,
      file: state.files[file] ?? '',
      line: lines[k] as number,
      column: state.columns.parent?.column ?? null,
      value: parent,
      action: 'nulled',
      message,
      hint,
    });
  };
  for (const m of orphans) {
    const id = threads.ids[m] as string;
    report(
      m,
      'reply_orphan',
      threads.parentId(m),
      `message ${id} answers ${threads.parentId(m)}, which is not in the input: it starts a conversation of its own`,
      'Export the whole conversations (the earlier messages), or keep it: the reply stands for its conversation.',
    );
  }
  for (const { message: m, parent } of cycles) {
    const id = threads.ids[m] as string;
    report(
      m,
      'reply_cycle',
      parent,
      `message ${id} is part of a reply cycle (its parent ${parent} leads back to it): ` +
        `the cycle is broken at ${id}, its earliest message, which starts the conversation`,
      'Check the export of the reply links (in_response_to / parent_id).',
    );
  }
  let conversations = 0;
  for (let m = 0; m < rowOf.length; m++) if ((rowOf[m] as number) >= 0) conversations++;
  return {
    accounting: { messages, conversations, orphans: orphans.length, cycles: cycles.length },
    nulled: orphans.length + cycles.length,
  };
}

/** Buffered: orders each case's events by time and folds them; events before creation are rejected. */
function foldBuffered(state: FoldState, n: number): void {
  const { buffer, cases, opened } = state;
  const { order, offsets } = buffer.order(n);
  const { time, file, line } = buffer.frozen();
  const e = newFoldEvent(state.attributes.length);
  for (let i = 0; i < n; i++) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    // Creation: the opened-at column, else the first `created` activity, else the first event.
    let createdAt = opened !== null && i < opened.length ? (opened[i] as number) : NaN;
    if (Number.isNaN(createdAt)) {
      createdAt = time[order[start] as number] as number;
      for (let k = start; k < end; k++) {
        if (buffer.isCreated(order[k] as number)) {
          createdAt = time[order[k] as number] as number;
          break;
        }
      }
    }
    cases.begin(i, createdAt);
    for (let k = start; k < end; k++) {
      const event = order[k] as number;
      if ((time[event] as number) < createdAt) {
        beforeCreation(state, i, file[event] as number, line[event] as number);
        continue;
      }
      buffer.read(event, e);
      cases.apply(i, e);
    }
  }
}

/** Completes the fold and attaches `table.events`; returns the row accounting. */
export function finishFold(state: FoldState): EventAccounting {
  const { table, options } = state;
  let conversations: ConversationAccounting | undefined;
  let nulled = 0;
  if (state.threads !== null) ({ accounting: conversations, nulled } = threadConversations(state, state.threads));
  const n = table.length;
  if (state.mode === 'stream') {
    for (const { row, line, file } of state.stream.finish(n)) beforeCreation(state, row, file, line);
  } else foldBuffered(state, n);
  const definitions: EventDefinitions = {
    columns: state.columns,
    case_attributes: options.caseAttributes ?? 'first',
    cancelled: options.cancelled ?? 'closed',
    case_end: options.caseEnd ?? null,
    bottleneck_min_cases: options.bottleneckMinCases ?? 30,
    variants_collapse_repeats: options.collapseRepeats ?? false,
  };
  const data = state.cases.build(table, state.labels, state.sawMessages, definitions);
  table.events = data;
  const present = table.present;
  for (const f of ['id', 'created', 'updated'] as const) present.add(f);
  if (data.hasMessages) for (const f of ['first_reply', 'agent_replies', 'customer_messages'] as const) present.add(f);
  if (data.hasStatuses)
    for (const f of ['first_solved', 'solved', 'closed', 'reopens', 'status'] as const) present.add(f);
  if (data.hasAgents) for (const f of ['assignee_stations', 'agent'] as const) present.add(f);
  if (data.hasTeams) for (const f of ['group_stations', 'team'] as const) present.add(f);
  for (const a of state.mappedAttributes)
    if ((CASE_ATTRIBUTES as readonly string[]).includes(a)) present.add(a as CaseAttribute);
  let events = 0;
  for (let i = 0; i < n; i++) events += data.events[i] as number;
  const m = state.counts.accepted;
  state.counts.rejected += m - events;
  return {
    events,
    cases: n,
    folded: events - n,
    rejected: state.counts.rejected,
    nulled,
    ...(conversations === undefined ? {} : { conversations }),
  };
}
