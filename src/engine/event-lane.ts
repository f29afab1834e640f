/**
 * The fast engine's event lane: the record sink that reads an event log's rows from their bytes (no
 * string per cell), for the fast CSV reader, which then scans a large file on its reading thread and
 * runs the cell pass (null, clean, ISO timestamps) there too. Case ids are found through the IdIndex
 * over the table's ids the folder indexes its cases in; activities, statuses, roles, directions and
 * public flags are interned per column and read once per distinct value through the file's reader
 * (ingest/events/file-reader.ts), agents, teams and case attributes straight into their dictionaries. Anything the bytes cannot
 * decide (padding, escaped quotes, an empty id or timestamp, a timestamp that does not parse) goes to
 * the reader's text path, `read`, which is the definition: both build the same event.
 */
import { DimColumn } from '../model/dictionary.js';
import type { EventFolder } from '../ingest/events/folder.js';
import type { ActivityInfo, EventFileReader, StatusInfo } from '../ingest/events/file-reader.js';
import { newFoldEvent } from '../derive/events/event.js';
import { ByteInterner } from './byte-interner.js';
import type { ByteRecord, CellPlan, RecordSink } from './byte-record.js';
import { CellState, createCellPass, PassKind } from './cell-pass.js';
import type { IdIndex } from './ticket-ids.js';
import type { TicketTable } from './ticket-table.js';

/** A column's interner and what each code means (made on first sight of a value). */
class Values<T> {
  private readonly column = new DimColumn(0);
  private readonly interner = new ByteInterner(this.column);
  private readonly meanings: (T | undefined)[] = [];

  constructor(private readonly read: (text: string) => T) {}

  of(buf: Buffer, s: number, e: number): T {
    const code = this.interner.code(buf, s, e);
    let meaning = this.meanings[code];
    if (meaning === undefined) {
      meaning = this.read(this.column.dictionary.value(code) ?? '');
      this.meanings[code] = meaning;
    }
    return meaning;
  }
}

/**
 * The sink of one event file read by the fast engine, or undefined when the lane does not read it
 * (conversations, whose case is known only at the end; field-history files; null tokens that are
 * not ASCII).
 */
export function eventRecordSink(
  reader: EventFileReader,
  folder: EventFolder,
  table: TicketTable,
  index: IdIndex,
): RecordSink {
  const lane = createEventLane(reader, folder, table, index);
  return {
    read: reader.read,
    readBytes: lane?.readBytes,
    cellPlan: lane?.cellPlan,
    expectRows: (rows) => {
      // Cases to come, from the cases per row so far: the table and the fold grow once, not by doubling.
      // Files merged side by side: each file's first rows over-count the cases per row (a file of
      // creations brings a new case on most of its rows: 397k cases for 170k on the 1M bench log split
      // in two); the folder estimates once from the merged fold (EventFolder.expectFileRows).
      const reserve = (cases: number) => {
        table.reserve(cases);
        index.reserve(cases);
        folder.reserveCases(cases);
      };
      if (folder.merging) return folder.expectFileRows(reader, rows, reserve);
      const read = folder.counts.rows;
      if (read < 256 || table.length === 0) return;
      reserve(Math.ceil((table.length / read) * (read + rows) * 1.05));
    },
    wait: () => folder.wait(reader),
    // The table's rows set to "missing" ahead of the cases, on the reading thread or while it waits.
    rowPlan: () => table.rowPlan(),
    rowsInitialized: (plan, rows) => table.rowsInitialized(plan, rows),
    idle: () => table.initializeAhead(),
  };
}

function createEventLane(
  reader: EventFileReader,
  folder: EventFolder,
  table: TicketTable,
  index: IdIndex,
): { readBytes: (r: ByteRecord) => void; cellPlan: CellPlan } | undefined {
  const { plan, options } = reader;
  if (plan.threaded || options.profile.pivot !== undefined) return undefined;
  const nullTokens = options.nullTokens.map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  if (nullTokens.some((t) => !/^[\x20-\x7e]*$/.test(t))) return undefined;
  const cols = plan.columns;
  const cellPlan: CellPlan = {
    columns: [],
    kinds: [],
    unitMs: [],
    nullTokens,
    isoZone: options.dateFormat === undefined ? options.inputTimezone : undefined,
    maxDurationDays: undefined,
  };
  /** The planned cell of column `column` (-1: none). */
  const planned = (column: number | undefined, kind: PassKind): number => {
    if (column === undefined || column < 0) return -1;
    cellPlan.columns.push(column);
    cellPlan.kinds.push(kind);
    cellPlan.unitMs.push(0);
    return cellPlan.columns.length - 1;
  };
  const idCell = planned(cols.case, PassKind.state);
  const atCell = planned(cols.timestamp, PassKind.instant);
  const openedCell = planned(cols.opened, PassKind.instant);
  const activityCell = plan.defaultActivity === undefined ? planned(cols.activity, PassKind.state) : -1;
  const statusCell = planned(cols.status, PassKind.state);
  const agentCell = planned(cols.agent, PassKind.state);
  const teamCell = planned(cols.team, PassKind.state);
  const roleCell = planned(cols.role, PassKind.state);
  const inboundCell = planned(cols.inbound, PassKind.state);
  const publicCell = planned(cols.public, PassKind.state);
  const attributeCells = reader.attributeColumns.map((column, a) => (a === 0 ? -1 : planned(column, PassKind.state)));
  const m = cellPlan.columns.length;
  const pass = createCellPass(cellPlan);

  const activities = new Values<ActivityInfo>((text) => reader.activity(text));
  const statuses = new Values<StatusInfo>((text) => reader.status(text));
  const roles = new Values<boolean>(reader.isCustomerRole);
  const inbounds = new Values<boolean>(reader.isInbound);
  const publics = new Values<boolean>(reader.isPublic);
  const agents = new ByteInterner(table.dim('agent')!);
  const teams = new ByteInterner(table.dim('team')!);
  const attributes = reader.attributeDims.map((dim, a) =>
    a === 0 || dim === undefined || (attributeCells[a] as number) < 0 ? undefined : new ByteInterner(dim),
  );
  const defaultActivity = plan.defaultActivity === undefined ? null : reader.activity(plan.defaultActivity);
  const e = newFoldEvent(folder.attributes.length);
  let ownStates = new Uint8Array(m);
  let ownValues = new Float64Array(m);

  const readBytes = (r: ByteRecord): void => {
    let states = r.cellStates;
    let values = r.cellValues;
    let at = r.cellAt;
    if (states === undefined || values === undefined) {
      if (ownStates.length < m) {
        ownStates = new Uint8Array(m);
        ownValues = new Float64Array(m);
      }
      pass.pass(r, ownStates, ownValues, 0);
      states = ownStates;
      values = ownValues;
      at = 0;
    }
    for (let i = 0; i < m; i++) {
      if (states[at + i] === CellState.undecided) return reader.read(r.cells(), r.line);
    }
    // An empty id or timestamp is the text path's to reject.
    if (states[at + idCell] !== CellState.ready || states[at + atCell] === CellState.null) {
      return reader.read(r.cells(), r.line);
    }
    const time =
      states[at + atCell] === CellState.ready
        ? (values[at + atCell] as number)
        : reader.parse(r.text(cols.timestamp as number));
    let opened = NaN;
    if (openedCell >= 0 && states[at + openedCell] !== CellState.null) {
      opened =
        states[at + openedCell] === CellState.ready
          ? (values[at + openedCell] as number)
          : reader.parse(r.text(cols.opened as number));
    }
    if (Number.isNaN(time) || (openedCell >= 0 && states[at + openedCell] !== CellState.null && Number.isNaN(opened)))
      return reader.read(r.cells(), r.line);
    folder.counts.rows++;
    reader.rows++;
    const buf = r.buf;
    const first = r.first;
    const starts = r.starts;
    const ends = r.ends;
    const ready = (cell: number): boolean => cell >= 0 && states[at + cell] === CellState.ready;
    const start = (cell: number): number => starts[first + (cellPlan.columns[cell] as number)] as number;
    const end = (cell: number): number => ends[first + (cellPlan.columns[cell] as number)] as number;
    const activity = ready(activityCell) ? activities.of(buf, start(activityCell), end(activityCell)) : defaultActivity;
    const status = ready(statusCell) ? statuses.of(buf, start(statusCell), end(statusCell)) : null;
    const byCustomer = ready(roleCell)
      ? roles.of(buf, start(roleCell), end(roleCell))
      : ready(inboundCell)
        ? inbounds.of(buf, start(inboundCell), end(inboundCell))
        : null;
    const isPublic = ready(publicCell) ? publics.of(buf, start(publicCell), end(publicCell)) : true;
    for (let a = 1; a < e.attributes.length; a++) {
      const cell = attributeCells[a] as number;
      e.attributes[a] = ready(cell) ? (attributes[a] as ByteInterner).code(buf, start(cell), end(cell)) : 0;
    }
    e.at = time;
    reader.compose(
      e,
      activity,
      status,
      ready(agentCell) ? agents.code(buf, start(agentCell), end(agentCell)) : 0,
      ready(teamCell) ? teams.code(buf, start(teamCell), end(teamCell)) : 0,
      byCustomer,
      isPublic,
    );
    const created = activity?.created === true;
    let row = index.getBytes(buf, start(idCell), end(idCell));
    let isNew = false;
    if (row === undefined) {
      // A new case (the folder indexes it): its id as text, once.
      const made = folder.caseRow(r.text(cols.case as number), r.line, opened);
      row = made.row;
      isNew = made.isNew;
    }
    folder.acceptCase(reader, row, isNew, e, created, opened, r.line, () => r.cells());
  };
  return { readBytes, cellPlan };
}
