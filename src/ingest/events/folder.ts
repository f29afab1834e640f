/**
 * Event logs -> ticket rows (docs/events.md). Each event file is read once. With one file (the
 * common case) each row is folded into its case's state as it arrives (stream.ts): no event is kept.
 * Several files (Zendesk comments + field history), `--sort-events` and conversations built from
 * reply links keep every event as numbers in typed-array columns (buffer.ts) and fold each case in
 * time order at the end. Both paths fold through the same per-case steps (case-fold.ts over
 * src/derive/events/) and fill the case's ticket row and the event data of `TicketTable.events`.
 */
import type { FoldEvent } from '../../derive/events/event.js';
import { usageError } from '../../errors.js';
import { Dictionary } from '../../model/dictionary.js';
import type { TicketField, TicketRows } from '../../model/ticket.js';
import { vocabularyKey, type Vocabulary } from '../events-vocabulary.js';
import type { IssueSink } from '../issues.js';
import { CASE_ATTRIBUTES, type EventField } from '../profiles/types.js';
import { EventBuffer } from './buffer.js';
import { CaseFold } from './case-fold.js';
import { planEventColumns } from './columns.js';
import { EventFileReader, type EventFileOptions, type FolderCore } from './file-reader.js';
import { finishFold, type EventAccounting, type FoldSummaryOptions } from './finish.js';
import { StreamMerge } from './merge.js';
import { StreamFold } from './stream.js';
import { ReplyThreads } from './threads.js';

export type { EventAccounting } from './finish.js';

export type { EventFileOptions } from './file-reader.js';

export interface EventFolderOptions extends FoldSummaryOptions {
  vocabulary: Vocabulary;
  /**
   * `stream` folds each row as it is read (one file only: a second `file()` throws); `buffer` keeps
   * every event until `finish()` to merge several files by time; `merge` streams several files read
   * side by side, each in time order (merge.ts: call `wait` and `fileDone` per file). Unset: stream,
   * unless a second file comes before any row was read (then buffer).
   */
  mode?: 'stream' | 'buffer' | 'merge';
  /**
   * Events of a case may come in any order (API exports are often unsorted): keep them and fold each
   * case in time order (ties keep file order) instead of rejecting a backwards event. Implies `buffer`.
   */
  sort?: boolean;
  /** Merging as they stream: events a file may hold before its reader waits (tests; merge.ts MERGE_HOLD). */
  mergeHold?: number;
  /** `--by` names that are no event field: the columns of that name are kept as case attributes. */
  extraDimensions?: readonly string[];
  /**
   * Finds a case's row by its id (rows are indexed once made); a Map when absent. The fast engine
   * gives an index over the table's ids that its byte lane also reads, so both paths share one.
   */
  caseIndex?: CaseIndex;
}

/** Rows by case id. */
export interface CaseIndex {
  get(id: string): number | undefined;
  /** Indexes a new row under its id (the table's). */
  set(row: number): void;
}

/** The dimensions event fields fill; any other `--by` name must be a column of the log. */
export const EVENT_DIMENSIONS: readonly string[] = ['team', 'agent', 'status', ...CASE_ATTRIBUTES];

/** The ticket fields a fold writes (case-fold.ts `build`). */
const EVENT_TABLE_FIELDS: readonly TicketField[] = [
  'id',
  'created',
  'updated',
  'first_reply',
  'first_solved',
  'solved',
  'closed',
  'reopens',
  'agent_replies',
  'customer_messages',
  'assignee_stations',
  'group_stations',
  'team',
  'agent',
  'status',
  ...CASE_ATTRIBUTES,
];

/** The table dimension an extra `--by` column of an event log is kept in. */
export const extraDimensionKey = (name: string): string => `column:${name}`;

/** The case attributes folded per case: the team first (its code is the event's), then the others. */
const attributeNames = (extras: readonly string[]): string[] => [
  'team',
  ...CASE_ATTRIBUTES,
  ...extras.map(extraDimensionKey),
];

/**
 * Folds event files into a ticket table: one row per case. Call `file()` once per input file (all of
 * them before the first row), feed every record to the returned `read`, then `finish()` once.
 * @example
 * import { TicketTable } from '../../engine/ticket-table.js';
 * import { compileVocabulary } from '../events-vocabulary.js';
 * import { eventsGeneric } from '../profiles/events/generic.js';
 * // one case: created 09:00, an agent reply 09:30 -> 2 events, 1 case, 1 row folded into it; first reply 09:30
 * const table = new TicketTable();
 * const folder = new EventFolder(table, { vocabulary: compileVocabulary() });
 * const issues = [];
 * const fileOptions = { file: 'log.csv', profile: eventsGeneric, map: {}, inputTimezone: 'UTC', nullTokens: [''] };
 * const reader = folder.file(['case', 'timestamp', 'activity'], { ...fileOptions, onIssue: (i) => issues.push(i) });
 * reader.read(['T1', '2025-01-06T09:00:00Z', 'created'], 2);
 * reader.read(['T1', '2025-01-06T09:30:00Z', 'agent reply'], 3);
 * [folder.finish(), table.instants.first_reply[0], issues]
 * // [{ events: 2, cases: 1, folded: 1, rejected: 0, nulled: 0 }, Date.UTC(2025, 0, 6, 9, 30), []]
 */
export class EventFolder implements FolderCore {
  private readonly byId: CaseIndex;
  private readonly files: string[] = [];
  private readonly issueSinks: IssueSink[] = [];
  private readonly buffer: EventBuffer;
  /** Per case: the file and timestamp of its latest event so far, for `event_out_of_order`. */
  private lastFile = new Int32Array(1024).fill(-1);
  private lastTime = new Float64Array(1024);
  /** Buffered cases' creation from an opened-at column (NaN: none), when a file has one. */
  private opened: Float64Array | null = null;
  private readonly labels = new Dictionary();
  private readonly endLabels = new Set<number>();
  readonly counts = { rows: 0, rejected: 0, accepted: 0 };
  sawMessages = false;
  private readonly mappedAttributes = new Set<string>();
  private readonly cases: CaseFold;
  private readonly streamFold: StreamFold;
  private mode: 'stream' | 'buffer' | 'merge';
  /** The merge of several files read side by side (mode `merge`). */
  private readonly merge: StreamMerge;
  /** Conversations: the reply links, when the files are conversation exports. */
  private threads: ReplyThreads | null = null;
  readonly attributes: string[];
  readonly vocabulary: Vocabulary;
  private readonly columnsByFile: Record<string, { column: string; how: 'mapped' | 'auto' }>[] = [];

  constructor(
    readonly table: TicketRows,
    private readonly options: EventFolderOptions,
  ) {
    this.attributes = attributeNames(options.extraDimensions ?? []);
    this.vocabulary = options.vocabulary;
    if (options.caseIndex !== undefined) this.byId = options.caseIndex;
    else {
      const rows = new Map<string, number>();
      this.byId = { get: (id) => rows.get(id), set: (row) => void rows.set(table.ids.get(row), row) };
    }
    this.cases = new CaseFold({
      cancelled: options.cancelled ?? 'closed',
      attributes: this.attributes,
      attributePolicy: options.caseAttributes ?? 'first',
      endLabels: this.endLabels,
    });
    this.streamFold = new StreamFold(this.cases, this.attributes.length);
    this.buffer = new EventBuffer(this.attributes.length);
    this.mode = options.sort === true ? 'buffer' : (options.mode ?? 'stream');
    this.merge = new StreamMerge(this.streamFold, this.attributes.length, options.mergeHold);
    // Columns of their own only for what a fold writes: the others share the table's all-missing
    // arrays (no row of them to set, 150 bytes a case fewer).
    table.useOnly(EVENT_TABLE_FIELDS);
    for (const name of this.attributes) if (name.startsWith('column:')) table.addExtraDim(name);
  }

  /**
   * How the events were folded: `path` is the path taken, `streamed` the rows folded as they arrived,
   * `buffered` the events kept until `finish()`, `held` the most events a merge held at once (for
   * tests and diagnostics).
   */
  get stats(): { path: 'stream' | 'buffer' | 'merge'; streamed: number; buffered: number; held: number } {
    const held = this.merge.peak;
    return { path: this.mode, streamed: this.streamFold.streamed, buffered: this.buffer.length, held };
  }

  /** The label code of a text, noting the codes the end activity has. */
  label(text: string): number {
    const before = this.labels.size;
    const code = this.labels.intern(text);
    const end = this.options.caseEnd;
    if (code > before && end !== undefined && vocabularyKey(text) === vocabularyKey(end)) this.endLabels.add(code);
    return code;
  }

  /** Prepares the reader of one file (its header resolved against the profile and mapping). */
  file(
    header: readonly string[],
    options: EventFileOptions,
  ): {
    columns: Record<string, string>;
    /** Fields picked from the column names (not mapped), with their column. */
    picked: Record<string, string>;
    threaded: boolean;
    read: (cells: readonly string[], line: number) => void;
    /** The reader, for the fast engine's byte lane. */
    reader: EventFileReader;
  } {
    if (this.mode === 'stream' && this.files.length > 0) {
      // A later file may hold earlier events of a case already folded: only the buffered path merges.
      if (this.options.mode === undefined && this.counts.rows === 0) this.mode = 'buffer';
      else throw new Error('EventFolder: a streaming fold takes one file; pass mode: "buffer" to merge several');
    }
    const plan = planEventColumns(header, options.profile, options.map);
    const cols = plan.columns;
    if (this.files.length > 0 && plan.threaded !== (this.threads !== null)) {
      throw usageError('event_mapping_missing', `${options.file}: a conversation export and a case log in one run`, {
        where: options.file,
        hint: 'Read conversations (message id + reply link) and logs with a case id in separate runs.',
      });
    }
    if (plan.threaded) {
      this.threads ??= new ReplyThreads();
      if (this.mode === 'merge') throw new Error('EventFolder: conversations are folded from the buffer, not merged');
      this.mode = 'buffer';
    }
    const pivot = options.profile.pivot;
    const has = (names: readonly string[]) =>
      header.some((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
    if (pivot && (!has(pivot.field) || !has(pivot.value))) {
      throw usageError(
        'event_mapping_missing',
        `${options.file}: a field-history file needs the columns ${pivot.field[0]} and ${pivot.value[0]}`,
        { where: options.file },
      );
    }
    const fileIndex = this.files.length;
    if (fileIndex > 255)
      throw usageError('too_many_event_files', 'at most 256 event files per run', { where: '--events' });
    this.files.push(options.file);
    this.issueSinks.push(options.onIssue);
    this.merge.file(options.file);
    const columns: Record<string, string> = {};
    const described: Record<string, { column: string; how: 'mapped' | 'auto' }> = {};
    for (const [field, column] of Object.entries(cols)) {
      columns[field] = header[column] ?? '';
      described[field] = {
        column: header[column] ?? '',
        how: plan.mapped.has(field as EventField) ? 'mapped' : 'auto',
      };
    }
    this.columnsByFile.push(described);
    for (const a of CASE_ATTRIBUTES) if (cols[a] !== undefined) this.mappedAttributes.add(a);
    if (pivot)
      for (const field of Object.values(pivot.fields) as EventField[])
        if ((CASE_ATTRIBUTES as readonly string[]).includes(field)) this.mappedAttributes.add(field);
    // With a role or direction column, no message means zero replies; without one, replies are known
    // only when some event could be told apart as agent or customer (else first reply is unavailable).
    if (cols.role !== undefined || cols.inbound !== undefined || plan.threaded) this.sawMessages = true;
    const reader = new EventFileReader(this, header, plan, options, fileIndex);
    const picked = Object.fromEntries(
      Object.entries(described).flatMap(([field, { column, how }]) => (how === 'auto' ? [[field, column]] : [])),
    );
    return { columns, picked, threaded: plan.threaded, read: reader.read, reader };
  }

  /** The case row of `id`, made when new (with its creation from an opened-at column, NaN: none). */
  caseRow(id: string, line: number, opened: number): { row: number; isNew: boolean } {
    let row = this.byId.get(id);
    if (row !== undefined) return { row, isNew: false };
    row = this.table.addRow(id, line);
    this.byId.set(row);
    if (row >= this.lastFile.length) this.growCases(row);
    if (this.opened !== null || !Number.isNaN(opened)) this.setOpened(row, opened);
    return { row, isNew: true };
  }

  /** Takes an accepted event of case (or, for conversations, message) `id`; see FolderCore. */
  accept(
    reader: EventFileReader,
    id: string,
    parent: string,
    e: FoldEvent,
    created: boolean,
    opened: number,
    line: number,
    cells: readonly string[] | (() => readonly string[]),
  ): void {
    if (this.threads !== null) {
      this.counts.accepted++;
      const m = this.threads.message(id, parent, e.at, this.buffer.length);
      this.buffer.push(m, e, created, reader.fileIndex, line);
      return;
    }
    const { row, isNew } = this.caseRow(id, line, opened);
    this.acceptCase(reader, row, isNew, e, created, opened, line, cells);
  }

  /** Takes an accepted event of case row `row`: in time order within its file, else rejected. */
  acceptCase(
    reader: EventFileReader,
    row: number,
    isNew: boolean,
    e: FoldEvent,
    created: boolean,
    opened: number,
    line: number,
    cells: readonly string[] | (() => readonly string[]),
  ): void {
    const fileIndex = reader.fileIndex;
    if (
      !isNew &&
      this.options.sort !== true &&
      this.lastFile[row] === fileIndex &&
      e.at < (this.lastTime[row] as number)
    ) {
      const all = typeof cells === 'function' ? cells() : cells;
      const column = reader.plan.columns.timestamp;
      return reader.reject(
        all,
        line,
        'event_out_of_order',
        column,
        reader.text(all, column),
        `case ${this.table.ids.get(row)}: this event is earlier than the case's previous event in this file`,
        'Events of a case must be in time order within a file (ties keep file order); pass ' +
          '--sort-events (config events.sort) to have them sorted, or allow the row with --max-bad-rows.',
      );
    }
    this.counts.accepted++;
    this.lastFile[row] = fileIndex;
    this.lastTime[row] = e.at;
    if (this.mode === 'merge') this.merge.push(fileIndex, row, e, created, line, opened);
    else if (this.mode === 'stream') this.streamFold.add(row, isNew, e, created, line, opened);
    else this.buffer.push(row, e, created, fileIndex, line);
  }

  /** Whether several files are merged as they stream (read side by side). */
  get merging(): boolean {
    return this.mode === 'merge';
  }

  /** Merging: a promise the file's reader waits for before reading on (see merge.ts), or undefined. */
  wait(reader: EventFileReader): Promise<void> | undefined {
    if (this.mode !== 'merge') return undefined;
    if (this.expected !== undefined) this.expectMerged();
    return this.merge.wait(reader.fileIndex);
  }

  /** Merging: each file's rows in all (-1: not estimated yet) and how to make room for the cases. */
  private expected: { rows: number[]; reserve: (cases: number) => void } | undefined;

  /**
   * Merging: file `reader` expects `rows` more rows (the fast reader's estimate from its bytes so far).
   * Once every file said so and the merged fold took 1/32 of their rows, the cases it began per row
   * over the rows of all files are the cases to make room for, once (as one file's first rows are).
   */
  expectFileRows(reader: EventFileReader, rows: number, reserve: (cases: number) => void): void {
    this.expected ??= { rows: this.files.map(() => -1), reserve };
    this.expected.rows[reader.fileIndex] = reader.rows + rows;
  }

  private expectMerged(): void {
    const expected = this.expected as { rows: number[]; reserve: (cases: number) => void };
    let all = 0;
    for (const rows of expected.rows) {
      if (rows < 0) return;
      all += rows;
    }
    const folded = this.streamFold.streamed;
    if (folded < Math.max(256, all >> 5)) return;
    this.expected = undefined;
    expected.reserve(Math.ceil((this.streamFold.begins / folded) * all * 1.05));
  }

  /** Merging: stops the other files' readers after a file failed (they throw at their next event). */
  abortMerge(error: Error): void {
    if (this.mode === 'merge') this.merge.abort(error);
  }

  /** The file's rows are all read (merging: its events no longer hold the others back). */
  fileDone(reader: EventFileReader): void {
    if (this.mode === 'merge') this.merge.finish(reader.fileIndex);
  }

  /** Makes room for `cases` cases in all (an estimate of the fast reader's: the arrays grow once). */
  reserveCases(cases: number): void {
    if (cases <= this.lastFile.length) return;
    this.cases.reserve(cases - 1);
    this.streamFold.reserve(cases - 1);
    this.growCases(cases - 1);
  }

  private growCases(row: number): void {
    const c = Math.max(this.lastFile.length * 2, row + 1);
    const from = this.lastFile.length;
    const lastFile = new Int32Array(c).fill(-1, from);
    lastFile.set(this.lastFile);
    this.lastFile = lastFile;
    const lastTime = new Float64Array(c);
    lastTime.set(this.lastTime);
    this.lastTime = lastTime;
  }

  private setOpened(row: number, opened: number): void {
    if (this.opened === null) this.opened = new Float64Array(Math.max(1024, row + 1)).fill(NaN);
    if (row >= this.opened.length) {
      const next = new Float64Array(Math.max(this.opened.length * 2, row + 1)).fill(NaN);
      next.set(this.opened);
      this.opened = next;
    }
    this.opened[row] = opened;
  }

  /** Completes the fold (buffered: orders each case's events by time first) and attaches `table.events`. */
  finish(): EventAccounting {
    if (this.mode === 'merge' && !this.merge.done) throw new Error('EventFolder: a merged file was not done');
    return finishFold({
      table: this.table,
      mode: this.mode === 'merge' ? 'stream' : this.mode,
      cases: this.cases,
      stream: this.streamFold,
      buffer: this.buffer,
      threads: this.threads,
      opened: this.opened,
      labels: this.labels,
      files: this.files,
      issueSinks: this.issueSinks,
      counts: this.counts,
      sawMessages: this.sawMessages,
      mappedAttributes: this.mappedAttributes,
      attributes: this.attributes,
      columns: Object.assign({}, ...this.columnsByFile),
      options: this.options,
    });
  }
}
