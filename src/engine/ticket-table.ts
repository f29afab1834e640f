/**
 * The growable column store the readers fill (the model's `Tickets` view over typed arrays): row
 * capacity, the shared all-missing columns, the rows set ahead by a reading thread (row-plan.ts) and
 * the spare memory of the report's arrays (spare.ts) are the engine's, private to it.
 */
import {
  COUNT_FIELDS,
  DIM_FIELDS,
  DURATION_FIELDS,
  fieldKind,
  INSTANT_FIELDS,
  TICKET_FIELDS,
  VERDICT_FIELDS,
  type ComplaintMatch,
  type CountField,
  type DimField,
  type DurationField,
  type InstantField,
  type TicketField,
  type Tickets,
  type VerdictField,
} from '../model/ticket.js';
import type { EventCaseData } from '../model/events.js';
import { initializeRows, type ColumnArray, type RowPlan } from './row-plan.js';
import type { SpareMemory } from './spare.js';
import { TicketIds } from './ticket-ids.js';
import { DimColumn } from '../model/dictionary.js';

export { Dictionary, DimColumn, type LazyText } from '../model/dictionary.js';

/**
 * A copy of `array`'s first `used` entries with room for `capacity`, the others zero. In shared memory: a large
 * table's columns can then be read by a second thread where they are (repeat-flags.ts) instead of
 * copied for it, and the fast engine's reading thread can set new rows to "missing" ahead of them
 * (TicketTable.rowPlan); typed arrays read and write shared memory as fast as their own.
 */
function grow<T extends ColumnArray>(array: T, capacity: number, used: number): T {
  const Type = array.constructor as (new (buffer: SharedArrayBuffer) => T) & { BYTES_PER_ELEMENT: number };
  const next = new Type(new SharedArrayBuffer(capacity * Type.BYTES_PER_ELEMENT));
  next.set(array.subarray(0, used));
  return next;
}

/** Rows a table sets to "missing" at a time when it does it itself. */
const INITIALIZE_ROWS = 4096;

export class TicketTable implements Tickets {
  length = 0;
  private capacity: number;
  /** Ticket id of each row (`file:line` when the input has no id column). */
  readonly ids = new TicketIds();
  readonly instants: Record<InstantField, Float64Array>;
  readonly durations: Record<DurationField, Float64Array>;
  readonly counts: Record<CountField, Int32Array>;
  readonly dims: Map<string, DimColumn> = new Map();
  satisfaction: Int8Array;
  /** Vendor SLA verdicts, codes of {@link Verdict}. */
  readonly verdicts: Record<VerdictField, Int8Array>;
  /** 1 when the ticket is a follow-up of a closed ticket (Zendesk `Via: Closed ticket`). */
  followUp: Uint8Array;
  /** Input line of the row that produced each ticket (first line of a multi-line record; 32 bits, as any real file). */
  lines: Uint32Array;
  /**
   * Complaint classes of each ticket, set at ingest (src/complaints): bit k = class `complaintClasses[k]`.
   * All zero, sharing the "missing" codes array, until a classifier calls `declareComplaints`.
   */
  complaints: Uint32Array;
  complaintClasses: string[] = [];
  /** With `--explain` only: the rule matches behind each ticket's classes, by row. */
  readonly complaintMatches = new Map<number, ComplaintMatch[]>();
  /** Fields the input provides (mapped to a column); metrics needing others are unavailable. */
  readonly present = new Set<TicketField>();
  /** Extra dimension names (columns kept for `--by`), in input order. */
  readonly extraDims: string[] = [];
  /** The numbers of the configured metrics by metric id (Model: Tickets.numbers). */
  readonly numbers = new Map<string, Float64Array>();
  /** Per-case accumulators when the tickets were folded from an event log (docs/events.md); absent otherwise. */
  events?: EventCaseData;
  /**
   * Memory for the arrays a report makes after reading (see spare.ts), mapped by `initializeAhead`
   * once every reserved row is set; undefined when no report asked for it, or once it is used.
   */
  spare: SpareMemory | undefined;
  /** Fields with arrays of their own. */
  private readonly declared = new Set<TicketField>();
  /**
   * Changes whenever a column array is replaced (growth, `declare`, `useOnly`): holders of arrays look them up again.
   */
  layout = 0;
  /** The shared "missing" arrays of undeclared columns, one per array type. */
  private shared: { float: Float64Array; count: Int32Array; code: Uint32Array; small: Int8Array };
  /**
   * Rows [0, initialized) of every array hold "missing" or a value; the rows after it are zero, set
   * to "missing" when a row reaches them ({@link addRow}), or earlier by a reading thread (rowPlan).
   */
  private initialized: number;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    const c = this.capacity;
    this.shared = {
      float: new Float64Array(c).fill(NaN),
      count: new Int32Array(c).fill(-1),
      code: new Uint32Array(c),
      small: new Int8Array(c).fill(-1),
    };
    const { float, count, code, small } = this.shared;
    this.instants = Object.fromEntries(INSTANT_FIELDS.map((f) => [f, float])) as Record<InstantField, Float64Array>;
    this.durations = Object.fromEntries(DURATION_FIELDS.map((f) => [f, float])) as Record<DurationField, Float64Array>;
    this.counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, count])) as Record<CountField, Int32Array>;
    for (const f of DIM_FIELDS) this.dims.set(f, new DimColumn(code));
    this.satisfaction = small;
    this.verdicts = Object.fromEntries(VERDICT_FIELDS.map((f) => [f, small])) as Record<VerdictField, Int8Array>;
    this.followUp = new Uint8Array(c);
    this.lines = new Uint32Array(c);
    this.complaints = code;
    this.initialized = c;
    for (const f of TICKET_FIELDS) this.declare(f);
  }

  /**
   * Keeps arrays of their own for `fields` only, the others sharing the arrays of "missing": the
   * normalizer's call with the fields the input maps. On a table that already has rows (a second
   * input file), only declares `fields`.
   */
  useOnly(fields: Iterable<TicketField>): void {
    const wanted = new Set(fields);
    if (this.length === 0) {
      for (const f of this.declared) if (!wanted.has(f)) this.share(f);
    }
    for (const f of wanted) this.declare(f);
  }

  /**
   * Gives `field` an array of its own (missing in the rows so far), so that values can be written into it. Idempotent.
   */
  declare(field: TicketField): void {
    if (field === 'id' || this.declared.has(field)) return;
    this.declared.add(field);
    this.layout++;
    const kind = fieldKind(field);
    const own = <T extends Float64Array | Int32Array | Uint32Array | Int8Array>(shared: T): T => {
      const array = new (shared.constructor as new (n: number) => T)(this.capacity);
      const missing = kind === 'instant' || kind === 'duration' ? NaN : kind === 'dim' ? 0 : -1;
      if (missing !== 0) array.fill(missing);
      return array;
    };
    if (kind === 'instant') this.instants[field as InstantField] = own(this.shared.float);
    else if (kind === 'duration') this.durations[field as DurationField] = own(this.shared.float);
    else if (kind === 'count') this.counts[field as CountField] = own(this.shared.count);
    else if (kind === 'dim') (this.dims.get(field) as DimColumn).codes = own(this.shared.code);
    else if (kind === 'satisfaction') this.satisfaction = own(this.shared.small);
    else this.verdicts[field as VerdictField] = own(this.shared.small);
  }

  /** Points an (empty) column at the shared array of its kind. */
  private share(field: TicketField): void {
    this.declared.delete(field);
    this.layout++;
    const kind = fieldKind(field);
    if (kind === 'instant') this.instants[field as InstantField] = this.shared.float;
    else if (kind === 'duration') this.durations[field as DurationField] = this.shared.float;
    else if (kind === 'count') this.counts[field as CountField] = this.shared.count;
    else if (kind === 'dim') (this.dims.get(field) as DimColumn).codes = this.shared.code;
    else if (kind === 'satisfaction') this.satisfaction = this.shared.small;
    else if (kind === 'verdict') this.verdicts[field as VerdictField] = this.shared.small;
  }

  /** Gives the complaint classes an array of their own, so that a classifier can set them. Idempotent. */
  declareComplaints(): void {
    if (this.complaints !== this.shared.code) return;
    this.complaints = new Uint32Array(this.capacity);
    this.layout++;
  }

  /** Declares an extra dimension column (any input column usable with `--by`). */
  addExtraDim(name: string): DimColumn {
    let column = this.dims.get(name);
    if (!column) {
      column = new DimColumn(new Uint32Array(this.capacity));
      this.dims.set(name, column);
      this.extraDims.push(name);
    } else if ((DIM_FIELDS as readonly string[]).includes(name)) {
      // A field's own column (`order_ref`, derived from subjects, is no mapping name and can come
      // here as an extra): it needs an array of its own before anything is written into it.
      this.declare(name as DimField);
    }
    return column;
  }

  /** Declares the number column of a configured metric (NaN in every row so far); returns it. */
  addNumber(name: string): Float64Array {
    let column = this.numbers.get(name);
    if (column === undefined) {
      column = new Float64Array(new SharedArrayBuffer(8 * this.capacity)).fill(NaN);
      this.numbers.set(name, column);
      this.layout++;
    }
    return column;
  }

  dim(name: string): DimColumn | undefined {
    return this.dims.get(name);
  }

  /**
   * Whether `array` is a shared array of "missing", the column of every field no input fills (all missing, never
   * written).
   */
  isMissingColumn(array: ColumnArray): boolean {
    const { float, count, code, small } = this.shared;
    return array === float || array === count || array === code || array === small;
  }

  /**
   * Makes room for `rows` rows in all, so that a reader which knows about how many rows follow (from
   * the input's size) grows the columns once instead of copying them at every doubling.
   */
  reserve(rows: number): void {
    if (rows > this.capacity) this.growTo(Math.ceil(rows));
    this.ids.reserveRows(rows);
  }

  /** Reserves a new row filled with "missing" and returns its index. */
  addRow(id: string, line: number): number {
    if (this.length === this.capacity) this.growTo(this.capacity * 2);
    if (this.length === this.initialized) this.initializeNext();
    const row = this.length++;
    this.ids.push(id);
    this.lines[row] = line;
    return row;
  }

  /** {@link addRow} with the id as UTF-8 bytes `buf[s, e)`. */
  addRowBytes(buf: Uint8Array, s: number, e: number, line: number): number {
    if (this.length === this.capacity) this.growTo(this.capacity * 2);
    if (this.length === this.initialized) this.initializeNext();
    const row = this.length++;
    this.ids.pushBytes(buf, s, e);
    this.lines[row] = line;
    return row;
  }

  /** Resets a row to "missing" so that it can be rewritten by a superseding input row. */
  clearRow(row: number, line: number): void {
    for (const f of INSTANT_FIELDS) this.instants[f][row] = NaN;
    for (const f of DURATION_FIELDS) this.durations[f][row] = NaN;
    for (const f of COUNT_FIELDS) this.counts[f][row] = -1;
    for (const column of this.dims.values()) column.codes[row] = 0;
    this.satisfaction[row] = -1;
    for (const f of VERDICT_FIELDS) this.verdicts[f][row] = -1;
    for (const column of this.numbers.values()) column[row] = NaN;
    this.followUp[row] = 0;
    this.lines[row] = line;
    this.complaints[row] = 0;
    this.complaintMatches.delete(row);
  }

  /** Overwrites row `to` with row `from` (a superseding row for the same ticket). */
  copyRow(from: number, to: number): void {
    for (const f of INSTANT_FIELDS) this.instants[f][to] = this.instants[f][from] ?? NaN;
    for (const f of DURATION_FIELDS) this.durations[f][to] = this.durations[f][from] ?? NaN;
    for (const f of COUNT_FIELDS) this.counts[f][to] = this.counts[f][from] ?? -1;
    for (const column of this.dims.values()) column.codes[to] = column.codes[from] ?? 0;
    this.satisfaction[to] = this.satisfaction[from] ?? -1;
    for (const f of VERDICT_FIELDS) this.verdicts[f][to] = this.verdicts[f][from] ?? -1;
    for (const column of this.numbers.values()) column[to] = column[from] ?? NaN;
    this.followUp[to] = this.followUp[from] ?? 0;
    this.lines[to] = this.lines[from] ?? 0;
    this.complaints[to] = this.complaints[from] ?? 0;
    const matches = this.complaintMatches.get(from);
    if (matches) this.complaintMatches.set(to, matches);
    else this.complaintMatches.delete(to);
  }

  /** Drops the last row (a row found bad after it was started). */
  popRow(): void {
    if (this.length === 0) return;
    this.length--;
    this.ids.pop();
    this.clearRow(this.length, 0);
  }

  /**
   * Room for `capacity` rows. The copies keep the rows set so far (see `initialized`); the others are
   * zero until set to "missing".
   */
  private growTo(capacity: number): void {
    const used = this.initialized;
    const previous = this.shared;
    this.shared = {
      float: grow(previous.float, capacity, used),
      count: grow(previous.count, capacity, used),
      code: grow(previous.code, capacity, used),
      small: grow(previous.small, capacity, used),
    };
    const next = <T extends Float64Array | Int32Array | Uint32Array | Int8Array>(array: T, shared: T): T =>
      array === (previous.float as unknown) ||
      array === (previous.count as unknown) ||
      array === (previous.code as unknown) ||
      array === (previous.small as unknown)
        ? shared
        : grow(array, capacity, used);
    for (const f of INSTANT_FIELDS) this.instants[f] = next(this.instants[f], this.shared.float);
    for (const f of DURATION_FIELDS) this.durations[f] = next(this.durations[f], this.shared.float);
    for (const f of COUNT_FIELDS) this.counts[f] = next(this.counts[f], this.shared.count);
    for (const column of this.dims.values()) column.codes = next(column.codes, this.shared.code);
    this.satisfaction = next(this.satisfaction, this.shared.small);
    for (const f of VERDICT_FIELDS) this.verdicts[f] = next(this.verdicts[f], this.shared.small);
    for (const [name, column] of this.numbers) this.numbers.set(name, grow(column, capacity, used));
    this.followUp = grow(this.followUp, capacity, used);
    this.lines = grow(this.lines, capacity, used);
    this.complaints = next(this.complaints, this.shared.code);
    this.capacity = capacity;
    this.layout++;
  }

  /** Every array of the table once, with the value of its missing entries. */
  private columns(): RowPlan['columns'] {
    const missing = new Map<ColumnArray, number>();
    for (const f of INSTANT_FIELDS) missing.set(this.instants[f], NaN);
    for (const f of DURATION_FIELDS) missing.set(this.durations[f], NaN);
    for (const f of COUNT_FIELDS) missing.set(this.counts[f], -1);
    for (const column of this.dims.values()) missing.set(column.codes, 0);
    missing.set(this.satisfaction, -1);
    for (const f of VERDICT_FIELDS) missing.set(this.verdicts[f], -1);
    for (const column of this.numbers.values()) missing.set(column, NaN);
    missing.set(this.lines, 0);
    missing.set(this.complaints, 0);
    // New memory is zero, "missing" for these: the shared codes are never written and follow-up
    // flags seldom, so setting their rows would only map pages no one writes (5 MB at 1M rows).
    missing.delete(this.shared.code);
    return [...missing].map(([array, value]) => ({ array, missing: value }));
  }

  /** Sets rows up to `to` to "missing" where they are not yet. */
  private initializeTo(to: number): void {
    if (to <= this.initialized) return;
    initializeRows({ columns: this.columns() }, this.initialized, to);
    this.initialized = to;
  }

  /** Sets the next rows to "missing", a few thousand at a time (the next row has reached them). */
  private initializeNext(): void {
    this.initializeTo(Math.min(this.capacity, this.initialized + INITIALIZE_ROWS));
  }

  /**
   * {@link initializeNext} ahead of the rows, while a reader waits for input (with a reading thread
   * setting rows too: both write "missing" only into rows not written yet), then the {@link spare}
   * memory; true while some of either is left.
   */
  initializeAhead(): boolean {
    if (this.initialized < this.capacity) {
      this.initializeNext();
      return true;
    }
    // Every reserved row is set: the memory of the arrays made after reading is mapped next.
    return this.spare?.step(this.capacity) ?? false;
  }

  /**
   * The plan by which a reading thread sets the rows to come to "missing" ahead of the rows, or
   * undefined when an array is not in shared memory (the thread would set a copy).
   */
  rowPlan(): RowPlan | undefined {
    const columns = this.columns();
    if (!columns.every(({ array }) => array.buffer instanceof SharedArrayBuffer)) return undefined;
    return {
      columns,
      initialized: this.initialized,
      length: this.length,
      capacity: this.capacity,
      layout: this.layout,
    };
  }

  /** The reading thread of `plan` has set rows [0, rows) to "missing" (ignored if the arrays were replaced since). */
  rowsInitialized(plan: RowPlan, rows: number): void {
    if (plan.layout === this.layout && rows > this.initialized) this.initialized = Math.min(rows, this.capacity);
  }
}
