import type { FieldResult } from '../complaints/classifier.js';
import type { ComplaintField } from '../complaints/rules.js';
import type { RowPlan } from './row-plan.js';

/** What the cell pass (cell-pass.ts) reads of each record, ahead of the row reader. */
export interface CellPlan {
  /** Input column of each planned cell. */
  columns: number[];
  /** PassKind of each planned cell (cell-pass.ts). */
  kinds: number[];
  /** Per cell of kind `duration`: ms per unit (0 for other kinds). */
  unitMs: number[];
  /** Null tokens, lower-cased, non-empty, ASCII. */
  nullTokens: string[];
  /** The input zone when timestamps are ISO 8601 (no `--date-format`): instants are parsed here. */
  isoZone: string | undefined;
  maxDurationDays: number | undefined;
  /** The complaint classes of subject cells, when classified (the subject pass, subject-pass.ts). */
  subjects?: SubjectPlan | undefined;
}
/** What the subject pass (subject-pass.ts) needs, as plain data (it goes to the reading thread). */
export interface SubjectPlan {
  /** Input column of each subject cell classified. */
  columns: number[];
  /** The texts that are null (trimmed, as the reader's null test takes them). */
  nulls: string[];
  /** The run's complaint classes in bit order, their rules as written. */
  classes: { name: string; any: string[]; fields: ComplaintField[] }[];
  /** Explanations (the matched texts) are kept. */
  explain: boolean;
  /** Subjects that differ only in ASCII digits have the same result (see ByteMemo). */
  digitBlind: boolean;
}

/**
 * One CSV record as the fast engine (fast-csv.ts) hands it to the row reader: byte ranges into the
 * input buffer instead of strings. Cells become strings only on demand (`text`, `cells`), exactly as
 * csv-parse would give them, so the reference logic can always take over for a record.
 */
export class ByteRecord {
  buf: Buffer = Buffer.alloc(0);
  /** Number of cells. */
  count = 0;
  /** 1-based line where the record starts. */
  line = 0;
  /** Index of the record's first cell in `starts`, `ends` and `escaped` (0 unless they hold a batch of records). */
  first = 0;
  starts: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  /**
   * The cell pass's results for this record (cell-pass.ts) when the reading thread ran it: states
   * and values from index `cellAt`. Undefined otherwise: the byte lane runs the pass itself.
   */
  cellStates: Uint8Array | undefined = undefined;
  cellValues: Float64Array | undefined = undefined;
  cellAt = 0;
  /**
   * The subject pass's result numbers for this record (subject-pass.ts) when the reading thread ran
   * it, from index `subjectAt`, into `subjectResults` (the thread's results, each batch appending those
   * it numbered since the last). Undefined otherwise: the byte lane runs it.
   */
  subjectIds: Int32Array | undefined = undefined;
  subjectAt = 0;
  subjectResults: FieldResult[] = [];
  /** 1 when the cell was quoted and holds doubled quotes (its bytes are not its text). */
  escaped: Uint8Array = new Uint8Array(64);

  /** Makes room for `n` cells from `first` on. */
  reserve(n: number): void {
    const needed = this.first + n;
    if (needed <= this.starts.length) return;
    const size = Math.max(needed, this.starts.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(a);
      return next;
    };
    this.starts = grow(this.starts, (k) => new Int32Array(k));
    this.ends = grow(this.ends, (k) => new Int32Array(k));
    this.escaped = grow(this.escaped, (k) => new Uint8Array(k));
  }

  /** The text of cell `i` as csv-parse gives it ('' past the last cell). */
  text(i: number): string {
    if (i >= this.count) return '';
    const at = this.first + i;
    const text = this.buf.toString('utf8', this.starts[at] as number, this.ends[at] as number);
    return this.escaped[at] === 1 ? text.replaceAll('""', '"') : text;
  }

  /** Every cell as a string. */
  cells(): string[] {
    const cells = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) cells[i] = this.text(i);
    return cells;
  }
}

/** What the fast engine feeds: the byte record, or the reference reader's cells when it must. */
export interface RecordSink {
  read(cells: readonly string[], line: number): void;
  readBytes?: ((record: ByteRecord) => void) | undefined;
  /** The byte lane's cell pass, for a reading thread to run ahead (cell-pass.ts). */
  cellPlan?: CellPlan | undefined;
  /** About how many more records follow (from the input's size): room can be made at once. */
  expectRows?: ((rows: number) => void) | undefined;
  /** How a reading thread may set the rows to come to "missing" ahead of them (TicketTable.rowPlan), if it can. */
  rowPlan?: (() => RowPlan | undefined) | undefined;
  /** That thread has set rows [0, rows) of `plan`. */
  rowsInitialized?: ((plan: RowPlan, rows: number) => void) | undefined;
  /**
   * Work the sink can do while the reader waits for input, a millisecond or so per call; true while
   * some is left.
   */
  idle?: (() => boolean) | undefined;
  /**
   * Between batches of records: a promise to wait for before reading on (a sink merging several
   * inputs by time holds one back while the others catch up), or undefined to read on at once.
   */
  wait?: (() => Promise<void> | undefined) | undefined;
}

const enum Space {
  no = 0,
  yes = 1,
}

/** Whitespace as `String.prototype.trim` sees it. */
export function isTrimSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/**
 * Whether cell `i`'s bytes are exactly its trimmed text: not escaped, no whitespace (ASCII or Unicode)
 * at either end. Empty cells are clean.
 */
export function isCleanCell(record: ByteRecord, i: number): boolean {
  const at = record.first + i;
  if (record.escaped[at] === 1) return false;
  const buf = record.buf;
  const s = record.starts[at] as number;
  const e = record.ends[at] as number;
  if (s === e) return true;
  const first = buf[s] as number;
  if (first < 0x80) {
    if (first === 0x20 || (first >= 0x09 && first <= 0x0d)) return false;
  } else if (leadingSpace(buf, s, e) === Space.yes) return false;
  const last = buf[e - 1] as number;
  if (last < 0x80) return !(last === 0x20 || (last >= 0x09 && last <= 0x0d));
  return trailingSpace(buf, s, e) === Space.no;
}

function leadingSpace(buf: Buffer, s: number, e: number): Space {
  const b0 = buf[s] as number;
  let code: number;
  if (b0 >= 0xe0 && b0 < 0xf0 && s + 2 < e)
    code = ((b0 & 0x0f) << 12) | (((buf[s + 1] as number) & 0x3f) << 6) | ((buf[s + 2] as number) & 0x3f);
  else if (b0 >= 0xc0 && b0 < 0xe0 && s + 1 < e) code = ((b0 & 0x1f) << 6) | ((buf[s + 1] as number) & 0x3f);
  else return Space.no;
  return isTrimSpace(code) ? Space.yes : Space.no;
}

function trailingSpace(buf: Buffer, s: number, e: number): Space {
  let lead = e - 1;
  while (lead > s && ((buf[lead] as number) & 0xc0) === 0x80) lead--;
  return e - lead > 1 && e - lead <= 3 ? leadingSpace(buf, lead, e) : Space.no;
}

/**
 * The next position of one byte value in a buffer, remembered: asked for positions that mostly go
 * forward, it searches each buffer about once in all instead of once per question (a search from a
 * field to the next `#` or CR can otherwise run to the end of the buffer every time).
 */
export class NextByte {
  private buf: Uint8Array | undefined;
  /** The first `value` at or after `from`, or -1 when there is none. */
  private at = -1;
  private from = 0;

  constructor(private readonly value: number) {}

  /** The first position of the byte at or after `s` in `buf`, or -1. */
  find(buf: Uint8Array, s: number): number {
    if (buf !== this.buf || s < this.from || (this.at >= 0 && this.at < s)) {
      this.buf = buf;
      this.from = s;
      this.at = buf.indexOf(this.value, s);
    }
    return this.at;
  }
}
