/**
 * Ticket ids as bytes and the index that finds a row by its id (duplicate rows fold by id): the
 * engine's hashing, kept out of the model.
 */

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
      if (this.denseCount > 0)
        next.set(
          this.dense.subarray(0, Math.min(this.dense.length, length - (this.denseBase - base))),
          this.denseBase - base,
        );
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
