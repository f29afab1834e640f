/**
 * Memory mapped ahead for the arrays a report makes once its table is read: the context's
 * per-ticket instants and durations, the tickets' creation order, the groups' lists, the
 * repeat-contact thread's flags and working arrays.
 *
 * The kernel maps a new array's pages at their first write. On a slow virtual machine that costs
 * about 11 µs a page, so the 82 bytes a ticket those arrays take cost about 220 ms on a 1M-ticket
 * report, most of it on the main thread alone after reading. While the reading thread is the slower
 * one, the main thread waits for its batches; once every reserved row is set
 * (TicketTable.initializeAhead), it maps these buffers there, a megabyte at a time, in the plan's
 * order, and each array is made over the buffer planned for it.
 *
 * The buffers are zero, as new arrays are, and shared (SharedArrayBuffer), as the repeat-contact
 * thread reads and writes some of them.
 */

/** Bytes mapped per step: about 3 ms of page faults at the slow end. */
const STEP_BYTES = 1 << 20;

const PAGE = 4096;

/**
 * Memory mapped ahead at most; the rest of the plan is made as it comes. A report's arrays are not
 * all there at once (some are let go before others are made), so mapping them all ahead could raise
 * the run's peak: at 10M tickets the plan is 700 MB, of which the first 384 MiB are arrays the
 * report keeps to its end.
 */
const MAX_BYTES = 384 * 1024 * 1024;

/** One array of the plan: its name (what its maker asks for) and its bytes per row. */
export interface SparePlanEntry {
  name: string;
  bytesPerRow: number;
}

export class SpareMemory {
  /** Buffers made so far, by name, and how much of each is mapped. */
  private readonly buffers = new Map<string, { buffer: SharedArrayBuffer; mapped: number }>();
  /** The planned buffers' names and bytes, fixed at the first step (within MAX_BYTES); undefined before it. */
  private sizes: { name: string; bytes: number }[] | undefined;

  /** `plan`: the arrays in the order they are mapped (the ones the main thread writes first). */
  constructor(private readonly plan: readonly SparePlanEntry[]) {}

  /** Maps about a megabyte more of the buffers for `rows` rows; true while some is left to map. */
  step(rows: number): boolean {
    if (this.sizes === undefined) {
      this.sizes = [];
      let total = 0;
      for (const { name, bytesPerRow } of this.plan) {
        const bytes = bytesPerRow * rows;
        if (total + bytes > MAX_BYTES) break;
        total += bytes;
        this.sizes.push({ name, bytes });
      }
    }
    let budget = STEP_BYTES;
    let left = false;
    for (const { name, bytes } of this.sizes) {
      let entry = this.buffers.get(name);
      if (entry === undefined) {
        if (budget === 0) return true;
        this.buffers.set(name, (entry = { buffer: new SharedArrayBuffer(bytes), mapped: 0 }));
      }
      if (entry.mapped >= bytes) continue;
      if (budget === 0) return true;
      const end = Math.min(bytes, entry.mapped + budget);
      // A write to each page maps it (a read would map the shared zero page, and the array's first write fault anyway).
      const view = new Uint8Array(entry.buffer);
      for (let at = entry.mapped; at < end; at += PAGE) view[at] = 0;
      budget -= end - entry.mapped;
      entry.mapped = end;
      left ||= end < bytes;
    }
    return left;
  }

  /**
   * The buffer planned as `name` when it is made and has at least `bytes` bytes (zero, in the state a
   * new one is), given up by this pool; else undefined.
   */
  take(name: string, bytes: number): SharedArrayBuffer | undefined {
    const entry = this.buffers.get(name);
    if (entry === undefined || entry.buffer.byteLength < bytes) return undefined;
    this.buffers.delete(name);
    // Out of the plan too, so that a later step does not make it again.
    this.sizes = this.sizes?.filter((size) => size.name !== name);
    return entry.buffer;
  }
}

type ArrayKind = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

/**
 * A zeroed array of `n` entries: over the buffer `spare` planned as `name` when it has it, else
 * over a new one (shared when `shared`).
 */
export function spareArray<K extends ArrayKind>(
  spare: SpareMemory | undefined,
  name: string,
  kind: K,
  n: number,
  shared = false,
): InstanceType<K> {
  const bytes = kind.BYTES_PER_ELEMENT * n;
  const buffer = spare?.take(name, bytes) ?? (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return new kind(buffer as ArrayBuffer, 0, n) as InstanceType<K>;
}
