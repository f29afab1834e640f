/**
 * The buffered path of the event fold: every event kept as numbers in typed-array columns (about 40
 * bytes, plus 4 per case attribute a file maps; no object per event) until the end, then ordered per case by time
 * (ties keep input order: file order, files in the order given) and folded. Used to merge several
 * files, to sort a log exported out of time order, and for conversations (whose cases are known only
 * once every reply link is read).
 */
import { Column, grow } from '../../derive/events/arrays.js';
import type { FoldEvent } from '../../derive/events/event.js';

/** Bits of an event's packed flags (also the streaming path's held events). */
export const P_MESSAGE = 3;
export const P_CANCELLED = 4;
export const P_CUSTOMER = 8;
export const P_CREATED = 16;

/** The flags of `e` packed in a byte, `created` when it is the case's `created` activity. */
export function packFlags(e: FoldEvent, created: boolean): number {
  return e.message | (e.cancelled ? P_CANCELLED : 0) | (e.byCustomer ? P_CUSTOMER : 0) | (created ? P_CREATED : 0);
}

/** Sets the flags of `e` from a packed byte. */
export function unpackFlags(e: FoldEvent, flags: number): void {
  e.message = flags & P_MESSAGE;
  e.cancelled = (flags & P_CANCELLED) !== 0;
  e.byCustomer = (flags & P_CUSTOMER) !== 0;
}

/** A column of codes that costs nothing while every value is 0 (a case attribute no file maps). */
class SparseColumn {
  private data: Uint32Array | null = null;
  private length = 0;
  push(value: number): void {
    if (this.data === null) {
      if (value === 0) {
        this.length++;
        return;
      }
      this.data = new Uint32Array(Math.max(1024, this.length * 2));
    } else if (this.length === this.data.length) this.data = grow(this.data, this.length * 2);
    this.data[this.length++] = value;
  }
  at(k: number): number {
    return this.data === null ? 0 : (this.data[k] ?? 0);
  }
}

export class EventBuffer {
  /** The case (or, for conversations, the message) of each event, remapped to cases by `fold`. */
  readonly key = new Column(new Int32Array(1024));
  readonly time = new Column(new Float64Array(1024));
  readonly flags = new Column(new Uint8Array(1024));
  readonly group = new Column(new Uint8Array(1024));
  readonly status = new Column(new Uint32Array(1024));
  readonly agent = new Column(new Uint32Array(1024));
  readonly team = new Column(new Uint32Array(1024));
  readonly label = new Column(new Uint32Array(1024));
  readonly file = new Column(new Uint8Array(1024));
  readonly line = new Column(new Uint32Array(1024));
  /** Case attributes but the team (index 0 of `FoldEvent.attributes`), one column each. */
  private readonly attributes: SparseColumn[];

  constructor(attributes: number) {
    this.attributes = Array.from({ length: Math.max(0, attributes - 1) }, () => new SparseColumn());
  }

  get length(): number {
    return this.key.length;
  }

  push(key: number, e: FoldEvent, created: boolean, file: number, line: number): void {
    this.key.push(key);
    this.time.push(e.at);
    this.flags.push(packFlags(e, created));
    this.group.push(e.group);
    this.status.push(e.status);
    this.agent.push(e.agent);
    this.team.push(e.team);
    this.label.push(e.label);
    this.file.push(file);
    this.line.push(line);
    for (let a = 0; a < this.attributes.length; a++) this.attributes[a]!.push(e.attributes[a + 1] as number);
  }

  /**
   * Orders the events of `n` cases (keys already case rows) by case, then time, ties in input order:
   * a counting sort by case (stable), then an insertion sort by time within each case (linear for logs
   * already in time order). Returns the event order and each case's range in it.
   */
  order(n: number): { order: Int32Array; offsets: Int32Array } {
    const m = this.length;
    const { key: caseOf, time } = this.frozen();
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) offsets[(caseOf[e] as number) + 1]!++;
    for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, n);
    const order = new Int32Array(m);
    for (let e = 0; e < m; e++) order[fill[caseOf[e] as number]!++] = e;
    for (let i = 0; i < n; i++) {
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      for (let k = start + 1; k < end; k++) {
        const e = order[k] as number;
        const t = time[e] as number;
        let j = k - 1;
        while (j >= start && (time[order[j] as number] as number) > t) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = e;
      }
    }
    return { order, offsets };
  }

  /** The columns as arrays, once every event is in (reading them joins their chunks). */
  frozen(): {
    key: Int32Array;
    time: Float64Array;
    flags: Uint8Array;
    group: Uint8Array;
    status: Uint32Array;
    agent: Uint32Array;
    team: Uint32Array;
    label: Uint32Array;
    file: Uint8Array;
    line: Uint32Array;
  } {
    this.views ??= {
      key: this.key.view(),
      time: this.time.view(),
      flags: this.flags.view(),
      group: this.group.view(),
      status: this.status.view(),
      agent: this.agent.view(),
      team: this.team.view(),
      label: this.label.view(),
      file: this.file.view(),
      line: this.line.view(),
    };
    return this.views;
  }

  private views: ReturnType<EventBuffer['frozen']> | undefined;

  /** Fills `e` with buffered event `k` (its attributes but the team's included). */
  read(k: number, e: FoldEvent): void {
    const v = this.frozen();
    e.at = v.time[k] as number;
    unpackFlags(e, v.flags[k] as number);
    e.group = v.group[k] as number;
    e.status = v.status[k] as number;
    e.agent = v.agent[k] as number;
    e.team = v.team[k] as number;
    e.label = v.label[k] as number;
    e.attributes[0] = e.team;
    for (let a = 0; a < this.attributes.length; a++) e.attributes[a + 1] = this.attributes[a]!.at(k);
  }

  isCreated(k: number): boolean {
    return ((this.frozen().flags[k] as number) & P_CREATED) !== 0;
  }
}
