/**
 * Several event files merged by time as they stream (docs/events.md, "Memory and speed"): when every
 * file is in time order (as a system writes its logs), the files are read side by side and their
 * events are folded in the order one buffered, sorted log would give (time, then file order, then
 * line), each once no file can still bring an earlier one (looked at after each batch a reader
 * reads): a k-way merge. A file that runs ahead waits (its reader's `wait`) once it holds
 * `MERGE_HOLD` events not yet folded, so memory stays a few MB whatever the log's size. A file found
 * out of time order across its cases (sorted by case, as many exports are) cannot be merged so:
 * `EventMergeOrder` is thrown and the run reads its files again into the buffered merge.
 */
import { grow } from '../../derive/events/arrays.js';
import { newFoldEvent, type FoldEvent } from '../../derive/events/event.js';
import { packFlags, P_CREATED, unpackFlags } from './buffer.js';
import type { StreamFold } from './stream.js';

/** A file of a streaming merge went back in time across its cases: merge its files in memory instead. */
export class EventMergeOrder extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: this event is earlier than the file's previous one (of another case)`);
    this.name = 'EventMergeOrder';
  }
}

/** Events a file may hold unfolded before its reader waits for the others (it reads on below half). */
export const MERGE_HOLD = 1 << 16;

/** One file's events not yet folded, first in first out. */
class FileQueue {
  head = 0;
  tail = 0;
  row = new Int32Array(1024);
  time = new Float64Array(1024);
  flags = new Uint8Array(1024);
  group = new Uint8Array(1024);
  status = new Uint32Array(1024);
  agent = new Uint32Array(1024);
  team = new Uint32Array(1024);
  label = new Uint32Array(1024);
  line = new Uint32Array(1024);
  opened = new Float64Array(1024);
  attributes: Uint32Array;
  /** The time of the file's latest event: none of its later events is earlier. */
  last = -Infinity;
  finished = false;
  /** A reader waiting for room, and its wake-up. */
  waiting: Promise<void> | undefined;
  wake: (() => void) | undefined;

  constructor(private readonly width: number) {
    this.attributes = new Uint32Array(1024 * width);
  }

  get size(): number {
    return this.tail - this.head;
  }

  push(row: number, e: FoldEvent, created: boolean, line: number, opened: number): void {
    if (this.tail === this.row.length) this.makeRoom();
    const k = this.tail++;
    this.row[k] = row;
    this.time[k] = e.at;
    this.flags[k] = packFlags(e, created);
    this.group[k] = e.group;
    this.status[k] = e.status;
    this.agent[k] = e.agent;
    this.team[k] = e.team;
    this.label[k] = e.label;
    this.line[k] = line;
    this.opened[k] = opened;
    for (let a = 1; a < this.width; a++) this.attributes[k * this.width + a] = e.attributes[a] as number;
  }

  /** Moves the events down to the start, or grows when more than half is used. */
  private makeRoom(): void {
    const size = this.size;
    const capacity = size * 2 > this.row.length ? this.row.length * 2 : this.row.length;
    const move = <T extends Int32Array | Float64Array | Uint8Array | Uint32Array>(a: T, width = 1): T => {
      const next = capacity === a.length / width ? a : grow(a, capacity * width);
      next.copyWithin(0, this.head * width, this.tail * width);
      return next;
    };
    this.row = move(this.row);
    this.time = move(this.time);
    this.flags = move(this.flags);
    this.group = move(this.group);
    this.status = move(this.status);
    this.agent = move(this.agent);
    this.team = move(this.team);
    this.label = move(this.label);
    this.line = move(this.line);
    this.opened = move(this.opened);
    this.attributes = move(this.attributes, this.width);
    this.head = 0;
    this.tail = size;
  }

  /** Fills `e` with the first event and drops it; returns its row. */
  shift(e: FoldEvent): number {
    const k = this.head++;
    e.at = this.time[k] as number;
    unpackFlags(e, this.flags[k] as number);
    e.group = this.group[k] as number;
    e.status = this.status[k] as number;
    e.agent = this.agent[k] as number;
    e.team = this.team[k] as number;
    e.label = this.label[k] as number;
    e.attributes[0] = e.team;
    for (let a = 1; a < this.width; a++) e.attributes[a] = this.attributes[k * this.width + a] as number;
    return this.row[k] as number;
  }
}

export class StreamMerge {
  private readonly queues: FileQueue[] = [];
  private readonly files: string[] = [];
  /** 1 once a case's first event was folded (it begins then, whichever file brought it). */
  private begun = new Uint8Array(1024);
  private readonly e: FoldEvent;

  /** The most events held unfolded at once, all files together (tests: memory is bounded). */
  peak = 0;
  private held = 0;

  constructor(
    private readonly stream: StreamFold,
    private readonly attributes: number,
    private readonly hold = MERGE_HOLD,
  ) {
    this.e = newFoldEvent(attributes);
  }

  /** Adds a file to merge; returns its index. */
  file(name: string): number {
    this.files.push(name);
    this.queues.push(new FileQueue(this.attributes));
    return this.queues.length - 1;
  }

  /**
   * Takes an event of file `f` (accepted: not before its case's previous event in the file).
   * @throws EventMergeOrder when it is earlier than the file's previous event
   */
  push(f: number, row: number, e: FoldEvent, created: boolean, line: number, opened: number): void {
    if (this.failure !== undefined) throw this.failure;
    const queue = this.queues[f] as FileQueue;
    if (e.at < queue.last) throw this.abort(new EventMergeOrder(this.files[f] ?? '', line));
    queue.last = e.at;
    queue.push(row, e, created, line, opened);
    if (++this.held > this.peak) this.peak = this.held;
    // Folded between a reader's batches (`wait`), not at each event: one tight loop a batch (on the
    // 1M bench log in two files, a fold at each event cost 25% more CPU than the single file's).
    if (queue.size >= this.hold) this.drain();
  }

  /** Why the merge stopped (the other files' readers stop at their next event), if it did. */
  private failure: Error | undefined;

  /** Stops the merge: every waiting reader reads on, and the next event of any file throws `error`. */
  abort(error: Error): Error {
    this.failure ??= error;
    for (const queue of this.queues) {
      queue.wake?.();
      queue.waiting = undefined;
      queue.wake = undefined;
    }
    return error;
  }

  /** Folds what may be folded; then whether the file's reader may read on, or should wait for the promise. */
  wait(f: number): Promise<void> | undefined {
    this.drain();
    const queue = this.queues[f] as FileQueue;
    if (queue.size < this.hold || this.failure !== undefined) return undefined;
    queue.waiting ??= new Promise<void>((resolve) => (queue.wake = resolve));
    return queue.waiting;
  }

  /** File `f` has no more events. */
  finish(f: number): void {
    (this.queues[f] as FileQueue).finished = true;
    this.drain();
  }

  /** Folds every event no file can still precede (all of them once every file is finished). */
  private drain(): void {
    const queues = this.queues;
    const e = this.e;
    for (;;) {
      let f = -1;
      let at = Infinity;
      for (let k = 0; k < queues.length; k++) {
        const q = queues[k] as FileQueue;
        if (q.size > 0 && (q.time[q.head] as number) < at) {
          f = k;
          at = q.time[q.head] as number;
        }
      }
      if (f < 0) break;
      // An unfinished file with nothing queued may still bring an earlier event, or one as early
      // from a file before this one (ties keep file order).
      let blocked = false;
      for (let g = 0; g < queues.length && !blocked; g++) {
        const q = queues[g] as FileQueue;
        if (g !== f && q.size === 0 && !q.finished) blocked = !(at < q.last || (at === q.last && f < g));
      }
      if (blocked) break;
      const queue = queues[f] as FileQueue;
      const k = queue.head;
      const created = ((queue.flags[k] as number) & P_CREATED) !== 0;
      const line = queue.line[k] as number;
      const opened = queue.opened[k] as number;
      const row = queue.shift(e);
      this.held--;
      if (row >= this.begun.length) this.begun = grow(this.begun, Math.max(row + 1, this.begun.length * 2));
      const isNew = this.begun[row] === 0;
      this.begun[row] = 1;
      this.stream.add(row, isNew, e, created, line, opened, f);
      if (queue.waiting !== undefined && queue.size < this.hold >> 1) {
        queue.wake?.();
        queue.waiting = undefined;
        queue.wake = undefined;
      }
    }
  }

  /** Whether every event was folded (every file finished). */
  get done(): boolean {
    return this.queues.every((q) => q.finished && q.size === 0);
  }
}
