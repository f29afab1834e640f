/**
 * The byte lane of order exports, used by the fast CSV engine: the common row (an order id and every
 * mapped value clean and valid, nothing to report) is folded from bytes straight into the order
 * table: its key found or added by bytes (OrderKeys), dimension values interned from bytes
 * (ByteInterner), timestamps parsed by the cell pass (on the reading thread for a large file) and
 * amounts from their digits, with no string per cell. Any other row (an issue, a duplicate export, an
 * escaped or padded cell, a value whose origin must be kept for finalizeOrders, a promise) goes whole
 * to the reference `read` of ingest/orders.ts, which decides before it changes anything: each rule
 * and each issue keeps one implementation, and the lane decides everything before it writes.
 */
import { ByteInterner } from './byte-interner.js';
import type { ByteRecord, RecordSink } from './byte-record.js';
import { CellState, createCellPass, PassKind, type CellPlan } from './cell-pass.js';
import type { OrderKeys } from './order-keys.js';
import { idHashBytes } from './ticket-ids.js';
import { DimColumn } from './ticket-table.js';
import type { OrderBuilder } from '../ingest/order-builder.js';
import { AFTER_PAYMENT, type OrderLanePlan } from '../ingest/orders.js';
import type { ColumnDates } from '../ingest/date-columns.js';
import { SAMPLE_ROWS } from '../ingest/samples.js';
import { nullTest } from '../ingest/values.js';
import type { OrderAmountField, OrderInstantField } from '../model/order.js';
import { SUMMED_AMOUNT_FIELDS } from '../model/order.js';

const enum Kind {
  item = 0,
  instant = 1,
  amount = 2,
  dim = 3,
  /** A value the lane leaves to `read` whenever it is not null (a promise: deadline and date-only count). */
  refer = 4,
}

const STATUS_DIMS: ReadonlySet<string> = new Set(['status', 'financial_status', 'fulfillment_status']);
const CANCELLED = 1;
const REFUNDED = 2;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * An amount as `read` parses it (`^[+-]?\d+(?:[.,]\d+)?$`, then Number), from bytes: NaN for any
 * other text, for a negative amount (an issue `read` reports) and for more than 15 digits. At most 15
 * digits make an integer m exact in a double, and m / 10^f is then the correctly rounded value of
 * the decimal, as Number gives it.
 */
export function amountFromBytes(buf: Uint8Array, s: number, e: number): number {
  let p = s;
  if (buf[p] === 0x2b) p++;
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; p < e; p++) {
    const b = buf[p] as number;
    if (b >= 0x30 && b <= 0x39) {
      m = m * 10 + (b - 0x30);
      digits++;
      if (fraction >= 0) fraction++;
    } else if ((b === 0x2e || b === 0x2c) && fraction < 0 && digits > 0) fraction = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return NaN;
  return fraction > 0 ? m / (POW10[fraction] as number) : m;
}

/** One interner per dimension column, shared by the files of a run (and their lanes). */
const interners = new WeakMap<DimColumn, ByteInterner>();
const internerOf = (column: DimColumn): ByteInterner => {
  let interner = interners.get(column);
  if (interner === undefined) interners.set(column, (interner = new ByteInterner(column)));
  return interner;
};

/**
 * The fast CSV reader's sink for one orders file: clean rows down the byte lane, any other to `read`
 * (which keeps its own sample). `sample` gets the cells of the first records, as `sampling` keeps them.
 */
export function orderRecordSink(
  lane: OrderLanePlan,
  read: (cells: readonly string[], line: number) => void,
  builder: OrderBuilder,
  keys: OrderKeys,
  sample: string[][],
): RecordSink {
  const table = builder.table;
  const sampled = (cells: readonly string[], line: number): void => {
    if (sample.length < SAMPLE_ROWS) sample.push([...cells]);
    read(cells, line);
  };
  let seen = 0;
  const expectRows = (rows: number): void => {
    // Orders per record so far (Shopify folds 1.7 line items into an order): nothing is reserved
    // before any record is read. (Reserving a row per record then, for the reading thread to set
    // them to "missing" ahead of the rows as it does for tickets, measured no faster: 3.98 s
    // against 3.98-4.31 s, with 25 MB more and that thread the slower one.)
    if (seen === 0 || table.length === 0) return;
    const orders = table.length + Math.ceil(((rows * table.length) / seen) * 1.05);
    table.reserve(orders);
    keys.reserve(orders);
  };
  const readBytes = createOrderLane(lane, read, builder, keys);
  if (readBytes === undefined) return { read: sampled };
  return {
    read: sampled,
    readBytes: (r) => {
      seen++;
      if (sample.length < SAMPLE_ROWS) sample.push(r.cells());
      readBytes.readBytes(r);
    },
    cellPlan: readBytes.cellPlan,
    expectRows,
  };
}

/** The lane's per-record function and its cell pass, or undefined when every row must go to `read`. */
function createOrderLane(
  lane: OrderLanePlan,
  read: (cells: readonly string[], line: number) => void,
  builder: OrderBuilder,
  keys: OrderKeys,
): { readBytes: (r: ByteRecord) => void; cellPlan: CellPlan } | undefined {
  const nullTokens = [...lane.nulls].filter((t) => t !== '');
  if (nullTokens.some((t) => /[^\x20-\x7e]/.test(t))) return undefined;
  const table = builder.table;
  const isNull = nullTest(lane.nulls);
  const idField = lane.fields.find((f) => f.target.kind === 'id');
  if (idField === undefined) return undefined;
  const plans = lane.fields.flatMap((f, k) =>
    f.target.kind === 'id' || f.target.kind === 'extra' ? [] : [{ ...f, dates: lane.dates[k] }],
  );
  const n = plans.length;
  const kinds = Uint8Array.from(plans, (f) => {
    const t = f.target;
    if (t.kind === 'item') return Kind.item;
    if (t.kind === 'amount') return Kind.amount;
    if (t.kind === 'dim') return Kind.dim;
    return t.kind === 'instant' && t.field !== 'promised' ? Kind.instant : Kind.refer;
  });
  const columns = Int32Array.from(plans, (f) => f.column);
  const dateOf = plans.map((f) => f.dates);
  const instantField = plans.map((f) => (f.target.kind === 'instant' ? f.target.field : undefined));
  const amountField = plans.map((f) => (f.target.kind === 'amount' ? f.target.field : undefined));
  const dimField = plans.map((f) => (f.target.kind === 'dim' ? f.target.field : undefined));
  const createdIndex = instantField.indexOf('created');
  const paidIndex = instantField.indexOf('paid');
  /** Per instant field other than the creation: whether it must not precede the payment (`--orders-from paid`). */
  const afterPayment = instantField.map((f) => lane.from === 'paid' && f !== undefined && AFTER_PAYMENT.has(f));
  const dimColumns = dimField.map((f) => (f === undefined ? undefined : table.dim(f)));
  if (dimField.some((f, j) => f !== undefined && dimColumns[j] === undefined)) return undefined;
  const dimInterners = dimColumns.map((c) => (c === undefined ? undefined : internerOf(c)));
  const isCustomer = dimField.map((f) => f === 'customer');
  const isStatus = dimField.map((f) => f !== undefined && STATUS_DIMS.has(f));
  const quoteInNulls = nullTokens.some((t) => t.includes('"'));
  // Status values' cancelled/refunded flags, by the code of a dictionary of their own (a status is
  // looked at on every row that has one, interned or not), computed once per distinct value.
  const statusInterners = dimField.map((f) =>
    f !== undefined && STATUS_DIMS.has(f) ? new ByteInterner(new DimColumn(0)) : undefined,
  );
  const statusFlags = statusInterners.map(() => new Int8Array(64).fill(-1));
  const flagsOf = (j: number, code: number): number => {
    let flags = statusFlags[j] as Int8Array;
    if (code >= flags.length) {
      const grown = new Int8Array(Math.max(code + 1, 2 * flags.length)).fill(-1);
      grown.set(flags);
      statusFlags[j] = flags = grown;
    }
    let value = flags[code] as number;
    if (value < 0) {
      const interner = statusInterners[j] as ByteInterner;
      const lower = interner.text(code).toLowerCase();
      value = (lane.cancelledValues.has(lower) ? CANCELLED : 0) | (lane.refundedValues.has(lower) ? REFUNDED : 0);
      flags[code] = value;
    }
    return value;
  };
  const extras = lane.extraColumns.map((x) => ({ column: x.column, dim: x.dim, interner: internerOf(x.dim) }));
  const extraStates = new Uint8Array(extras.length);

  const isoZone = plans.some((f) => f.dates?.isoOnly === true) ? lane.inputTimezone : undefined;
  const cellPlan: CellPlan = {
    columns: [idField.column, ...columns],
    kinds: [
      PassKind.state,
      ...plans.map((f, j) =>
        kinds[j] === Kind.instant ? (f.dates?.isoOnly === true ? PassKind.instant : PassKind.text) : PassKind.state,
      ),
    ],
    unitMs: [0, ...plans.map(() => 0)],
    nullTokens,
    isoZone,
    maxDurationDays: undefined,
  };
  const cellPass = createCellPass(cellPlan);
  const ownStates = new Uint8Array(n + 1);
  const ownValues = new Float64Array(n + 1);
  const values = new Float64Array(n);
  const present = new Uint8Array(n);
  let key = Buffer.alloc(256);

  const readBytes = (r: ByteRecord): void => {
    const buf = r.buf;
    let states = r.cellStates;
    let cellValues = r.cellValues;
    let at = r.cellAt;
    if (states === undefined || cellValues === undefined) {
      cellPass.pass(r, ownStates, ownValues, 0);
      states = ownStates;
      cellValues = ownValues;
      at = 0;
    }
    // The id: clean and not null, ASCII; its key (orderKey: lower case, no leading `#`, `No.` or
    // `Nr.`) made in `key` from its bytes.
    if (states[at] !== CellState.ready) return read(r.cells(), r.line);
    const idStart = r.starts[r.first + idField.column] as number;
    const idEnd = r.ends[r.first + idField.column] as number;
    if (idEnd - idStart > key.length) key = Buffer.alloc(2 * (idEnd - idStart));
    for (let i = idStart; i < idEnd; i++) {
      let b = buf[i] as number;
      if (b >= 0x80) return read(r.cells(), r.line);
      if (b >= 0x41 && b <= 0x5a) b += 32;
      key[i - idStart] = b;
    }
    const keyEnd = idEnd - idStart;
    let keyStart = 0;
    const first = key[0];
    if (first === 0x23) keyStart = 1;
    else if (first === 0x6e && keyEnd >= 2 && (key[1] === 0x6f || key[1] === 0x72)) {
      keyStart = 2;
      if (keyEnd > 2 && key[2] === 0x2e) keyStart = 3;
      while (keyStart < keyEnd && isSpace(key[keyStart] as number)) keyStart++;
    }
    while (keyStart < keyEnd && isSpace(key[keyStart] as number)) keyStart++;
    const hash = idHashBytes(key, keyStart, keyEnd);
    let row = keys.findBytes(hash, key, keyStart, keyEnd);

    // Every value decided and valid, from the cell pass's states, before anything is written.
    for (let j = 0; j < n; j++) {
      const p = at + 1 + j;
      const state = states[p] as number;
      if (state === CellState.null) {
        present[j] = 0;
        values[j] = NaN;
        continue;
      }
      const kind = kinds[j] as number;
      // A dimension the order already has is not read again, whatever its cell (the first value stands).
      if (kind === Kind.dim && row >= 0 && !isStatus[j] && (dimColumns[j] as DimColumn).codes[row] !== 0) {
        present[j] = 0;
        continue;
      }
      if (state === CellState.undecided) {
        // A line item's name with quotes in it (`Chino ""slim""`): only whether it is null matters.
        if (kind !== Kind.item) return read(r.cells(), r.line);
        const k = columns[j] as number;
        // Doubled quotes are a `"` in the text: not null unless a null token has one.
        if (r.escaped[r.first + k] === 1 && !quoteInNulls) present[j] = 1;
        else present[j] = isNull(r.text(k).trim()) ? 0 : 1;
        continue;
      }
      present[j] = 1;
      if (kind === Kind.item || kind === Kind.dim) {
        if (isCustomer[j]) {
          // Customers are lower-cased e-mails: bytes already in lower case (ASCII) are their text.
          const k = columns[j] as number;
          const e = r.ends[r.first + k] as number;
          for (let i = r.starts[r.first + k] as number; i < e; i++) {
            const b = buf[i] as number;
            if (b >= 0x80 || (b >= 0x41 && b <= 0x5a)) return read(r.cells(), r.line);
          }
        }
        continue;
      }
      if (kind === Kind.refer) return read(r.cells(), r.line);
      const k = columns[j] as number;
      const s = r.starts[r.first + k] as number;
      const e = r.ends[r.first + k] as number;
      if (kind === Kind.amount) {
        const amount = amountFromBytes(buf, s, e);
        if (Number.isNaN(amount)) return read(r.cells(), r.line);
        values[j] = amount;
      } else if (state === CellState.ready) values[j] = cellValues[p] as number;
      else {
        // A date in a format of its own: valid ones are ASCII, for which latin1 decoding is exact.
        for (let i = s; i < e; i++) if ((buf[i] as number) >= 0x80) return read(r.cells(), r.line);
        const ms = (dateOf[j] as ColumnDates).parse(buf.toString('latin1', s, e));
        if (Number.isNaN(ms)) return read(r.cells(), r.line);
        values[j] = ms;
      }
    }
    const created = createdIndex >= 0 ? (values[createdIndex] as number) : NaN;
    const createdAt = table.instants.created;
    const known = row >= 0 ? (createdAt[row] as number) : NaN;
    if (row < 0) {
      // An order without a creation time yet is remembered by its first file: `read` does that.
      if (Number.isNaN(created)) return read(r.cells(), r.line);
    } else if (
      !Number.isNaN(created) &&
      !Number.isNaN(known) &&
      ((table.primaryFile[row] as number) !== lane.fileIndex || known !== created)
    )
      return read(r.cells(), r.line);
    const creation = Number.isNaN(known) ? created : known;
    const knownPaid = row >= 0 ? (table.instants.paid[row] as number) : NaN;
    const payment = Number.isNaN(knownPaid) && paidIndex >= 0 ? (values[paidIndex] as number) : knownPaid;
    // An instant before the creation (or the payment) keeps its origin for finalizeOrders: `read` does that.
    for (let j = 0; j < n; j++) {
      if (kinds[j] !== Kind.instant || present[j] === 0 || j === createdIndex) continue;
      if (row >= 0 && !Number.isNaN(table.instants[instantField[j] as OrderInstantField][row] as number)) continue;
      const v = values[j] as number;
      if (!(v >= creation) || (afterPayment[j] && !(v >= payment))) return read(r.cells(), r.line);
    }
    for (let x = 0; x < extras.length; x++) {
      const state = cellPass.nullState(r, (extras[x] as (typeof extras)[number]).column);
      if (state === CellState.undecided) return read(r.cells(), r.line);
      extraStates[x] = state;
    }

    // The row is the lane's: fold it into its order.
    if (row < 0) {
      row = table.addRowAscii(buf, idStart, idEnd, r.line);
      keys.setBytes(row, key, keyStart, keyEnd, hash);
    }
    table.rows[row] = (table.rows[row] as number) + 1;
    for (let j = 0; j < n; j++) {
      if (present[j] === 0) continue;
      const kind = kinds[j] as number;
      if (kind === Kind.item) table.lineItems[row] = (table.lineItems[row] as number) + 1;
      else if (kind === Kind.instant) {
        const column = table.instants[instantField[j] as OrderInstantField];
        if (Number.isNaN(column[row] as number)) {
          column[row] = values[j] as number;
          if (j === createdIndex) table.primaryFile[row] = lane.fileIndex;
        }
      } else if (kind === Kind.amount) {
        const field = amountField[j] as OrderAmountField;
        const column = table.amounts[field];
        const previous = column[row] as number;
        // Summed in whole cents, as `read` sums them.
        if (SUMMED_AMOUNT_FIELDS.has(field) && !Number.isNaN(previous))
          column[row] = (Math.round(previous * 100) + Math.round((values[j] as number) * 100)) / 100;
        else if (Number.isNaN(previous)) column[row] = values[j] as number;
      } else {
        const k = columns[j] as number;
        const s = r.starts[r.first + k] as number;
        const e = r.ends[r.first + k] as number;
        const column = dimColumns[j] as DimColumn;
        if (column.codes[row] === 0) column.codes[row] = (dimInterners[j] as ByteInterner).code(buf, s, e);
        const statusInterner = statusInterners[j];
        if (statusInterner !== undefined) {
          const flags = flagsOf(j, statusInterner.code(buf, s, e));
          if ((flags & CANCELLED) !== 0) table.cancelledStatus[row] = 1;
          if ((flags & REFUNDED) !== 0) table.refundedStatus[row] = 1;
        }
      }
    }
    for (let x = 0; x < extras.length; x++) {
      const extra = extras[x] as (typeof extras)[number];
      if (extraStates[x] !== CellState.ready || extra.dim.codes[row] !== 0) continue;
      const k = extra.column;
      extra.dim.codes[row] = extra.interner.code(buf, r.starts[r.first + k] as number, r.ends[r.first + k] as number);
    }
    builder.counts.accepted++;
  };
  return { readBytes, cellPlan };
}

/** `\s` of an ASCII text. */
const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);
