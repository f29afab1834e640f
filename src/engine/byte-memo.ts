/**
 * A bounded memo keyed by bytes: the byte lane looks up what it computed for a cell's bytes before
 * (a subject's complaint classes) without making the cell's string. Two generations of at most
 * `limit` entries and `arenaBytes` bytes each: a key is looked up in the current generation, then in
 * the previous one (and copied up when found there); when the current one is full it becomes the
 * previous one and the oldest is dropped. Keys that recur stay, one-off keys pass through, and the
 * memory is fixed (about `2 * (arenaBytes + 32 * limit)` bytes and the values).
 *
 * A digit-blind memo takes keys that differ only in their ASCII digits for the same key (`order 123`
 * and `order 456`): for a value that no digit can change (complaint classes whose rules hold no digit),
 * the order numbers and dates in subjects then do not make each subject a key of its own.
 */
import { bytesHash } from './byte-interner.js';

/** Whether byte `b` is an ASCII digit. */
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/** The four bytes of `w` with each ASCII digit made `0` (see {@link digitBlindHash}). */
function zeroDigits(w: number): number {
  const x = w ^ 0x30303030;
  const d = ~(((x | 0x80808080) - 0x0a0a0a0a) | 0 | x) & 0x80808080;
  const m = ((d >>> 7) * 0xff) | 0;
  return (w & ~m) | (0x30303030 & m);
}

/** Bytes `buf[i, i + 4)` as one little-endian 32-bit word. */
const word = (buf: Buffer, i: number): number =>
  (buf[i] as number) | ((buf[i + 1] as number) << 8) | ((buf[i + 2] as number) << 16) | ((buf[i + 3] as number) << 24);

/**
 * {@link bytesHash}'s kind of hash of `buf[s, e)` with every ASCII digit read as `0`. Four bytes per
 * step: in `x = w ^ 0x30303030` a digit's byte is below 10; `(x | 0x80) - 10` per byte (no borrow
 * from byte to byte) has its high bit clear exactly when the byte's low 7 bits are below 10, so
 * `d` flags the digits, and `m` is 0xff over each of them.
 */
export function digitBlindHash(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(h ^ zeroDigits(word(buf, i)), 0x01000193);
  }
  for (; i < e; i++) {
    const b = buf[i] as number;
    h = Math.imul(h ^ (isDigit(b) ? 0x30 : b), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

class Generation<T> {
  /**
   * Slots of four: entry + 1 (0: empty), hash, offset in the arena, length; open addressing, at most
   * half full. A probe reads one slot and then the key's bytes, no other array.
   */
  readonly slots: Int32Array;
  readonly mask: number;
  readonly arena: Buffer;
  readonly values: T[] = [];
  used = 0;

  constructor(
    readonly limit: number,
    arenaBytes: number,
    readonly digitBlind: boolean,
  ) {
    const size = 1 << Math.ceil(Math.log2(2 * limit));
    this.slots = new Int32Array(4 * size);
    this.mask = size - 1;
    this.arena = Buffer.allocUnsafe(arenaBytes);
  }

  reset(): void {
    this.slots.fill(0);
    this.values.length = 0;
    this.used = 0;
  }

  find(buf: Buffer, s: number, e: number, h: number): T | undefined {
    const slots = this.slots;
    const length = e - s;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = slots[4 * slot] as number;
      if (entry === 0) return undefined;
      if (slots[4 * slot + 1] !== h || slots[4 * slot + 3] !== length) continue;
      const arena = this.arena;
      const at = (slots[4 * slot + 2] as number) - s;
      let i = s;
      if (this.digitBlind) {
        // A word at a time while the words are equal or differ only in digits, then byte by byte.
        for (; i + 4 <= e; i += 4) {
          const a = word(arena, at + i);
          const b = word(buf, i);
          if (a !== b && zeroDigits(a) !== zeroDigits(b)) break;
        }
        for (; i < e; i++) {
          const a = arena[at + i] as number;
          const b = buf[i] as number;
          if (a !== b && !(isDigit(a) && isDigit(b))) break;
        }
      } else while (i < e && arena[at + i] === buf[i]) i++;
      if (i === e) return this.values[entry - 1];
    }
  }

  /** Adds the key (not present); false when this generation has no room for it. */
  add(buf: Buffer, s: number, e: number, h: number, value: T): boolean {
    const entry = this.values.length;
    const length = e - s;
    if (entry >= this.limit || this.used + length > this.arena.length) return false;
    // A loop, not Buffer.copy: keys are short, and copy makes a view of the source per call.
    const arena = this.arena;
    for (let i = s, at = this.used; i < e; i++, at++) arena[at] = buf[i] as number;
    this.values.push(value);
    const slots = this.slots;
    let slot = h & this.mask;
    while (slots[4 * slot] !== 0) slot = (slot + 1) & this.mask;
    slots[4 * slot] = entry + 1;
    slots[4 * slot + 1] = h;
    slots[4 * slot + 2] = this.used;
    slots[4 * slot + 3] = length;
    this.used += length;
    return true;
  }
}

export class ByteMemo<T> {
  private current: Generation<T>;
  private previous: Generation<T> | undefined;
  /** The hash of the key `get` looked up last, reused by `set` on the same key. */
  private lastHash = 0;

  /** With `digitBlind`, keys that differ only in ASCII digits are the same key. */
  constructor(
    private readonly limit: number,
    private readonly arenaBytes: number,
    private readonly digitBlind = false,
  ) {
    this.current = new Generation(limit, arenaBytes, digitBlind);
  }

  /** The value stored for the bytes `buf[s, e)`, or undefined. */
  get(buf: Buffer, s: number, e: number): T | undefined {
    const h = this.digitBlind ? digitBlindHash(buf, s, e) : bytesHash(buf, s, e);
    this.lastHash = h;
    const hit = this.current.find(buf, s, e, h);
    if (hit !== undefined || this.previous === undefined) return hit;
    const old = this.previous.find(buf, s, e, h);
    if (old !== undefined) this.store(buf, s, e, h, old);
    return old;
  }

  /**
   * Stores `value` for `buf[s, e)`, which `get` has just looked up and not found; a key longer than
   * a generation's bytes is not stored.
   */
  set(buf: Buffer, s: number, e: number, value: T): void {
    if (e - s > this.arenaBytes) return;
    this.store(buf, s, e, this.lastHash, value);
  }

  private store(buf: Buffer, s: number, e: number, h: number, value: T): void {
    if (this.current.add(buf, s, e, h, value)) return;
    // Full: the current generation becomes the previous one; its arrays are reused when possible.
    const recycled = this.previous;
    this.previous = this.current;
    if (recycled === undefined) this.current = new Generation(this.limit, this.arenaBytes, this.digitBlind);
    else {
      recycled.reset();
      this.current = recycled;
    }
    this.current.add(buf, s, e, h, value);
  }
}
