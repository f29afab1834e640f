/**
 * Time in each status group, a fold step of the event log (docs/events.md, "How a case is folded").
 * A case starts in group `new` at its creation; each event with a status moves it to that status's
 * group, and the time since the previous move is added to the group it leaves. A status given at the
 * creation instant replaces the implicit `new` without a move (the case was created in it).
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { GROUP_INDEX, STATUS_GROUPS } from '../../model/events.js';
import { grow } from './arrays.js';
import type { FoldEvent } from './event.js';

/** What `apply` returns when the event did not move the case to another group. */
export const UNCHANGED = -1;

export class StatusGroups {
  /** Current group (1..6) of each case. */
  group = new Uint8Array(0);
  /** Since when the case is in its current group (epoch ms). */
  since = new Float64Array(0);
  /** Completed time per group, ms: `groupMs[g][case]` (index 0 unused). */
  groupMs: Float64Array[] = Array.from({ length: STATUS_GROUPS.length + 1 }, () => new Float64Array(0));
  /** Bit g set when the case was ever in group g. */
  visited = new Uint8Array(0);
  /** 1 once the case had an event with a status. */
  seen = new Uint8Array(0);

  grow(capacity: number): void {
    this.group = grow(this.group, capacity);
    this.since = grow(this.since, capacity);
    this.groupMs = this.groupMs.map((column) => grow(column, capacity));
    this.visited = grow(this.visited, capacity);
    this.seen = grow(this.seen, capacity);
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slots are not zero). */
  begin(i: number, createdAt: number, restart: boolean): void {
    this.group[i] = GROUP_INDEX.new;
    this.since[i] = createdAt;
    this.visited[i] = 1 << GROUP_INDEX.new;
    if (!restart) return;
    for (const column of this.groupMs) column[i] = 0;
    this.seen[i] = 0;
  }

  /**
   * Folds event `e` of case `i`; returns the group the case was in when the event moved it to
   * another one (or replaced its initial group), else UNCHANGED.
   * @example
   * import { newFoldEvent } from './event.js';
   * // created at 0, pending at 1 h, open at 3 h: the second move leaves pending
   * const s = new StatusGroups();
   * s.grow(1);
   * s.begin(0, 0, false);
   * s.apply(0, { ...newFoldEvent(0), at: 3_600_000, group: GROUP_INDEX.pending });
   * s.apply(0, { ...newFoldEvent(0), at: 10_800_000, group: GROUP_INDEX.open }) // GROUP_INDEX.pending
   */
  apply(i: number, e: FoldEvent): number {
    const g = e.group;
    if (g === 0) return UNCHANGED;
    const group = this.group[i] as number;
    if (this.seen[i] === 0) {
      this.seen[i] = 1;
      if (e.at === this.since[i]) {
        // The status the case was created in: no stay in the implicit `new`.
        this.visited[i] = ((this.visited[i] as number) & ~(1 << group)) | (1 << g);
        this.group[i] = g;
        return group;
      }
    }
    if (g === group) return UNCHANGED;
    this.groupMs[group]![i]! += e.at - (this.since[i] as number);
    this.group[i] = g;
    this.since[i] = e.at;
    this.visited[i]! |= 1 << g;
    return group;
  }
}
