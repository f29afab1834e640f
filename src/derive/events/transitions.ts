/**
 * Raw status transitions, a fold step of the event log: each time an event names another status
 * than the case's current one, the pair (from, to) and the time spent in `from` are kept (the
 * bottleneck table of the process section reads them, docs/events.md). The first status of a case
 * is no transition. Statuses are compared as written (their dictionary codes), not by group.
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots and the case's entries.
 */
import { grow, Column } from './arrays.js';
import type { FoldEvent } from './event.js';

export class Transitions {
  /** The case's current raw status code (0: none yet) and since when. */
  status = new Uint32Array(0);
  since = new Float64Array(0);
  /** One entry per transition: the case's tag, from, to, time spent in `from` (ms). */
  readonly tag = new Column(new Uint32Array(1024));
  readonly from = new Column(new Uint32Array(1024));
  readonly to = new Column(new Uint32Array(1024));
  readonly spentMs = new Column(new Float64Array(1024));

  grow(capacity: number): void {
    this.status = grow(this.status, capacity);
    this.since = grow(this.since, capacity);
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slots are not zero). */
  begin(i: number, createdAt: number, restart: boolean): void {
    if (restart) this.status[i] = 0;
    this.since[i] = createdAt;
  }

  /**
   * @example
   * import { newFoldEvent } from './event.js';
   * // statuses 7 at 0, 8 at 1 h (again at 1.5 h: no move), 9 at 2.5 h: 1 h in 7, then 1.5 h in 8
   * const t = new Transitions();
   * t.grow(1);
   * t.begin(0, 0, false);
   * for (const [at, status] of [[0, 7], [3_600_000, 8], [5_400_000, 8], [9_000_000, 9]])
   *   t.apply(0, { ...newFoldEvent(0), at, group: 2, status });
   * [...t.spentMs.view()] // [3600000, 5400000]
   */
  apply(i: number, e: FoldEvent): void {
    if (e.group === 0) return;
    const raw = e.status;
    const current = this.status[i] as number;
    if (raw === current) return;
    if (current !== 0) {
      this.tag.push(e.tag);
      this.from.push(current);
      this.to.push(raw);
      this.spentMs.push(e.at - (this.since[i] as number));
    }
    this.status[i] = raw;
    this.since[i] = e.at;
  }
}
