/**
 * The reader of one event file: turns a row into a fold event (what it means through the vocabulary,
 * who acted, which codes) and hands it to the folder. The row's texts are read once per distinct
 * value (a status, an activity, a team), so the fast engine's byte lane (engine/event-lane.ts) can
 * ask for the same readings by value and build the same event without a string per cell; `read` is
 * the text path over a record's cells, and the definition of both.
 */
import { compileDateParser } from '../../calendar/date-format.js';
import { isIsoLike } from '../../calendar/iso.js';
import { MESSAGE_NONE, newFoldEvent, type FoldEvent } from '../../derive/events/event.js';
import type { DimColumn } from '../../model/dictionary.js';
import type { TicketRows } from '../../model/ticket.js';
import { suggestDateFormat } from '../dates.js';
import type { Vocabulary } from '../events-vocabulary.js';
import { truncateValue, type IssueSink, type RowIssueCode } from '../issues.js';
import type { EventField, EventProfile } from '../profiles/types.js';
import { nullTest } from '../values.js';
import type { EventColumnPlan } from './columns.js';
import { EventMeanings, MESSAGE_LABELS, messageKind, type ActivityReading } from './meanings.js';

/** What the folder does for a file's reader: labels, case rows, and taking an event. */
export interface FolderCore {
  readonly table: TicketRows;
  /** Case attribute names, slot 0 the team. */
  readonly attributes: readonly string[];
  readonly counts: { rows: number; rejected: number; accepted: number };
  readonly vocabulary: Vocabulary;
  sawMessages: boolean;
  label(text: string): number;
  /**
   * Takes an event of case `id` (or, for conversations, of message `id` answering `parent`); `cells`
   * (or a function giving them) for the issue of an event out of time order.
   */
  accept(
    reader: EventFileReader,
    id: string,
    parent: string,
    e: FoldEvent,
    created: boolean,
    opened: number,
    line: number,
    cells: readonly string[] | (() => readonly string[]),
  ): void;
}

/** An activity text as the fold reads it. */
export interface ActivityInfo {
  reading: ActivityReading;
  created: boolean;
  /** Its label code, and its status code when it is status-like (0: not). */
  label: number;
  status: number;
}

/** A status text as the fold reads it. */
export interface StatusInfo {
  group: number;
  cancelled: boolean;
  status: number;
  label: number;
}

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

export class EventFileReader {
  /** Data rows of this file read so far (the fast lane's and the text path's). */
  rows = 0;
  readonly isNull: (lowerCaseTrimmed: string) => boolean;
  private readonly parseDate: (text: string) => number;
  private readonly meanings: EventMeanings;
  private readonly activities = new Map<string, ActivityInfo>();
  private readonly statuses = new Map<string, StatusInfo>();
  private readonly messageLabels: number[];
  /** Per attribute slot (0 the team): its column in this file (-1: none) and its dimension. */
  readonly attributeColumns: number[];
  readonly attributeDims: (DimColumn | undefined)[];
  private readonly dims: { status: DimColumn; agent: DimColumn; team: DimColumn };
  private readonly e: FoldEvent;
  private readonly pivotField: number;
  private readonly pivotValue: number;
  private readonly pivotFields: Map<string, EventField>;

  constructor(
    private readonly folder: FolderCore,
    readonly header: readonly string[],
    readonly plan: EventColumnPlan,
    readonly options: EventFileOptions,
    readonly fileIndex: number,
  ) {
    this.isNull = nullTest(new Set(options.nullTokens.map((t) => t.trim().toLowerCase())));
    this.parseDate = compileDateParser({
      ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
      timeZone: options.inputTimezone,
      option: '--date-format',
    });
    this.meanings = new EventMeanings(folder.vocabulary);
    const table = folder.table;
    this.dims = { status: table.dim('status')!, agent: table.dim('agent')!, team: table.dim('team')! };
    this.messageLabels = [0, 1, 2, 3].map((m) =>
      MESSAGE_LABELS[m] === undefined ? 0 : folder.label(MESSAGE_LABELS[m]),
    );
    this.attributeColumns = folder.attributes.map((name, a) => {
      if (a === 0) return -1;
      if (name.startsWith('column:')) {
        const wanted = name.slice('column:'.length).trim().toLowerCase();
        return header.findIndex((h) => h.trim().toLowerCase() === wanted);
      }
      return plan.columns[name as EventField] ?? -1;
    });
    this.attributeDims = folder.attributes.map((name) => table.dim(name));
    this.e = newFoldEvent(folder.attributes.length);
    const pivot = options.profile.pivot;
    const keyOf = (names: readonly string[]) =>
      header.findIndex((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
    this.pivotField = pivot ? keyOf(pivot.field) : -1;
    this.pivotValue = pivot ? keyOf(pivot.value) : -1;
    this.pivotFields = new Map(Object.entries(pivot?.fields ?? {}).map(([name, field]) => [name.toLowerCase(), field]));
  }

  /** A cell's text, trimmed; '' for a null token. */
  text(cells: readonly string[], column: number | undefined): string {
    if (column === undefined || column < 0) return '';
    const value = (cells[column] ?? '').trim();
    return this.isNull(value) ? '' : value;
  }

  /** An activity's reading, once per distinct text. */
  activity(text: string): ActivityInfo {
    let info = this.activities.get(text);
    if (info === undefined) {
      const reading = this.meanings.activity(text);
      info = {
        reading,
        created: reading.meaning === 'created',
        label: this.folder.label(text),
        status: reading.group === 0 ? 0 : this.dims.status.dictionary.intern(text),
      };
      this.activities.set(text, info);
    }
    return info;
  }

  /** A status's reading, once per distinct text. */
  status(text: string): StatusInfo {
    let info = this.statuses.get(text);
    if (info === undefined) {
      const reading = this.meanings.status(text);
      info = {
        group: reading.group,
        cancelled: reading.cancelled,
        status: this.dims.status.dictionary.intern(text),
        label: this.folder.label(text),
      };
      this.statuses.set(text, info);
    }
    return info;
  }

  isCustomerRole = (text: string): boolean => this.meanings.isCustomerRole(text);
  isInbound = (text: string): boolean => this.meanings.isInbound(text);
  isPublic = (text: string): boolean => this.meanings.isPublic(text);

  /**
   * Fills event `e` from a row's readings: the status from the status column, else a status-like
   * activity; the message kind from the activity and the author; the agent (none for the customer's
   * events); the label (the message kind's, else the activity, else the status).
   */
  compose(
    e: FoldEvent,
    activity: ActivityInfo | null,
    status: StatusInfo | null,
    agent: number,
    team: number,
    byCustomer: boolean | null,
    isPublic: boolean,
  ): void {
    if (status !== null) {
      e.group = status.group;
      e.cancelled = status.cancelled;
      e.status = status.status;
    } else if (activity !== null && activity.status !== 0) {
      e.group = activity.reading.group;
      e.cancelled = activity.reading.cancelled;
      e.status = activity.status;
    } else {
      e.group = 0;
      e.cancelled = false;
      e.status = 0;
    }
    const message = activity === null ? MESSAGE_NONE : messageKind(activity.reading, byCustomer, isPublic);
    if (message !== MESSAGE_NONE) this.folder.sawMessages = true;
    e.message = message;
    e.byCustomer = byCustomer === true;
    e.agent = byCustomer === true ? 0 : agent;
    e.team = team;
    e.attributes[0] = team;
    e.label =
      message !== MESSAGE_NONE
        ? (this.messageLabels[message] as number)
        : activity !== null
          ? activity.label
          : status !== null
            ? status.label
            : 0;
  }

  reject(
    cells: readonly string[],
    line: number,
    code: RowIssueCode,
    column: number | undefined,
    value: string,
    message: string,
    hint: string,
  ): void {
    this.folder.counts.rejected++;
    this.options.onIssue({
      code,
      file: this.options.file,
      line,
      column: column === undefined ? null : (this.header[column] ?? null),
      value: truncateValue(value),
      action: 'rejected',
      message,
      hint,
      cells,
    });
  }

  /** A timestamp's instant as the file's dates are read (NaN: it does not parse). */
  parse(text: string): number {
    return this.parseDate(text);
  }

  /** A timestamp cell's instant; NaN when empty; -Infinity when it does not parse (the row is rejected). */
  date(cells: readonly string[], line: number, column: number | undefined, what: string): number {
    const stamp = this.text(cells, column);
    if (stamp === '') return NaN;
    const at = this.parseDate(stamp);
    if (!Number.isNaN(at)) return at;
    if (this.options.dateFormat === undefined && !isIsoLike(stamp)) {
      const hint = suggestDateFormat([stamp]).message;
      this.reject(cells, line, 'date_format_needed', column, stamp, `"${stamp}" is not an ISO 8601 date`, hint);
    } else {
      const hint = 'Fix the value, or pass --date-format with the format the file uses.';
      this.reject(cells, line, 'bad_date', column, stamp, `"${stamp}" is not a valid ${what}`, hint);
    }
    return -Infinity;
  }

  /** The text path: one record's cells. */
  read = (cells: readonly string[], line: number): void => {
    const folder = this.folder;
    const cols = this.plan.columns;
    const threaded = this.plan.threaded;
    folder.counts.rows++;
    this.rows++;
    const idColumn = threaded ? cols.id : cols.case;
    const id = this.text(cells, idColumn);
    if (id === '') {
      const what = threaded ? 'the message id' : 'the case id';
      return this.reject(
        cells,
        line,
        'missing_required',
        idColumn,
        '',
        `${what} is empty`,
        `Every event needs ${what}.`,
      );
    }
    if (this.text(cells, cols.timestamp) === '') {
      const hint = 'Every event needs a timestamp.';
      return this.reject(cells, line, 'missing_required', cols.timestamp, '', 'the event timestamp is empty', hint);
    }
    const at = this.date(cells, line, cols.timestamp, 'date');
    if (at === -Infinity) return;
    const opened = threaded ? NaN : this.date(cells, line, cols.opened, 'opening time');
    if (opened === -Infinity) return;

    // What the row says: activity / status / agent / team / attributes, directly or through the pivot.
    let activity = this.plan.defaultActivity ?? this.text(cells, cols.activity);
    let status = this.text(cells, cols.status);
    let agent = this.text(cells, cols.agent);
    let team = this.text(cells, cols.team);
    const e = this.e;
    const attributes = e.attributes;
    for (let a = 1; a < attributes.length; a++) {
      const value = this.text(cells, this.attributeColumns[a]);
      attributes[a] = value === '' ? 0 : this.attributeDims[a]!.dictionary.intern(value);
    }
    if (this.pivotField >= 0) {
      const field = this.pivotFields.get(this.text(cells, this.pivotField).toLowerCase());
      const value = this.text(cells, this.pivotValue);
      if (field === 'status') status = value;
      else if (field === 'agent') agent = value;
      else if (field === 'team') team = value;
      else if (field !== undefined && value !== '') {
        const a = folder.attributes.indexOf(field);
        if (a > 0) attributes[a] = this.attributeDims[a]!.dictionary.intern(value);
      }
      if (field === 'agent' || field === 'team') activity = '';
    }
    const role = this.text(cells, cols.role);
    const inbound = role === '' ? this.text(cells, cols.inbound) : '';
    const byCustomer = role !== '' ? this.isCustomerRole(role) : inbound !== '' ? this.isInbound(inbound) : null;
    const activityInfo = activity === '' ? null : this.activity(activity);
    e.at = at;
    this.compose(
      e,
      activityInfo,
      status === '' ? null : this.status(status),
      agent === '' ? 0 : this.dims.agent.dictionary.intern(agent),
      team === '' ? 0 : this.dims.team.dictionary.intern(team),
      byCustomer,
      this.isPublic(this.text(cells, cols.public)),
    );
    folder.accept(
      this,
      id,
      threaded ? this.text(cells, cols.parent) : '',
      e,
      activityInfo?.created === true,
      opened,
      line,
      cells,
    );
  };
}
