/**
 * Distinct values a case's events name (its teams), a fold step of the event log: teams per case
 * (docs/events.md). Events that name no value are passed over.
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { grow, Pool } from './arrays.js';

export class DistinctValues {
  count = new Int32Array(0);
  /** The case's values, a list in `values`. */
  private head = new Int32Array(0);
  /** The value last folded: a repeat of it needs no search. */
  private last = new Uint32Array(0);
  private readonly values = new Pool(1);

  grow(capacity: number): void {
    this.count = grow(this.count, capacity);
    this.head = grow(this.head, capacity);
    this.last = grow(this.last, capacity);
  }

  /** (Re)starts case `i`; a restarted case's values are let go. */
  begin(i: number, restart: boolean): void {
    if (restart) {
      this.values.release(this.head[i] as number);
      this.count[i] = 0;
      this.last[i] = 0;
    }
    this.head[i] = -1;
  }

  /**
   * Folds the value `value` (0: none) named by the next event of case `i`.
   * @example const d = new DistinctValues(); d.grow(1); d.begin(0, false);
   * for (const team of [1, 2, 1, 0, 3]) d.apply(0, team); d.count[0] // 3
   */
  apply(i: number, value: number): void {
    if (value === 0 || value === this.last[i]) return;
    this.last[i] = value;
    const values = this.values;
    for (let node = this.head[i] as number; node >= 0; node = values.next(node))
      if (values.value(node) === value) return;
    this.head[i] = values.prepend(this.head[i] as number, value);
    this.count[i]!++;
  }
}
