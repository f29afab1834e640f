/**
 * The normalized order, stored column by column, like the ticket table (see ticket.ts for why):
 * typed arrays indexed by order number, interned dimensions, sentinels for "missing" (NaN for
 * instants and amounts, 0 for dictionary codes). Orders are folded from several input rows (Shopify
 * line items, split files joined by id), so each order also keeps how many rows and line items fed it.
 */
import { DimColumn } from './dictionary.js';

/** Instants (epoch milliseconds, UTC). `promised` is the promised (estimated) delivery or ship-by time. */
export const ORDER_INSTANT_FIELDS = [
  'created',
  'paid',
  'fulfilled',
  'shipped',
  'delivered',
  'promised',
  'cancelled',
] as const;
export type OrderInstantField = (typeof ORDER_INSTANT_FIELDS)[number];

/**
 * Numbers per order: money amounts in the order's currency (the currency itself is a dimension) and
 * the customer's review score. `item_price` and `payment` are summed over the order's rows (one row
 * per line item, one per payment); the others are the first value read.
 */
export const ORDER_AMOUNT_FIELDS = ['total', 'refunded', 'item_price', 'payment', 'review_score'] as const;
export type OrderAmountField = (typeof ORDER_AMOUNT_FIELDS)[number];

/** The amounts summed over an order's rows. */
export const SUMMED_AMOUNT_FIELDS: ReadonlySet<OrderAmountField> = new Set(['item_price', 'payment']);

/**
 * Text values usable as grouping dimensions. `customer` is the customer's email (lower-cased), the
 * key for repeat customers and for linking tickets by requester email.
 */
export const ORDER_DIM_FIELDS = [
  'status',
  'financial_status',
  'fulfillment_status',
  'channel',
  'location',
  'carrier',
  'currency',
  'customer',
] as const;
export type OrderDimField = (typeof ORDER_DIM_FIELDS)[number];

export type OrderField = 'id' | 'item' | OrderInstantField | OrderAmountField | OrderDimField;

export class OrderTable {
  length = 0;
  private capacity: number;
  /** Each order's id as read (its first row's); ids given as bytes (`addRowAscii`) are made on first access. */
  get ids(): string[] {
    if (this.pendingIds > 0) this.makeIds();
    return this.idList;
  }
  /** The ids given as strings, at their rows (the others are holes until made). */
  private idList: string[] = [];
  /** Ids given as bytes and not made yet: their rows, and their bytes one after the other in `idBytes`. */
  private pendingIds = 0;
  private pendingRows = new Int32Array(1024);
  private pendingEnds = new Int32Array(1024);
  private idBytes = Buffer.alloc(1 << 16);
  readonly instants: Record<OrderInstantField, Float64Array>;
  readonly amounts: Record<OrderAmountField, Float64Array>;
  readonly dims: Map<string, DimColumn> = new Map();
  /** Line items seen for the order (rows with a non-empty `item` cell). */
  lineItems: Int32Array;
  /** Input rows folded into the order (for the input accounting). */
  rows: Int32Array;
  /** Input line of the first row of each order. */
  lines: Float64Array;
  /** 1 when a status value of the profile's `cancelledValues` marks the order cancelled (with or without a time). */
  cancelledStatus: Uint8Array;
  /** 1 when a status value of the profile's `refundedValues` marks a refund (with or without an amount). */
  refundedStatus: Uint8Array;
  /** Index (in the run's file list) of the file whose row first gave the order its creation time; -1 until then. */
  primaryFile: Int32Array;
  /**
   * The instant that puts each order in a period: its creation, or, for inputs without a creation
   * column, `cohortField` (the promise, else the delivery). Set when ingest ends.
   */
  cohortAt: Float64Array = new Float64Array(0);
  cohortField: OrderInstantField = 'created';
  /** Fields the input provides (mapped to a column); metrics needing others are unavailable. */
  readonly present = new Set<OrderField>();
  /** Extra dimension names (columns kept for `--by`), in input order. */
  readonly extraDims: string[] = [];

  /**
   * Rows [0, initialized) of every array hold "missing" or a value; the rows after it are zero until a
   * row reaches them (`addRow`): room reserved and not used is never written.
   */
  private initialized: number;
  /**
   * After `useOnlyPresent`, from the next growth on, the instants, amounts and dimensions no input
   * provides (not in `present`) share one array of "missing" per type instead of one each: never
   * written, their memory is never mapped (a million Shopify orders leave 6 of the 12 numeric columns
   * empty). `declarePresent` gives a field that becomes present an array of its own.
   */
  private shareAbsent = false;
  private sharedFloat: Float64Array | undefined;
  private sharedCode: Uint32Array | undefined;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.initialized = this.capacity;
    const c = this.capacity;
    this.instants = Object.fromEntries(ORDER_INSTANT_FIELDS.map((f) => [f, new Float64Array(c).fill(NaN)])) as Record<
      OrderInstantField,
      Float64Array
    >;
    this.amounts = Object.fromEntries(ORDER_AMOUNT_FIELDS.map((f) => [f, new Float64Array(c).fill(NaN)])) as Record<
      OrderAmountField,
      Float64Array
    >;
    for (const f of ORDER_DIM_FIELDS) this.dims.set(f, new DimColumn(c));
    this.lineItems = new Int32Array(c);
    this.rows = new Int32Array(c);
    this.lines = new Float64Array(c);
    this.primaryFile = new Int32Array(c).fill(-1);
    this.cancelledStatus = new Uint8Array(c);
    this.refundedStatus = new Uint8Array(c);
  }

  /** Declares an extra dimension column (any input column usable with `--by`). */
  addExtraDim(name: string): DimColumn {
    let column = this.dims.get(name);
    if (!column) {
      column = new DimColumn(this.capacity);
      this.dims.set(name, column);
      this.extraDims.push(name);
    }
    return column;
  }

  dim(name: string): DimColumn | undefined {
    return this.dims.get(name);
  }

  /**
   * Makes room for `rows` orders in all, in one step (a reader that knows about how many come: the
   * doubling from 1,024 copied each column ten times over for a million orders).
   */
  reserve(rows: number): void {
    if (rows > this.capacity) this.growTo(rows);
  }

  /**
   * Lets the fields not in `present` share arrays (see `shareAbsent`): for a reader that has declared
   * every field it will write (api/orders.ts, once every file's header is read). Writing a field that
   * is not present is then a bug.
   */
  useOnlyPresent(): void {
    this.shareAbsent = true;
  }

  /** Gives every field of `present` that shares the array of "missing" an array of its own (same values). */
  declarePresent(): void {
    const own = <T extends Float64Array | Uint32Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(this.capacity);
      next.set(array.subarray(0, this.initialized));
      return next;
    };
    for (const f of ORDER_INSTANT_FIELDS)
      if (this.present.has(f) && this.instants[f] === this.sharedFloat) this.instants[f] = own(this.instants[f]);
    for (const f of ORDER_AMOUNT_FIELDS)
      if (this.present.has(f) && this.amounts[f] === this.sharedFloat) this.amounts[f] = own(this.amounts[f]);
    for (const [name, column] of this.dims)
      if (this.present.has(name as OrderField) && column.codes === this.sharedCode) column.codes = own(column.codes);
  }

  /** Every array once, with the value of its missing entries (what `initialized` counts). */
  private missingColumns(): { array: Float64Array | Int32Array | Uint32Array | Uint8Array; missing: number }[] {
    const floats = new Set([
      ...ORDER_INSTANT_FIELDS.map((f) => this.instants[f]),
      ...ORDER_AMOUNT_FIELDS.map((f) => this.amounts[f]),
    ]);
    return [
      ...[...floats].map((array) => ({ array, missing: NaN })),
      ...[...new Set([...this.dims.values()].map((column) => column.codes))].map((array) => ({ array, missing: 0 })),
      { array: this.lineItems, missing: 0 },
      { array: this.rows, missing: 0 },
      { array: this.lines, missing: 0 },
      { array: this.primaryFile, missing: -1 },
      { array: this.cancelledStatus, missing: 0 },
      { array: this.refundedStatus, missing: 0 },
    ];
  }

  /** Reserves a new row filled with "missing" and returns its index. */
  addRow(id: string, line: number): number {
    const row = this.nextRow(line);
    this.idList[row] = id;
    return row;
  }

  /**
   * {@link addRow} with the id as the ASCII bytes `buf[s, e)`: its string is made only when someone
   * reads `ids` (a report without tickets and without issues never does).
   */
  addRowAscii(buf: Uint8Array, s: number, e: number, line: number): number {
    const row = this.nextRow(line);
    const k = this.pendingIds++;
    if (k === this.pendingRows.length) {
      const grow = (a: Int32Array) => {
        const next = new Int32Array(2 * a.length);
        next.set(a);
        return next;
      };
      this.pendingRows = grow(this.pendingRows);
      this.pendingEnds = grow(this.pendingEnds);
    }
    const at = k === 0 ? 0 : (this.pendingEnds[k - 1] as number);
    if (at + e - s > this.idBytes.length) {
      const next = Buffer.alloc(Math.max(2 * this.idBytes.length, at + e - s));
      this.idBytes.copy(next, 0, 0, at);
      this.idBytes = next;
    }
    for (let i = s; i < e; i++) this.idBytes[at + i - s] = buf[i] as number;
    this.pendingRows[k] = row;
    this.pendingEnds[k] = at + e - s;
    return row;
  }

  private makeIds(): void {
    // A new array: the one of strings may have long runs of holes (rows that came as bytes).
    const list = new Array<string>(this.length);
    for (let row = 0; row < this.idList.length && row < this.length; row++) {
      const id = this.idList[row];
      if (id !== undefined) list[row] = id;
    }
    for (let k = 0; k < this.pendingIds; k++) {
      const at = k === 0 ? 0 : (this.pendingEnds[k - 1] as number);
      list[this.pendingRows[k] as number] = this.idBytes.toString('latin1', at, this.pendingEnds[k] as number);
    }
    this.idList = list;
    this.pendingIds = 0;
    this.idBytes = Buffer.alloc(0);
  }

  /** The next row, its memory set to "missing", with its input line. */
  private nextRow(line: number): number {
    if (this.length === this.capacity) this.growTo(this.capacity * 2);
    // Rows are set to "missing" some thousands at a time, when the first of them is reached.
    if (this.length >= this.initialized) {
      const to = Math.min(this.capacity, this.length + 4096);
      for (const { array, missing } of this.missingColumns()) array.fill(missing, this.initialized, to);
      this.initialized = to;
    }
    const row = this.length++;
    this.lines[row] = line;
    return row;
  }

  /**
   * Keeps only the rows whose `keep` flag is 1, in order, and returns the old -> new index map
   * (-1 for dropped rows). Used once after ingest, to drop orders that never got a creation time.
   */
  compact(keep: Uint8Array): Int32Array {
    const map = new Int32Array(this.length).fill(-1);
    let to = 0;
    for (let from = 0; from < this.length; from++) {
      if (keep[from] !== 1) continue;
      map[from] = to;
      if (to !== from) {
        for (const f of ORDER_INSTANT_FIELDS) this.instants[f][to] = this.instants[f][from] as number;
        for (const f of ORDER_AMOUNT_FIELDS) this.amounts[f][to] = this.amounts[f][from] as number;
        for (const column of this.dims.values()) column.codes[to] = column.codes[from] as number;
        this.lineItems[to] = this.lineItems[from] as number;
        this.rows[to] = this.rows[from] as number;
        this.lines[to] = this.lines[from] as number;
        this.primaryFile[to] = this.primaryFile[from] as number;
        this.cancelledStatus[to] = this.cancelledStatus[from] as number;
        this.refundedStatus[to] = this.refundedStatus[from] as number;
        this.ids[to] = this.ids[from] as string;
      }
      to++;
    }
    for (let row = to; row < this.length; row++) {
      for (const f of ORDER_INSTANT_FIELDS) this.instants[f][row] = NaN;
      for (const f of ORDER_AMOUNT_FIELDS) this.amounts[f][row] = NaN;
      for (const column of this.dims.values()) column.codes[row] = 0;
      this.lineItems[row] = 0;
      this.rows[row] = 0;
      this.primaryFile[row] = -1;
      this.cancelledStatus[row] = 0;
      this.refundedStatus[row] = 0;
    }
    this.ids.length = to;
    this.length = to;
    return map;
  }

  /** New arrays of `capacity` rows with the rows set so far; the others stay zero until reached (`initialized`). */
  private growTo(capacity: number): void {
    const used = this.initialized;
    const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(capacity);
      next.set(array.subarray(0, used));
      return next;
    };
    // Absent fields get the one shared array of their type, as it was (rows set so far) at the new size.
    const sharedFloat = this.shareAbsent ? grow(this.sharedFloat ?? new Float64Array(used).fill(NaN)) : undefined;
    const sharedCode = this.shareAbsent ? grow(this.sharedCode ?? new Uint32Array(used)) : undefined;
    const shared = (field: string) => this.shareAbsent && !this.present.has(field as OrderField);
    const shareFloat = (field: OrderField, array: Float64Array) =>
      shared(field) ? (sharedFloat as Float64Array) : grow(array);
    for (const f of ORDER_INSTANT_FIELDS) this.instants[f] = shareFloat(f, this.instants[f]);
    for (const f of ORDER_AMOUNT_FIELDS) this.amounts[f] = shareFloat(f, this.amounts[f]);
    for (const [name, column] of this.dims)
      column.codes =
        shared(name) && (ORDER_DIM_FIELDS as readonly string[]).includes(name)
          ? (sharedCode as Uint32Array)
          : grow(column.codes);
    this.sharedFloat = sharedFloat;
    this.sharedCode = sharedCode;
    this.lineItems = grow(this.lineItems);
    this.rows = grow(this.rows);
    this.lines = grow(this.lines);
    this.primaryFile = grow(this.primaryFile);
    this.cancelledStatus = grow(this.cancelledStatus);
    this.refundedStatus = grow(this.refundedStatus);
    this.capacity = capacity;
  }
}

/**
 * The order number as tickets write it: trimmed, lower-cased, without a leading `#` or `No.`, so
 * that Shopify's `#1001`, a ticket field `1001` and a subject's `#1001` meet.
 * @example orderKey(' #1001 ') // '1001'
 * @example orderKey('ORD-77') // 'ord-77'
 */
export function orderKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^(?:#|no\.?\s*|nr\.?\s*)\s*/, '');
}
