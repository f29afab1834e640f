/**
 * A group's tickets over time, for the figures a report asks at every period's end: the backlog (tickets
 * open at an instant), the backlog's ages, and the tickets resolved in a period (throughput). Built once
 * per group when a second period asks, so that a daily report over a year costs tickets + days (one sort,
 * then a binary search or a short walk per period), not days x backlog; a report of one period
 * keeps the plain scan, which costs less than the build.
 */
import type { DurationValue } from './values.js';
import { exactSumBound, summarizeDurations, summarizeRanked } from './summarize.js';

/**
 * Groups smaller than this keep the scan: a period's scan of one costs at most this many steps, so the
 * report stays linear in its cells, and a report by customer (hundreds of thousands of tiny groups)
 * does not make a few typed arrays per group.
 */
export const INDEX_MIN_TICKETS = 256;

/**
 * Work counted for the structural tests (no timing): tickets a backlog scan visits, tickets the index
 * enters or leaves, and queries. Only ever incremented; tests read differences.
 */
export const openWork = { steps: 0 };

/** Number of values of ascending `sorted` below `at` (NaN never counts: it sorts last). */
export function below(sorted: Float64Array, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DIGIT_BITS = 16;
const DIGIT = 1 << DIGIT_BITS;
const TWO_32 = 4294967296;

/**
 * Positions `0..keys.length-1` whose key is not NaN, ascending by key: an LSD radix sort (16-bit digits,
 * the keys' two 32-bit halves carried along so that each pass reads in order) of keys that are whole
 * numbers in [0, 2^53), in three or four linear passes where a comparison sort of a million positions
 * takes a second or more.
 */
function radixOrder(keys: Float64Array): Int32Array {
  let count = 0;
  for (let i = 0; i < keys.length; i++) if (!Number.isNaN(keys[i] as number)) count++;
  let order = new Int32Array(count);
  let low = new Uint32Array(count);
  let high = new Uint32Array(count);
  let most = 0;
  let k = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as number;
    if (Number.isNaN(key)) continue;
    const l = key % TWO_32;
    const h = (key - l) / TWO_32;
    order[k] = i;
    low[k] = l;
    high[k++] = h;
    if (h > most) most = h;
  }
  let order2 = new Int32Array(count);
  let low2 = new Uint32Array(count);
  let high2 = new Uint32Array(count);
  const counts = new Int32Array(DIGIT);
  const pass = (fromHigh: boolean, shift: number) => {
    counts.fill(0);
    const digits = fromHigh ? high : low;
    for (let i = 0; i < count; i++) {
      const d = ((digits[i] as number) >>> shift) & (DIGIT - 1);
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < DIGIT; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const d = ((digits[i] as number) >>> shift) & (DIGIT - 1);
      const at = counts[d] as number;
      counts[d] = at + 1;
      order2[at] = order[i] as number;
      low2[at] = low[i] as number;
      high2[at] = high[i] as number;
    }
    [order, order2, low, low2, high, high2] = [order2, order, low2, low, high2, high];
  };
  pass(false, 0);
  pass(false, DIGIT_BITS);
  for (let shift = 0; shift < 32 && most >>> shift > 0; shift += DIGIT_BITS) pass(true, shift);
  return order;
}

/**
 * The open positions of a group, 0..size-1: a flag each, with counts by block of 64 and of 4096, so
 * that entering or leaving is three increments and the k-th open position a walk of a few hundred steps
 * (a Fenwick tree's twenty scattered steps per entry cost more for a group of a million).
 */
class OpenSet {
  readonly flags: Uint8Array;
  readonly blocks: Int32Array;
  readonly supers: Int32Array;
  constructor(size: number) {
    this.flags = new Uint8Array(size);
    this.blocks = new Int32Array((size >>> 6) + 1);
    this.supers = new Int32Array((size >>> 12) + 1);
  }
  set(position: number, open: boolean): void {
    const sign = open ? 1 : -1;
    this.flags[position] = open ? 1 : 0;
    this.blocks[position >>> 6] = (this.blocks[position >>> 6] as number) + sign;
    this.supers[position >>> 12] = (this.supers[position >>> 12] as number) + sign;
  }
  /** The k-th (0-based) open position; k below the number open. */
  kth(k: number): number {
    let rest = k;
    let s = 0;
    while (rest >= (this.supers[s] as number)) rest -= this.supers[s++] as number;
    let b = s << 6;
    while (rest >= (this.blocks[b] as number)) rest -= this.blocks[b++] as number;
    let p = b << 6;
    for (;;) {
      if (this.flags[p] === 1) {
        if (rest === 0) return p;
        rest--;
      }
      p++;
    }
  }
}

/** The open tickets of one group over time; see the module's comment. */
export class OpenIndex {
  /** Creation instants in the group's order (ascending). */
  private readonly created: Float64Array;
  /** Instants the tickets stop being open (max of creation and the first of resolution or closing), ascending. */
  private readonly exits: Float64Array;
  /** Group positions in the order of `exits`, when the ages can be had from the open set (else null). */
  private readonly exitOrder: Int32Array | null;
  /** The open tickets by group position, made on the first `ages`. */
  private tree: OpenSet | null = null;
  private entered = 0;
  private left = 0;
  /** The open tickets' sum of (created - the first creation), in 2^24 high and low parts (both exact). */
  private sumHigh = 0;
  private sumLow = 0;

  private constructor(created: Float64Array, exitOf: Float64Array, wholeInstants: boolean) {
    let whole = wholeInstants;
    this.created = created;
    // Radix keys: whole milliseconds from the first creation (every exit comes at or after it), below 2^53.
    const base = created.length > 0 ? (created[0] as number) : 0;
    const keys = new Float64Array(exitOf.length);
    for (let i = 0; i < keys.length; i++) {
      keys[i] = (exitOf[i] as number) - base;
      if ((keys[i] as number) >= 2 ** 53) whole = false;
    }
    if (whole) {
      this.exitOrder = radixOrder(keys);
      this.exits = new Float64Array(this.exitOrder.length);
      for (let i = 0; i < this.exits.length; i++) this.exits[i] = exitOf[this.exitOrder[i] as number] as number;
    } else {
      this.exitOrder = null;
      this.exits = exitOf.filter((v) => !Number.isNaN(v)).sort();
    }
  }

  /**
   * The index of `members` (ascending by creation), or null when its creation instants are not finite and
   * ascending (the scan handles those). A ticket leaves the backlog at its resolution instant, or at its
   * closing one when `closed` is given (resolution instant `solved`), whichever comes first.
   */
  static of(members: Int32Array, created: Float64Array, resolvedAt: Float64Array, closed: Float64Array | null) {
    const m = members.length;
    const createdOf = new Float64Array(m);
    const exitOf = new Float64Array(m);
    let whole = true;
    let previous = -Infinity;
    for (let i = 0; i < m; i++) {
      const t = members[i] as number;
      const c = created[t] as number;
      if (!Number.isFinite(c) || c < previous) return null;
      previous = c;
      createdOf[i] = c;
      let leave = resolvedAt[t] as number;
      if (closed !== null) {
        const k = closed[t] as number;
        if (Number.isNaN(leave) || k < leave) leave = k;
      }
      if (Number.isNaN(leave)) exitOf[i] = Number.NaN;
      else if (!Number.isFinite(leave)) return null;
      else exitOf[i] = Math.max(leave, c);
      if (!Number.isInteger(c) || !(Number.isNaN(leave) || Number.isInteger(leave))) whole = false;
    }
    openWork.steps += m;
    return new OpenIndex(createdOf, exitOf, whole);
  }

  /** Tickets created before `at` and not resolved (nor closed, see `of`) before it. */
  count(at: number): number {
    openWork.steps++;
    return below(this.created, at) - below(this.exits, at);
  }

  /**
   * The backlog's ages at `at` on the calendar clock (at - created, ms) as summarizeDurations gives
   * them, or null when they cannot be had exactly without gathering them (instants not whole, sums
   * beyond 2^53): the caller gathers them then.
   */
  ages(at: number, unit: 'minutes' | 'hours'): DurationValue | null {
    if (this.exitOrder === null || !Number.isInteger(at)) return null;
    const tree = this.moveTo(at);
    const n = this.entered - this.left;
    if (n === 0) return summarizeDurations(new Float64Array(0), unit);
    const created = this.created;
    const kth = (k: number) => created[tree.kth(k)] as number;
    const base = created[0] as number;
    if (!exactSumBound(at - kth(0), n)) return null;
    // The sum of (at - created) over the open tickets, exactly: n * (at - base) - sum(created - base), by
    // 2^24 parts (each part's sums stay whole numbers far below 2^53).
    const span = at - base;
    const spanLow = span % SPLIT;
    const spanHigh = (span - spanLow) / SPLIT;
    const sum = (n * spanHigh - this.sumHigh) * SPLIT + (n * spanLow - this.sumLow);
    return summarizeRanked(n, sum, (r) => at - kth(n - 1 - r), unit);
  }

  /** The open set brought to instant `at`: tickets created before it entered, those gone before it left. */
  private moveTo(at: number) {
    openWork.steps++;
    let tree = this.tree;
    if (tree === null) tree = this.tree = new OpenSet(this.created.length);
    const order = this.exitOrder as Int32Array;
    const entered = below(this.created, at);
    const left = below(this.exits, at);
    while (this.entered < entered) this.update(tree, this.entered++, true);
    while (this.left < left) this.update(tree, order[this.left++] as number, false);
    while (this.left > left) this.update(tree, order[--this.left] as number, true);
    while (this.entered > entered) this.update(tree, --this.entered, false);
    return tree;
  }

  private update(tree: OpenSet, position: number, open: boolean) {
    openWork.steps++;
    const sign = open ? 1 : -1;
    const value = (this.created[position] as number) - (this.created[0] as number);
    const low = value % SPLIT;
    const high = (value - low) / SPLIT;
    this.sumHigh += sign * high;
    this.sumLow += sign * low;
    tree.set(position, open);
  }
}

const SPLIT = 16777216;

/** Per context (any object) and group, how often a figure was asked, and its sorted instants from the second time. */
const resolvedSorted = new WeakMap<object, WeakMap<Int32Array, { asked: number; sorted: Float64Array | null }>>();

/**
 * The group's resolution instants, ascending (NaN: none, left out), from the second time a context asks
 * for them (undefined the first time: one period's count is a plain scan, cheaper than the sort; and
 * always for a group of fewer than INDEX_MIN_TICKETS, whose scan is short).
 */
export function sortedResolutions(ctx: object, members: Int32Array, resolvedAt: Float64Array) {
  if (members.length < INDEX_MIN_TICKETS) return undefined;
  let byGroup = resolvedSorted.get(ctx);
  if (byGroup === undefined) resolvedSorted.set(ctx, (byGroup = new WeakMap()));
  let entry = byGroup.get(members);
  if (entry === undefined) byGroup.set(members, (entry = { asked: 0, sorted: null }));
  if (++entry.asked < 2) return undefined;
  if (entry.sorted === null) {
    const values = new Float64Array(members.length);
    let k = 0;
    for (let i = 0; i < members.length; i++) {
      const r = resolvedAt[members[i] as number] as number;
      if (!Number.isNaN(r)) values[k++] = r;
    }
    openWork.steps += members.length;
    entry.sorted = values.subarray(0, k).sort();
  }
  return entry.sorted;
}
