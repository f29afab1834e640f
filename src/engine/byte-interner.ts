/**
 * Interning dimension values from bytes: an open-addressing table keyed by the bytes' hash in front of
 * a column's Dictionary, so a repeated value (a team, a status) costs a hash and a byte compare per
 * row, never a string.
 */
import { copyBytes, isWellFormed } from './ticket-ids.js';
import type { DimColumn, LazyText } from './ticket-table.js';

const QUICK_SIZE = 1 << 14;

/** The hash of a number given as its digits before the last nine and its last nine digits. */
function numberSlot(high: number, low: number): number {
  const h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/**
 * A 32-bit hash of `buf[s, e)`: four bytes per multiply, then a final mix so that the low bits (the
 * slot) depend on every byte.
 */
export function bytesHash(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(
      h ^
        ((buf[i] as number) |
          ((buf[i + 1] as number) << 8) |
          ((buf[i + 2] as number) << 16) |
          ((buf[i + 3] as number) << 24)),
      0x01000193,
    );
  }
  for (; i < e; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Interns dictionary values from bytes: an open-addressing table keyed by the bytes' hash in front of
 * the column's Dictionary, so a repeated value costs a hash and a byte compare, never a string.
 */
export class ByteInterner implements LazyText {
  /** Pairs (code + 1, hash): probing compares hashes and reads the stored bytes only when they agree. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1024 - 1;
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private size = 0;
  /**
   * Slots (high digits, last nine digits, code, unused) of values written as canonical decimal numbers; high -1 marks
   * an empty slot.
   */
  private numbers = new Int32Array(4 * 1024).fill(-1);
  private numberCount = 0;
  /** Values in the byte table (`size` counts the numeric ones too). */
  private byteCount = 0;
  /** The number `readNumber` read last, as its digits before the last nine and its last nine. */
  private high = 0;
  private low = 0;
  /** Where `find` encodes the text it looks up. */
  private found = Buffer.alloc(256);

  constructor(private readonly column: DimColumn) {}

  /**
   * Codes by (length, first byte, last byte), last one seen: a low-cardinality column (status,
   * priority, team) is mostly answered here by one byte compare, without hashing. Turned off when it
   * misses more than it hits (requester ids all look alike).
   */
  private quick: Int32Array | undefined = new Int32Array(QUICK_SIZE);
  private quickHits = 0;
  private quickMisses = 0;

  code(buf: Buffer, s: number, e: number): number {
    const length = e - s;
    const quick = this.quick;
    let key = 0;
    if (quick !== undefined && length > 0) {
      key = ((length & 7) << 11) | (((buf[s] as number) & 0x7f) << 4) | ((buf[e - 1] as number) & 15);
      const known = (quick[key] as number) - 1;
      if (known >= 0 && this.lengths[known] === length) {
        const arena = this.arena;
        const at = (this.offsets[known] as number) - s;
        let i = s;
        while (i < e && arena[at + i] === buf[i]) i++;
        if (i === e) {
          this.quickHits++;
          return known;
        }
      }
      if (++this.quickMisses > 1024 && this.quickMisses > this.quickHits) this.quick = undefined;
    }
    let code = this.lookup(buf, s, e);
    if (code < 0) code = this.insert(buf, s, e);
    if (quick !== undefined && length > 0) quick[key] = code + 1;
    return code;
  }

  /** The code of `text` if this interner has seen it, else -1 (for {@link Dictionary.intern}). */
  find(text: string): number {
    // Values seen here come from valid UTF-8: a lone surrogate is none of them.
    if (text === '' || !isWellFormed(text)) return -1;
    // Encoded into a buffer kept for it (3 bytes per UTF-16 unit at most), not a new one per call.
    if (3 * text.length > this.found.length) this.found = Buffer.alloc(6 * text.length);
    return this.lookup(this.found, 0, this.found.write(text, 0, 'utf8'));
  }

  /**
   * `buf[s, e)` as a canonical decimal number (1 to 15 digits, no leading zero) into `high`/`low`; false for other
   * text.
   */
  private readNumber(buf: Buffer, s: number, e: number): boolean {
    const length = e - s;
    if (length < 1 || length > 15 || (buf[s] === 0x30 && length > 1)) return false;
    let high = 0;
    let low = 0;
    const split = Math.max(e - 9, s);
    for (let i = s; i < split; i++) {
      const d = (buf[i] as number) - 0x30;
      if (d < 0 || d > 9) return false;
      high = high * 10 + d;
    }
    for (let i = split; i < e; i++) {
      const d = (buf[i] as number) - 0x30;
      if (d < 0 || d > 9) return false;
      low = low * 10 + d;
    }
    this.high = high;
    this.low = low;
    return true;
  }

  /**
   * The code of the non-empty value `buf[s, e)` if seen, else -1. Values written as canonical
   * decimal numbers (ids of requesters, organizations) are looked up by the number, kept as two
   * small integers (the digits before the last nine, and the last nine), in a table of (high, low,
   * code) slots: one memory access where the byte table needs three, and no heap number per lookup.
   */
  private lookup(buf: Buffer, s: number, e: number): number {
    if (this.readNumber(buf, s, e)) {
      const numbers = this.numbers;
      const mask = (numbers.length >> 2) - 1;
      const high = this.high;
      const low = this.low;
      let slot = numberSlot(high, low) & mask;
      for (;;) {
        const stored = numbers[4 * slot] as number;
        if (stored === high && numbers[4 * slot + 1] === low) return numbers[4 * slot + 2] as number;
        if (stored < 0) return -1;
        slot = (slot + 1) & mask;
      }
    }
    const h = bytesHash(buf, s, e);
    const slots = this.slots;
    const mask = this.mask;
    const length = e - s;
    let slot = h & mask;
    for (;;) {
      const entry = slots[2 * slot] as number;
      if (entry === 0) return -1;
      if (slots[2 * slot + 1] === h) {
        const code = entry - 1;
        if (this.lengths[code] === length) {
          const arena = this.arena;
          const at = (this.offsets[code] as number) - s;
          let i = s;
          while (i < e && arena[at + i] === buf[i]) i++;
          if (i === e) return code;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Gives a value not seen yet its code (new to the dictionary too when every code is known here: its string can wait).
   */
  private insert(buf: Buffer, s: number, e: number): number {
    const dictionary = this.column.dictionary;
    const code =
      dictionary.size === this.size ? dictionary.addLazy(this) : dictionary.intern(buf.toString('utf8', s, e));
    this.store(code, buf, s, e);
    if (e > s && this.readNumber(buf, s, e)) {
      let numbers = this.numbers;
      let mask = (numbers.length >> 2) - 1;
      let slot = numberSlot(this.high, this.low) & mask;
      while ((numbers[4 * slot] as number) >= 0) slot = (slot + 1) & mask;
      numbers[4 * slot] = this.high;
      numbers[4 * slot + 1] = this.low;
      numbers[4 * slot + 2] = code;
      if (++this.numberCount * 2 > mask + 1) {
        const old = numbers;
        numbers = new Int32Array(old.length * 2).fill(-1);
        mask = (numbers.length >> 2) - 1;
        for (let j = 0; j < old.length; j += 4) {
          const high = old[j] as number;
          if (high < 0) continue;
          let at = numberSlot(high, old[j + 1] as number) & mask;
          while ((numbers[4 * at] as number) >= 0) at = (at + 1) & mask;
          numbers[4 * at] = high;
          numbers[4 * at + 1] = old[j + 1] as number;
          numbers[4 * at + 2] = old[j + 2] as number;
        }
        this.numbers = numbers;
      }
      return code;
    }
    const h = bytesHash(buf, s, e);
    let slot = h & this.mask;
    while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = code + 1;
    this.slots[2 * slot + 1] = h;
    if (++this.byteCount * 2 > this.mask + 1) this.rehash();
    return code;
  }

  /** The text of a code this interner added lazily. */
  text(code: number): string {
    const at = this.offsets[code] as number;
    return this.arena.toString('utf8', at, at + (this.lengths[code] as number));
  }

  /** Keeps the bytes of a code (its text, and what the quick cache compares). */
  private store(code: number, buf: Buffer, s: number, e: number): void {
    // A value interned earlier by the reference path is cached under its code now.
    if (code >= this.offsets.length) {
      const grow = (a: Int32Array) => {
        const next = new Int32Array(Math.max(code + 1, a.length * 2));
        next.set(a);
        return next;
      };
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
    }
    const length = e - s;
    if (this.used + length > this.arena.length) {
      const next = Buffer.alloc(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    copyBytes(buf, s, e, this.arena, this.used);
    this.offsets[code] = this.used;
    this.lengths[code] = length;
    this.used += length;
    this.size++;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = old.length - 1;
    for (let j = 0; j < old.length; j += 2) {
      const entry = old[j] as number;
      if (entry === 0) continue;
      const h = old[j + 1] as number;
      let slot = h & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
