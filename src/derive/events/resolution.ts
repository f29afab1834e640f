/**
 * First and last resolution, closing and reopens, a fold step of the event log (docs/events.md).
 * Fed the group move `StatusGroups.apply` found:
 * - first resolution: the first entry to solved or closed (Zendesk: a ticket closed without being
 *   solved counts from its close), kept through reopens, so that a workflow whose only terminal
 *   status is `closed` still has one;
 * - a reopen: a move from solved or closed to any other group; it voids the last solved and closed
 *   instants (the case is open again);
 * - a cancellation (a status the vocabulary reads as `cancelled`): under the policy `closed` it is
 *   a close; under `unresolved` it ends the case without resolving it: no resolution instant, and
 *   leaving it is no reopen.
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { grow } from './arrays.js';
import { GROUP_CLOSED, GROUP_SOLVED, type FoldEvent } from './event.js';
import { UNCHANGED } from './status.js';

/** What a cancellation means: a close (the default) or an end without resolution. */
export type CancelledPolicy = 'closed' | 'unresolved';

export class Resolution {
  firstResolved = new Float64Array(0);
  lastSolved = new Float64Array(0);
  closedAt = new Float64Array(0);
  reopens = new Int32Array(0);
  /** 1 when the case's latest status is a cancellation. */
  cancelled = new Uint8Array(0);

  constructor(private readonly policy: CancelledPolicy = 'closed') {}

  grow(capacity: number): void {
    this.firstResolved = grow(this.firstResolved, capacity);
    this.lastSolved = grow(this.lastSolved, capacity);
    this.closedAt = grow(this.closedAt, capacity);
    this.reopens = grow(this.reopens, capacity);
    this.cancelled = grow(this.cancelled, capacity);
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slots are not zero). */
  begin(i: number, restart: boolean): void {
    this.firstResolved[i] = NaN;
    this.lastSolved[i] = NaN;
    this.closedAt[i] = NaN;
    if (!restart) return;
    this.reopens[i] = 0;
    this.cancelled[i] = 0;
  }

  /** Whether a cancellation counts as a resolution. */
  private get cancelResolves(): boolean {
    return this.policy === 'closed';
  }

  /**
   * Folds event `e` of case `i`, which moved the case out of group `previous` (UNCHANGED: it did not
   * move it).
   * @example
   * import { newFoldEvent } from './event.js';
   * import { StatusGroups } from './status.js';
   * // solved at 1, open again at 2 (a reopen), closed at 3
   * const s = new StatusGroups();
   * const r = new Resolution();
   * s.grow(1);
   * r.grow(1);
   * s.begin(0, 0, false);
   * r.begin(0, false);
   * for (const [at, group] of [[1, GROUP_SOLVED], [2, 2], [3, GROUP_CLOSED]]) {
   *   const e = { ...newFoldEvent(0), at, group, status: group };
   *   r.apply(0, e, s.apply(0, e));
   * }
   * [r.firstResolved[0], r.reopens[0], r.closedAt[0]] // [1, 1, 3]
   */
  apply(i: number, e: FoldEvent, previous: number): void {
    const g = e.group;
    if (g === 0) return;
    const t = e.at;
    const wasCancelled = this.cancelled[i] === 1;
    const resolves = g === GROUP_SOLVED || (g === GROUP_CLOSED && (!e.cancelled || this.cancelResolves));
    if (previous !== UNCHANGED) {
      const wasResolved =
        previous === GROUP_SOLVED || (previous === GROUP_CLOSED && (!wasCancelled || this.cancelResolves));
      if (wasResolved && g !== GROUP_SOLVED && g !== GROUP_CLOSED) {
        this.reopens[i]!++;
        this.lastSolved[i] = NaN;
        this.closedAt[i] = NaN;
      }
      if (resolves && Number.isNaN(this.firstResolved[i] as number)) this.firstResolved[i] = t;
      if (g === GROUP_SOLVED) this.lastSolved[i] = t;
      if (g === GROUP_CLOSED && resolves) this.closedAt[i] = t;
    } else if (g === GROUP_CLOSED && wasCancelled && resolves && !this.cancelResolves) {
      // Closed after an unresolved cancellation: resolved now.
      if (Number.isNaN(this.firstResolved[i] as number)) this.firstResolved[i] = t;
      this.closedAt[i] = t;
    }
    this.cancelled[i] = g === GROUP_CLOSED && e.cancelled ? 1 : 0;
  }

  /** Whether case `i` ends resolved (its last group `group` is solved or closed, not an unresolved cancellation). */
  endsResolved(i: number, group: number): boolean {
    if (group !== GROUP_SOLVED && group !== GROUP_CLOSED) return false;
    return !(this.cancelled[i] === 1 && !this.cancelResolves);
  }
}
