/**
 * The normalized ticket, stored column by column.
 *
 * One object per ticket would cost ~200 bytes each; a million-ticket export must stay within a few
 * hundred MB, so every field lives in a typed array indexed by ticket number, strings are interned
 * into per-field dictionaries, and missing values use sentinels that never leave this module's users:
 * NaN for instants and durations, -1 for counts, 0 for dictionary codes, -1 for satisfaction.
 */

import type { EventCaseData } from './events.js';
import { initializeRows, type ColumnArray, type RowPlan } from './row-plan.js';
import type { SpareMemory } from './spare.js';

/** Instants (epoch milliseconds, UTC). */
export const INSTANT_FIELDS = ['created', 'first_reply', 'first_solved', 'solved', 'closed', 'updated'] as const;
export type InstantField = (typeof INSTANT_FIELDS)[number];

/**
 * Durations computed by the vendor, stored in milliseconds whatever unit the export used. The
 * `_business_` ones count only the vendor's business hours (Zendesk `... within business hours`).
 */
export const DURATION_FIELDS = [
  'first_reply_duration', 'first_resolution_duration', 'full_resolution_duration',
  'first_reply_business_duration', 'first_resolution_business_duration', 'full_resolution_business_duration',
] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];

/** Non-negative whole counts. */
export const COUNT_FIELDS = ['reopens', 'agent_replies', 'customer_messages', 'assignee_stations', 'group_stations', 'version', 'reassignments'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/**
 * Text values usable as grouping dimensions, interned. The last three link tickets to orders:
 * `order_number` (an order-number field), `order_ref` (the `#1234` references found in the subject,
 * space-separated; the subject itself is not kept) and `requester_email` (lower-cased).
 */
export const DIM_FIELDS = ['status', 'priority', 'channel', 'agent', 'team', 'customer', 'category', 'tags', 'order_number', 'order_ref', 'requester_email'] as const;
export type DimField = (typeof DIM_FIELDS)[number];

/**
 * The vendor's own SLA verdict per ticket (Freshdesk `First response status`, ServiceNow `made_sla`),
 * kept as the vendor reported it, beside whatever we compute from timestamps.
 */
export const VERDICT_FIELDS = ['vendor_sla_first_reply', 'vendor_sla_resolution'] as const;
export type VerdictField = (typeof VERDICT_FIELDS)[number];

export type TicketField = 'id' | InstantField | DurationField | CountField | DimField | 'satisfaction' | VerdictField;

export const TICKET_FIELDS: readonly TicketField[] = [
  'id', ...INSTANT_FIELDS, ...DURATION_FIELDS, ...COUNT_FIELDS, ...DIM_FIELDS, 'satisfaction', ...VERDICT_FIELDS,
];

export type FieldKind = 'id' | 'instant' | 'duration' | 'count' | 'dim' | 'satisfaction' | 'verdict';

export function fieldKind(field: TicketField): FieldKind {
  if (field === 'id') return 'id';
  if (field === 'satisfaction') return 'satisfaction';
  if ((VERDICT_FIELDS as readonly string[]).includes(field)) return 'verdict';
  if ((INSTANT_FIELDS as readonly string[]).includes(field)) return 'instant';
  if ((DURATION_FIELDS as readonly string[]).includes(field)) return 'duration';
  if ((COUNT_FIELDS as readonly string[]).includes(field)) return 'count';
  return 'dim';
}

/** Why a ticket got a complaint class (kept only with `--explain`). */
export interface ComplaintMatch {
  className: string;
  /** The rule as written in the config or the defaults. */
  rule: string;
  /** `subject`, `category` or `tags`. */
  field: string;
  /** The matched text, folded (lower case, accents removed). */
  text: string;
}

/** Satisfaction rating codes. */
export const Satisfaction = { none: -1, bad: 0, good: 1 } as const;

/** Vendor SLA verdict codes (same sentinel convention as satisfaction: -1 is "no verdict"). */
export const Verdict = { unknown: -1, violated: 0, met: 1 } as const;

/** Gives the text of a code added with {@link Dictionary.addLazy}, and finds a code by its text. */
export interface LazyText {
  text(code: number): string;
  /** The code this source gave `text`, or -1. */
  find(text: string): number;
}

/**
 * Interns strings: code 0 is "missing", codes 1..n index `values`. A reader that holds a value's
 * bytes can add it with `addLazy` and have its string made only when someone reads the values (a
 * million-ticket export has some 170,000 requester ids that no report prints); interning a string
 * asks that reader for it rather than making every pending string.
 */
export class Dictionary {
  /** Values by code; `undefined` for codes whose string `lazy` has not given yet. */
  private readonly list: (string | undefined)[] = [''];
  private readonly codes = new Map<string, number>();
  /** How many codes have no string yet, and the lowest of them. */
  private lazyCount = 0;
  private lazyFrom = 0;
  private lazy: LazyText | undefined;

  /** Every value by code (index 0 is the empty "missing" entry). */
  get values(): string[] {
    if (this.lazyCount > 0) this.materialize();
    return this.list as string[];
  }

  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined && this.lazyCount > 0) {
      const found = (this.lazy as LazyText).find(value);
      if (found >= 0) {
        // Its string is at hand: kept, the next intern of it is one Map lookup (rows the byte lane
        // hands to the reference reader intern the same few team or status values again and again).
        if (this.list[found] === undefined) {
          this.list[found] = value;
          this.codes.set(value, found);
          this.lazyCount--;
        }
        return found;
      }
    }
    if (code === undefined) {
      code = this.list.length;
      this.list.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /**
   * A new code for a value that `source.text(code)` gives when needed. The caller must know that no
   * code has this value yet (it has seen every code this dictionary gave out).
   */
  addLazy(source: LazyText): number {
    if (this.lazy !== source && this.lazyCount > 0) this.materialize();
    this.lazy = source;
    const code = this.list.length;
    this.list.push(undefined);
    if (this.lazyCount === 0) this.lazyFrom = code;
    this.lazyCount++;
    return code;
  }

  private materialize(): void {
    const source = this.lazy as LazyText;
    for (let code = this.lazyFrom; code < this.list.length; code++) {
      if (this.list[code] !== undefined) continue;
      const value = source.text(code);
      this.list[code] = value;
      this.codes.set(value, code);
    }
    this.lazyCount = 0;
  }

  /** The string for a code, or null for code 0 (made for this code alone when it is still pending). */
  value(code: number): string | null {
    if (code === 0 || code >= this.list.length) return null;
    return this.list[code] ?? (this.lazy as LazyText).text(code);
  }

  get size(): number {
    return this.list.length - 1;
  }
}

export class DimColumn {
  readonly dictionary = new Dictionary();
  codes: Uint32Array;
  /** A new column of `capacity` missing codes, or over the given codes array. */
  constructor(codes: number | Uint32Array) {
    this.codes = typeof codes === 'number' ? new Uint32Array(codes) : codes;
  }
}

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

const HASH_SEED = 0x811c9dc5;

/** No lone surrogate: the text has an exact UTF-8 form. */
export const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/**
 * Copies `src[s, e)` into `dst` at `at`. Ids and dictionary values are short: for them a loop beats
 * Buffer#copy or a subarray to set from (about 200 ns a call for a 25-byte value).
 */
export function copyBytes(src: Uint8Array, s: number, e: number, dst: Uint8Array, at: number): void {
  if (e - s <= 64) for (let k = s; k < e; k++) dst[at + k - s] = src[k] as number;
  else dst.set(src.subarray(s, e), at);
}

/** FNV-1a over bytes. */
function byteHash(buf: Uint8Array, s: number, e: number): number {
  let h = HASH_SEED;
  for (let i = s; i < e; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  // As an Int32 even for no bytes, to compare equal with what the index's Int32Array stores.
  return h | 0;
}

/**
 * The number an id written as canonical decimal digits stands for (1 to 15 digits, no leading
 * zero unless it is "0"), or -1: two ids with the same such number are the same text.
 */
function canonicalNumber(buf: Uint8Array, s: number, e: number): number {
  const length = e - s;
  if (length < 1 || length > 15 || (buf[s] === 0x30 && length > 1)) return -1;
  let value = 0;
  for (let i = s; i < e; i++) {
    const digit = (buf[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The number of the id `buf[s, e)` written as `prefix` then canonical decimal digits, else -1. */
function prefixedNumber(buf: Uint8Array, s: number, e: number, prefix: Uint8Array): number {
  const p = prefix.length;
  if (e - s <= p) return -1;
  for (let k = 0; k < p; k++) if (buf[s + k] !== prefix[k]) return -1;
  return canonicalNumber(buf, s + p, e);
}

/** Longest prefix of ids numbered in the dense index (`HD-`, `PROJ-`, `#`). */
const MAX_ID_PREFIX = 16;

/**
 * The ticket ids, one per row, as UTF-8 bytes in one buffer: a million ids cost their bytes and 4
 * bytes each, not a string and a map entry each. Ids that are not well-formed UTF-16 (a lone
 * surrogate from a JSON escape) have no exact UTF-8 form and are kept as strings beside.
 */
export class TicketIds {
  private arena = Buffer.alloc(1 << 16);
  /** End of each row's bytes in `arena`; a row starts where the previous one ends. */
  private ends = new Int32Array(1024);
  private readonly oddIds = new Map<number, string>();
  private scratch = Buffer.alloc(256);
  length = 0;

  private start(row: number): number {
    return row === 0 ? 0 : (this.ends[row - 1] as number);
  }

  private reserve(bytes: number): void {
    if (this.length === this.ends.length) {
      const next = new Int32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    const used = this.start(this.length);
    if (used + bytes > this.arena.length) {
      const next = Buffer.alloc(Math.max(this.arena.length * 2, used + bytes));
      this.arena.copy(next, 0, 0, used);
      this.arena = next;
    }
  }

  /** Makes room for `rows` ids in all, their bytes estimated from the ids so far. */
  reserveRows(rows: number): void {
    if (rows > this.ends.length) {
      const next = new Int32Array(rows);
      next.set(this.ends);
      this.ends = next;
    }
    if (this.length === 0) return;
    const used = this.start(this.length);
    const bytes = Math.ceil((used / this.length) * rows * 1.05);
    if (bytes > this.arena.length) {
      const next = Buffer.alloc(bytes);
      this.arena.copy(next, 0, 0, used);
      this.arena = next;
    }
  }

  push(id: string): void {
    if (!isWellFormed(id)) {
      this.oddIds.set(this.length, id);
      this.pushBytes(this.scratch, 0, 0);
      return;
    }
    this.reserve(Buffer.byteLength(id, 'utf8'));
    const used = this.start(this.length);
    this.ends[this.length++] = used + this.arena.write(id, used, 'utf8');
  }

  /** Appends the id given as UTF-8 bytes `buf[s, e)`. */
  pushBytes(buf: Uint8Array, s: number, e: number): void {
    this.reserve(e - s);
    const used = this.start(this.length);
    copyBytes(buf, s, e, this.arena, used);
    this.ends[this.length++] = used + e - s;
  }

  pop(): void {
    if (this.length === 0) return;
    this.length--;
    this.oddIds.delete(this.length);
  }

  get(row: number): string {
    return this.oddIds.get(row) ?? this.arena.toString('utf8', this.start(row), this.ends[row] as number);
  }

  /** The number of row's id when it is `prefix` then canonical decimal digits, else -1 (see {@link IdIndex}). */
  number(row: number, prefix: Uint8Array): number {
    return this.oddIds.has(row) ? -1 : prefixedNumber(this.arena, this.start(row), this.ends[row] as number, prefix);
  }

  /** The number of an id given as text when it is `prefix` (ASCII) then canonical decimal digits, else -1. */
  textNumber(id: string, prefix: Uint8Array): number {
    const p = prefix.length;
    if (id.length > p + 15 || id.length <= p) return -1;
    // ASCII only: a latin1 write of other text could turn into digits or the prefix (U+0130 -> 0x30).
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (k < p ? c !== prefix[k] : c < 0x30 || c > 0x39) return -1;
    }
    return canonicalNumber(this.scratch, p, this.scratch.write(id, 0, 'latin1'));
  }

  /**
   * The prefix of row's id before its number, when the id is ASCII non-digits (at most
   * {@link MAX_ID_PREFIX} bytes, maybe none) then canonical decimal digits (`HD-1042`, `1042`); else
   * undefined.
   */
  numberPrefix(row: number): Uint8Array | undefined {
    if (this.oddIds.has(row)) return undefined;
    const s = this.start(row);
    const e = this.ends[row] as number;
    let d = s;
    while (d < e && d - s <= MAX_ID_PREFIX) {
      const b = this.arena[d] as number;
      if (b >= 0x80) return undefined;
      if (b >= 0x30 && b <= 0x39) break;
      d++;
    }
    if (d - s > MAX_ID_PREFIX || canonicalNumber(this.arena, d, e) < 0) return undefined;
    return Uint8Array.from(this.arena.subarray(s, d));
  }

  /** The hash of row's id, as {@link IdIndex} uses it. */
  hash(row: number): number {
    const odd = this.oddIds.get(row);
    return odd === undefined ? byteHash(this.arena, this.start(row), this.ends[row] as number) : this.textHash(odd);
  }

  /** Whether row's id is the UTF-8 bytes `buf[s, e)`. */
  equalsBytes(row: number, buf: Uint8Array, s: number, e: number): boolean {
    if (this.oddIds.has(row)) return false;
    const at = this.start(row);
    if ((this.ends[row] as number) - at !== e - s) return false;
    for (let k = 0; k < e - s; k++) if (this.arena[at + k] !== buf[s + k]) return false;
    return true;
  }

  equalsText(row: number, id: string): boolean {
    return this.oddIds.get(row) === id || (!this.oddIds.has(row) && isWellFormed(id) && this.get(row) === id);
  }

  /** The hash of an id given as text: the hash of its UTF-8 bytes (of its UTF-16 code units when ill-formed). */
  textHash(id: string): number {
    const bytes = Buffer.byteLength(id, 'utf16le');
    if (bytes > this.scratch.length) this.scratch = Buffer.alloc(bytes * 2);
    const length = this.scratch.write(id, 0, isWellFormed(id) ? 'utf8' : 'utf16le');
    return byteHash(this.scratch, 0, length);
  }
}

/** The hash {@link IdIndex} files an id given as UTF-8 bytes `buf[s, e)` under (FNV-1a). */
export function idHashBytes(buf: Uint8Array, s: number, e: number): number {
  return byteHash(buf, s, e);
}

/**
 * Finds a ticket's row by its id, without a string per lookup when the id comes as bytes. Ids
 * written as decimal numbers (most helpdesks number their tickets), or as one fixed prefix then the
 * number (`HD-1042`, `PROJ-7`: the prefix of the first such id), go into a dense array indexed by
 * the number while their range stays within a few times their count: sequential ids then cost
 * 4 bytes each and no cache miss. Other ids go to open addressing over {@link TicketIds}, each slot
 * keeping the id's hash beside the row, so probing and growing compare and move integers and read
 * an id's bytes only when the hashes agree. A numeric id is looked up in both, so it does not
 * matter where it went. Holds the rows added with `set`; a row's id must not change afterwards.
 */
export class IdIndex {
  /** Pairs (row + 1, hash); row + 1 = 0 is an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1024 - 1;
  private size = 0;
  /** Ids the table should have room for once it holds any (see `reserve`). */
  private reserved = 0;
  /** Row + 1 of the id numbered `denseBase + i`; 0 for none. */
  private dense = new Int32Array(0);
  private denseBase = 0;
  private denseCount = 0;
  /** What the dense ids start with before their number; undefined until an id shows it. */
  private prefix: Uint8Array | undefined;

  constructor(private readonly ids: TicketIds) {}

  /** The row of the id `buf[s, e)` (UTF-8), or undefined. */
  getBytes(buf: Uint8Array, s: number, e: number): number | undefined {
    const row = this.findBytes(byteHash(buf, s, e), buf, s, e);
    return row < 0 ? undefined : row;
  }

  /** The row of the id `buf[s, e)` whose {@link idHashBytes} is `h`, or -1. */
  findBytes(h: number, buf: Uint8Array, s: number, e: number): number {
    if (this.denseCount > 0) {
      const at = prefixedNumber(buf, s, e, this.prefix as Uint8Array) - this.denseBase;
      if (at >= 0 && at < this.dense.length && this.dense[at] !== 0) return (this.dense[at] as number) - 1;
    }
    if (this.size === 0) return -1;
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = slots[2 * slot] as number;
      if (entry === 0) return -1;
      if (slots[2 * slot + 1] === h && this.ids.equalsBytes(entry - 1, buf, s, e)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  get(id: string): number | undefined {
    if (this.denseCount > 0) {
      const at = this.ids.textNumber(id, this.prefix as Uint8Array) - this.denseBase;
      if (at >= 0 && at < this.dense.length && this.dense[at] !== 0) return (this.dense[at] as number) - 1;
    }
    if (this.size === 0) return undefined;
    const h = this.ids.textHash(id);
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = slots[2 * slot] as number;
      if (entry === 0) return undefined;
      if (slots[2 * slot + 1] === h && this.ids.equalsText(entry - 1, id)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Makes room for `rows` ids in all without growing again (in the hash table, when it holds most
   * ids). Before any id is hashed the room is only noted, and made at the first hashed id: ids that
   * all go to the dense array (sequential ticket numbers) never map the table's pages.
   */
  reserve(rows: number): void {
    if (this.size < this.denseCount) return;
    this.reserved = Math.max(this.reserved, rows);
    if (this.size > 0) this.makeRoom(rows);
  }

  /** Indexes `row` under its id (which no indexed row has). */
  set(row: number): void {
    if (this.placeDense(row)) return;
    this.placeHashed(row, this.ids.hash(row));
  }

  /** {@link set} when the caller already has the hash of row's id (`idHashBytes` of its bytes). */
  setHashed(row: number, h: number): void {
    if (this.placeDense(row)) return;
    this.placeHashed(row, h);
  }

  private placeHashed(row: number, h: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.makeRoom(Math.max(this.size + 1, this.reserved));
    this.place(row + 1, h);
    this.size++;
  }

  /** Files a numeric id in the dense array, grown to take it unless its range would get too sparse. */
  private placeDense(row: number): boolean {
    this.prefix ??= this.ids.numberPrefix(row);
    if (this.prefix === undefined) return false;
    const number = this.ids.number(row, this.prefix);
    if (number < 0) return false;
    let at = number - this.denseBase;
    if (at < 0 || at >= this.dense.length) {
      const low = this.denseCount === 0 ? number : Math.min(this.denseBase, number);
      const high = this.denseCount === 0 ? number + 1 : Math.max(this.denseBase + this.dense.length, number + 1);
      // At most 4 slots per id (and 256 Ki to start): 16 bytes per id, as much as the hash table.
      if (high - low > 4 * this.denseCount + (1 << 18)) return false;
      const length = Math.min(Math.max(2 * this.dense.length, high - low, 1 << 12), 4 * this.denseCount + (1 << 18));
      // Room on the side the ids grow towards: after the highest when it grew up, before the lowest when down.
      const base = this.denseCount === 0 || number >= this.denseBase ? low : Math.max(0, high - length);
      const next = new Int32Array(length);
      if (this.denseCount > 0) next.set(this.dense.subarray(0, Math.min(this.dense.length, length - (this.denseBase - base))), this.denseBase - base);
      this.dense = next;
      this.denseBase = base;
      at = number - base;
    }
    this.dense[at] = row + 1;
    this.denseCount++;
    return true;
  }

  private place(entry: number, h: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = entry;
    slots[2 * slot + 1] = h;
  }

  /** Grows the hash table, in one step, until `rows` ids fill at most half its slots. */
  private makeRoom(rows: number): void {
    let slots = this.mask + 1;
    while ((rows + 1) * 2 > slots) slots *= 2;
    if (slots === this.mask + 1) return;
    const old = this.slots;
    this.slots = new Int32Array(2 * slots);
    this.mask = slots - 1;
    for (let j = 0; j < old.length; j += 2) {
      const entry = old[j] as number;
      if (entry !== 0) this.place(entry, old[j + 1] as number);
    }
  }
}

/**
 * Column store of tickets. Rows are appended by the normalizer; `copyRow` replaces a row in place
 * (used when a later export row supersedes an earlier one for the same id).
 *
 * Every column has an array of its own until the normalizer calls `useOnly` with the fields the
 * input maps: the other columns then share one array of "missing" per kind, so a field no input
 * fills costs nothing per ticket. Readers see no difference; writing a value into a shared column is
 * a bug (it would show in every shared column of that kind).
 */
export class TicketTable {
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
  /** Per-case accumulators when the tickets were folded from an event log (docs/events.md); absent otherwise. */
  events?: EventCaseData;
  /**
   * Memory for the arrays a report makes after reading (see spare.ts), mapped by `initializeAhead`
   * once every reserved row is set; undefined when no report asked for it, or once it is used.
   */
  spare: SpareMemory | undefined;
  /** Fields with arrays of their own. */
  private readonly declared = new Set<TicketField>();
  /** Changes whenever a column array is replaced (growth, `declare`, `useOnly`): holders of arrays look them up again. */
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
    this.shared = { float: new Float64Array(c).fill(NaN), count: new Int32Array(c).fill(-1), code: new Uint32Array(c), small: new Int8Array(c).fill(-1) };
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

  /** Gives `field` an array of its own (missing in the rows so far), so that values can be written into it. Idempotent. */
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

  dim(name: string): DimColumn | undefined {
    return this.dims.get(name);
  }

  /** Whether `array` is a shared array of "missing", the column of every field no input fills (all missing, never written). */
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
      array === (previous.float as unknown) || array === (previous.count as unknown) || array === (previous.code as unknown) || array === (previous.small as unknown)
        ? shared
        : grow(array, capacity, used);
    for (const f of INSTANT_FIELDS) this.instants[f] = next(this.instants[f], this.shared.float);
    for (const f of DURATION_FIELDS) this.durations[f] = next(this.durations[f], this.shared.float);
    for (const f of COUNT_FIELDS) this.counts[f] = next(this.counts[f], this.shared.count);
    for (const column of this.dims.values()) column.codes = next(column.codes, this.shared.code);
    this.satisfaction = next(this.satisfaction, this.shared.small);
    for (const f of VERDICT_FIELDS) this.verdicts[f] = next(this.verdicts[f], this.shared.small);
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
    return { columns, initialized: this.initialized, length: this.length, capacity: this.capacity, layout: this.layout };
  }

  /** The reading thread of `plan` has set rows [0, rows) to "missing" (ignored if the arrays were replaced since). */
  rowsInitialized(plan: RowPlan, rows: number): void {
    if (plan.layout === this.layout && rows > this.initialized) this.initialized = Math.min(rows, this.capacity);
  }
}
