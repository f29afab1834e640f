/**
 * Orders of ticket indices without comparator callbacks: a million tickets sorted by a JavaScript
 * comparator cost tens of millions of calls; these are LSD radix sorts over the keys' bits, stable,
 * so ties keep index order and the results equal those of the comparators they replace.
 */
import { spareArray, type SpareMemory } from './spare.js';

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * One stable counting pass: moves `from` into `to` ordered by the 16-bit digit of `keys[i] >>> shift`.
 * Returns false (and moves nothing) when every element has the same digit.
 */
function pass(from: Int32Array, to: Int32Array, keys: Uint32Array, shift: number, counts: Int32Array): boolean {
  counts.fill(0);
  const n = from.length;
  for (let p = 0; p < n; p++) {
    const d = ((keys[from[p] as number] as number) >>> shift) & (BUCKETS - 1);
    counts[d] = (counts[d] as number) + 1;
  }
  for (let d = 0; d < BUCKETS; d++) if (counts[d] === n) return false;
  let sum = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[d] as number;
    counts[d] = sum;
    sum += c;
  }
  for (let p = 0; p < n; p++) {
    const i = from[p] as number;
    const d = ((keys[i] as number) >>> shift) & (BUCKETS - 1);
    to[counts[d] as number] = i;
    counts[d] = (counts[d] as number) + 1;
  }
  return true;
}

/**
 * Sorts `order` (indices) stably by the 32-bit unsigned keys `keys[index]`, low digit first; returns [sorted, the other
 * buffer].
 */
function radix(order: Int32Array, spare: Int32Array, keys: Uint32Array, counts: Int32Array): [Int32Array, Int32Array] {
  let from = order;
  let to = spare;
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    if (pass(from, to, keys, shift, counts)) [from, to] = [to, from];
  }
  return [from, to];
}

/**
 * Indices 0..n-1 ascending by `values[i]`, ties by index: the order of the comparator
 * `(values[a] - values[b]) || a - b`. Null when a value is NaN, for which that comparator is no order.
 * With `shared`, the result is in shared memory (a second thread can read it where it is). The
 * first array of indices is made over `memory`'s buffer `order` when it has it (spare.ts).
 * @example orderByValue(Float64Array.of(3, 1, 3, 2), 4) // Int32Array.of(1, 3, 0, 2)
 */
export function orderByValue(values: Float64Array, n: number, shared = false, memory?: SpareMemory): Int32Array | null {
  const indices = (): Int32Array => spareArray(memory, 'order', Int32Array, n, shared);
  // Exports usually list their rows by creation: one look finds the order is the identity.
  if (ascending(values, n)) {
    const identity = indices();
    for (let i = 0; i < n; i++) identity[i] = i;
    return identity;
  }
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  // Little-endian word order, as on every platform Node runs on.
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) return null;
    bits[0] = v === 0 ? 0 : v; // -0 equals 0 for the comparator
    const lo = words[0] as number;
    const hi = words[1] as number;
    // IEEE 754 to an unsigned order: negative numbers flip every bit, positive ones the sign bit.
    if (hi >>> 31 === 1) {
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = (hi | 0x80000000) >>> 0;
      low[i] = lo;
    }
  }
  const counts = new Int32Array(BUCKETS);
  const order = indices();
  for (let i = 0; i < n; i++) order[i] = i;
  const [byLow, spare] = radix(order, indices(), low, counts);
  return radix(byLow, spare, high, counts)[0];
}

/** True when values[0..n) never descend and hold no NaN. */
function ascending(values: Float64Array, n: number): boolean {
  if (n > 0 && Number.isNaN(values[0] as number)) return false;
  for (let i = 1; i < n; i++) if (!((values[i - 1] as number) <= (values[i] as number))) return false;
  return true;
}

/** First index in `members` (ascending by creation) created at or after `at`. */
export function lowerBound(members: Int32Array, created: Float64Array, at: number): number {
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((created[members[mid] as number] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
