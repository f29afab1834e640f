/**
 * The containers the event fold keeps its state in: typed arrays indexed by case, flat columns that
 * grow, and linked lists of numbers in one pool. No case and no event costs a JS object, so a
 * million-event log folds in a few hundred bytes per case.
 */

export type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A copy of `array` with room for `capacity` values (the new ones zero).
 * @example grow(Int32Array.of(7), 3) // Int32Array.of(7, 0, 0)
 */
export function grow<T extends Typed>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array.length <= capacity ? array : (array.subarray(0, capacity) as T));
  return next;
}

/** Entries per chunk of a Column at most: a long column grows by chunks this big, never copied. */
const CHUNK = 1 << 20;

/**
 * Appends numbers to typed-array chunks (each twice the last, up to a million entries), so that a
 * long column is never copied as it grows; `view()` joins the chunks once, when it is read.
 */
export class Column<T extends Typed> {
  length = 0;
  private chunks: T[] = [];
  private used = 0;
  constructor(private current: T) {}
  push(value: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new (this.current.constructor as new (n: number) => T)(
        Math.min(CHUNK, Math.max(1024, 2 * this.current.length)),
      );
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length++;
  }
  /** The values pushed so far, as one array (a view, valid until the next push). */
  view(): T {
    if (this.chunks.length > 0) {
      const all = new (this.current.constructor as new (n: number) => T)(this.length);
      let at = 0;
      for (const chunk of this.chunks) {
        all.set(chunk, at);
        at += chunk.length;
      }
      all.set(this.current.subarray(0, this.used), at);
      this.chunks = [];
      this.current = all;
      this.used = this.length;
    }
    return this.current.subarray(0, this.used) as T;
  }
}

/**
 * Linked lists of numbers in one pool of typed arrays (node = `width` Float64 slots + a next link),
 * with a free list. Per-case lists whose length is not bounded (customer messages awaiting a reply,
 * distinct teams, held rows) live here.
 */
export class Pool {
  private values: Float64Array;
  private links: Int32Array;
  private used = 0;
  private freeHead = -1;

  constructor(private readonly width: number) {
    this.values = new Float64Array(256 * width);
    this.links = new Int32Array(256);
  }

  /** A new node holding `values`, linked after `tail` (when >= 0); returns it. */
  append(tail: number, ...values: number[]): number {
    const node = this.node();
    for (let k = 0; k < this.width; k++) this.values[node * this.width + k] = values[k] ?? 0;
    if (tail >= 0) this.links[tail] = node;
    return node;
  }

  /** A new node holding one value, linked after `tail` (when >= 0); returns it. */
  append1(tail: number, value: number): number {
    const node = this.node();
    this.values[node * this.width] = value;
    if (tail >= 0) this.links[tail] = node;
    return node;
  }

  /** A new node holding `value`, linked before `head` (may be -1); returns it (the new head). */
  prepend(head: number, value: number): number {
    const node = this.append1(-1, value);
    this.links[node] = head;
    return node;
  }

  value(node: number, slot = 0): number {
    return this.values[node * this.width + slot] as number;
  }

  /** Overwrites slot `slot` of `node`. */
  set(node: number, slot: number, value: number): void {
    this.values[node * this.width + slot] = value;
  }

  next(node: number): number {
    return this.links[node] as number;
  }

  /** Returns the list starting at `head` to the free list. */
  release(head: number): void {
    let node = head;
    while (node >= 0) {
      const next = this.links[node] as number;
      this.links[node] = this.freeHead;
      this.freeHead = node;
      node = next;
    }
  }

  /** A free node, unlinked. */
  private node(): number {
    let node = this.freeHead;
    if (node >= 0) this.freeHead = this.links[node] as number;
    else {
      if (this.used === this.links.length) {
        this.links = grow(this.links, this.links.length * 2);
        this.values = grow(this.values, this.values.length * 2);
      }
      node = this.used++;
    }
    this.links[node] = -1;
    return node;
  }
}

/**
 * Groups tagged entries by case: `tags[k]` is `case * 2 + generation`; entries whose generation is not
 * `live(case)` are dropped (a case folded again from its `created` activity voids its first try).
 * Stable: a case's entries keep their order. Returns offsets (`n + 1`) and the columns regrouped.
 * @example byCase(2, Uint32Array.of(2, 0, 2), [Float64Array.of(5, 6, 7)], () => 0).offsets // Int32Array.of(0, 1, 3)
 */
export function byCase<T extends Typed>(
  n: number,
  tags: Uint32Array,
  columns: readonly T[],
  live: (row: number) => number,
): { offsets: Int32Array; columns: T[] } {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < tags.length; k++) {
    const tag = tags[k] as number;
    if ((tag & 1) === live(tag >>> 1)) offsets[(tag >>> 1) + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i] as number;
  const fill = offsets.slice(0, n);
  const out = columns.map((column) => new (column.constructor as new (n: number) => T)(offsets[n] as number));
  for (let k = 0; k < tags.length; k++) {
    const tag = tags[k] as number;
    if ((tag & 1) !== live(tag >>> 1)) continue;
    const at = fill[tag >>> 1]!++;
    for (let c = 0; c < columns.length; c++) out[c]![at] = columns[c]![k] as number;
  }
  return { offsets, columns: out };
}
