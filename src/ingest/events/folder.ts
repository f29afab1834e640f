/**
 * Event logs -> ticket rows (docs/events.md). Each event file is read once. With one file (the
 * common case) each row is folded into its case's state as it arrives (stream.ts): no event is kept.
 * Several files (Zendesk comments + field history), `--sort-events` and conversations built from
 * reply links keep every event as numbers in typed-array columns (buffer.ts) and fold each case in
 * time order at the end. Both paths fold through the same per-case steps (case-fold.ts over
 * src/derive/events/) and fill the case's ticket row and the event data of `TicketTable.events`.
 */
import { compileDateParser } from '../../calendar/date-format.js';
import { isIsoLike } from '../../calendar/iso.js';
import { MESSAGE_NONE, newFoldEvent } from '../../derive/events/event.js';
import { usageError } from '../../errors.js';
import { Dictionary } from '../../model/dictionary.js';
import type { TicketRows } from '../../model/ticket.js';
import { suggestDateFormat } from '../dates.js';
import { vocabularyKey, type Vocabulary } from '../events-vocabulary.js';
import { truncateValue, type IssueSink, type RowIssueCode } from '../issues.js';
import { CASE_ATTRIBUTES, type EventField, type EventProfile } from '../profiles/types.js';
import { nullTest } from '../values.js';
import { EventBuffer } from './buffer.js';
import { CaseFold } from './case-fold.js';
import { planEventColumns } from './columns.js';
import { finishFold, type EventAccounting, type FoldSummaryOptions } from './finish.js';
import { EventMeanings, labelOf, messageKind } from './meanings.js';
import { StreamFold } from './stream.js';
import { ReplyThreads } from './threads.js';

export type { EventAccounting } from './finish.js';

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

export interface EventFolderOptions extends FoldSummaryOptions {
  vocabulary: Vocabulary;
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
  /** `--by` names that are no event field: the columns of that name are kept as case attributes. */
  extraDimensions?: readonly string[];
}

/** The dimensions event fields fill; any other `--by` name must be a column of the log. */
export const EVENT_DIMENSIONS: readonly string[] = ['team', 'agent', 'status', ...CASE_ATTRIBUTES];

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
 * const folder = new EventFolder(table, { vocabulary: compileVocabulary() });
 * const reader = folder.file(['case', 'timestamp', 'activity'], { file: 'log.csv', profile: eventsGeneric, map: {},
 * inputTimezone: 'UTC', nullTokens: [''], onIssue });
 * reader.read(['T1', '2025-01-06T09:00:00Z', 'created'], 2);
 * reader.read(['T1', '2025-01-06T09:30:00Z', 'agent reply'], 3);
 * folder.finish(); // => { events: 2, cases: 1, folded: 1, rejected: 0, nulled: 0 }; first_reply[0] = 09:30
 */
export class EventFolder {
  private readonly byId = new Map<string, number>();
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
  private readonly counts = { rows: 0, rejected: 0, accepted: 0 };
  private sawMessages = false;
  private readonly mappedAttributes = new Set<string>();
  private readonly cases: CaseFold;
  private readonly streamFold: StreamFold;
  private mode: 'stream' | 'buffer';
  /** Conversations: the reply links, when the files are conversation exports. */
  private threads: ReplyThreads | null = null;
  private readonly attributes: string[];
  private readonly columnsByFile: Record<string, { column: string; how: 'mapped' | 'auto' }>[] = [];

  constructor(
    readonly table: TicketRows,
    private readonly options: EventFolderOptions,
  ) {
    this.attributes = attributeNames(options.extraDimensions ?? []);
    this.cases = new CaseFold({
      cancelled: options.cancelled ?? 'closed',
      attributes: this.attributes,
      attributePolicy: options.caseAttributes ?? 'first',
      endLabels: this.endLabels,
    });
    this.streamFold = new StreamFold(this.cases, this.attributes.length);
    this.buffer = new EventBuffer(this.attributes.length);
    this.mode = options.mode === 'buffer' || options.sort === true ? 'buffer' : 'stream';
    for (const name of this.attributes) if (name.startsWith('column:')) table.addExtraDim(name);
  }

  /**
   * How the events were folded: `path` is the path taken, `streamed` the rows folded as they arrived,
   * `buffered` the events kept until `finish()` (for tests and diagnostics).
   */
  get stats(): { path: 'stream' | 'buffer'; streamed: number; buffered: number } {
    return { path: this.mode, streamed: this.streamFold.streamed, buffered: this.buffer.length };
  }

  /** The label code of a text, noting the codes the end activity has. */
  private label(text: string): number {
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
      this.mode = 'buffer';
    }
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
    const table = this.table;
    const isNull = nullTest(new Set(options.nullTokens.map((t) => t.trim().toLowerCase())));
    const parseDate = compileDateParser({
      ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
      timeZone: options.inputTimezone,
      option: '--date-format',
    });
    const meanings = new EventMeanings(this.options.vocabulary);
    const statusDim = table.dim('status')!;
    const agentDim = table.dim('agent')!;
    const teamDim = table.dim('team')!;
    // Attribute slots 1.. (0 is the team): the column of each in this file, and its dimension.
    const attributeColumns = this.attributes.map((name, a) => {
      if (a === 0) return -1;
      if (name.startsWith('column:')) {
        const wanted = name.slice('column:'.length).trim().toLowerCase();
        return header.findIndex((h) => h.trim().toLowerCase() === wanted);
      }
      return cols[name as EventField] ?? -1;
    });
    const attributeDims = this.attributes.map((name) => table.dim(name));
    for (const a of CASE_ATTRIBUTES) if (cols[a] !== undefined) this.mappedAttributes.add(a);
    if (pivot)
      for (const field of pivotFields.values())
        if ((CASE_ATTRIBUTES as readonly string[]).includes(field)) this.mappedAttributes.add(field);
    // With a role or direction column, no message means zero replies; without one, replies are known
    // only when some event could be told apart as agent or customer (else first reply is unavailable).
    if (cols.role !== undefined || cols.inbound !== undefined || plan.threaded) this.sawMessages = true;
    const headerOf = (column: number | undefined) => (column === undefined ? null : (header[column] ?? null));
    const text = (cells: readonly string[], column: number | undefined): string => {
      if (column === undefined || column < 0) return '';
      const value = (cells[column] ?? '').trim();
      return isNull(value) ? '' : value;
    };
    const e = newFoldEvent(this.attributes.length);
    const threads = this.threads;
    const defaultActivity = plan.defaultActivity;
    const reject = (
      cells: readonly string[],
      line: number,
      code: RowIssueCode,
      column: number | undefined,
      value: string,
      message: string,
      hint: string,
    ): void => {
      this.counts.rejected++;
      options.onIssue({
        code,
        file: options.file,
        line,
        column: headerOf(column),
        value: truncateValue(value),
        action: 'rejected',
        message,
        hint,
        cells,
      });
    };
    const date = (cells: readonly string[], line: number, column: number | undefined, what: string): number => {
      const stamp = text(cells, column);
      if (stamp === '') return NaN;
      const at = parseDate(stamp);
      if (!Number.isNaN(at)) return at;
      if (options.dateFormat === undefined && !isIsoLike(stamp)) {
        reject(
          cells,
          line,
          'date_format_needed',
          column,
          stamp,
          `"${stamp}" is not an ISO 8601 date`,
          suggestDateFormat([stamp]).message,
        );
      } else {
        reject(
          cells,
          line,
          'bad_date',
          column,
          stamp,
          `"${stamp}" is not a valid ${what}`,
          'Fix the value, or pass --date-format with the format the file uses.',
        );
      }
      return -Infinity;
    };

    const read = (cells: readonly string[], line: number): void => {
      this.counts.rows++;
      const idColumn = threads ? cols.id : cols.case;
      const id = text(cells, idColumn);
      if (id === '') {
        const what = threads ? 'the message id' : 'the case id';
        return reject(cells, line, 'missing_required', idColumn, '', `${what} is empty`, `Every event needs ${what}.`);
      }
      if (text(cells, cols.timestamp) === '') {
        const hint = 'Every event needs a timestamp.';
        return reject(cells, line, 'missing_required', cols.timestamp, '', 'the event timestamp is empty', hint);
      }
      const at = date(cells, line, cols.timestamp, 'date');
      if (at === -Infinity) return;
      const opened = threads ? NaN : date(cells, line, cols.opened, 'opening time');
      if (opened === -Infinity) return;

      // What the row says: activity / status / agent / team / attributes, directly or through the pivot.
      let activity = defaultActivity ?? text(cells, cols.activity);
      let status = text(cells, cols.status);
      let agent = text(cells, cols.agent);
      let team = text(cells, cols.team);
      const attributes = e.attributes;
      for (let a = 1; a < attributes.length; a++) {
        const value = text(cells, attributeColumns[a]);
        attributes[a] = value === '' ? 0 : attributeDims[a]!.dictionary.intern(value);
      }
      if (pivot) {
        const field = pivotFields.get(text(cells, pivotField).toLowerCase());
        const value = text(cells, pivotValue);
        if (field === 'status') status = value;
        else if (field === 'agent') agent = value;
        else if (field === 'team') team = value;
        else if (field !== undefined && value !== '') {
          const a = this.attributes.indexOf(field);
          if (a > 0) attributes[a] = attributeDims[a]!.dictionary.intern(value);
        }
        if (field === 'agent' || field === 'team') activity = '';
      }

      const reading = activity === '' ? null : meanings.activity(activity);
      let group = 0;
      let statusCode = 0;
      let cancelled = false;
      if (status !== '') {
        const statusReading = meanings.status(status);
        group = statusReading.group;
        cancelled = statusReading.cancelled;
        statusCode = statusDim.dictionary.intern(status);
      } else if (reading !== null && reading.group !== 0) {
        group = reading.group;
        cancelled = reading.cancelled;
        statusCode = statusDim.dictionary.intern(activity);
      }
      const role = text(cells, cols.role);
      const inbound = role === '' ? text(cells, cols.inbound) : '';
      const byCustomer =
        role !== '' ? meanings.isCustomerRole(role) : inbound !== '' ? meanings.isInbound(inbound) : null;
      const message =
        reading === null ? MESSAGE_NONE : messageKind(reading, byCustomer, meanings.isPublic(text(cells, cols.public)));
      if (message !== MESSAGE_NONE) this.sawMessages = true;
      e.at = at;
      e.group = group;
      e.status = statusCode;
      e.cancelled = cancelled;
      e.message = message;
      e.byCustomer = byCustomer === true;
      e.agent = agent === '' || byCustomer === true ? 0 : agentDim.dictionary.intern(agent);
      e.team = team === '' ? 0 : teamDim.dictionary.intern(team);
      attributes[0] = e.team;
      const labelText = labelOf(message, activity, status);
      e.label = labelText === '' ? 0 : this.label(labelText);
      const created = reading?.meaning === 'created';
      this.counts.accepted++;

      if (threads) {
        const m = threads.message(id, text(cells, cols.parent), at, this.buffer.length);
        this.buffer.push(m, e, created, fileIndex, line);
        return;
      }
      let row = this.byId.get(id);
      const isNew = row === undefined;
      if (row === undefined) {
        row = table.addRow(id, line);
        this.byId.set(id, row);
        if (row >= this.lastFile.length) this.growCases(row);
        if (this.opened !== null || !Number.isNaN(opened)) this.setOpened(row, opened);
      } else if (
        this.options.sort !== true &&
        this.lastFile[row] === fileIndex &&
        at < (this.lastTime[row] as number)
      ) {
        this.counts.accepted--;
        return reject(
          cells,
          line,
          'event_out_of_order',
          cols.timestamp,
          text(cells, cols.timestamp),
          `case ${id}: this event is earlier than the case's previous event in this file`,
          'Events of a case must be in time order within a file (ties keep file order); pass ' +
            '--sort-events (config events.sort) to have them sorted, or allow the row with --max-bad-rows.',
        );
      }
      this.lastFile[row] = fileIndex;
      this.lastTime[row] = at;
      if (this.mode === 'stream') this.streamFold.add(row, isNew, e, created, line, opened);
      else this.buffer.push(row, e, created, fileIndex, line);
    };
    const picked = Object.fromEntries(
      Object.entries(described).flatMap(([field, { column, how }]) => (how === 'auto' ? [[field, column]] : [])),
    );
    return { columns, picked, threaded: plan.threaded, read };
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
    return finishFold({
      table: this.table,
      mode: this.mode,
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
