/**
 * Case duration, a fold step of the event log (docs/events.md, "Case duration"): the case's last
 * event time, so that its duration is last event minus first event (pm4py's
 * `get_all_case_durations`, the throughput time of process mining; the first event is the case's
 * creation, as earlier events are rejected), and optionally the time of the last event with a named
 * end activity, for the duration to that activity.
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { grow } from './arrays.js';

export class CaseDuration {
  /** Time of the case's last event (epoch ms). */
  lastAt = new Float64Array(0);
  /** Time of its last event with the end label (NaN: none). */
  endAt = new Float64Array(0);

  /** `endLabels`: the label codes of the end activity (empty: no end activity asked for). */
  constructor(private readonly endLabels: ReadonlySet<number> = new Set()) {}

  grow(capacity: number): void {
    this.lastAt = grow(this.lastAt, capacity);
    this.endAt = grow(this.endAt, capacity);
  }

  begin(i: number, createdAt: number): void {
    this.lastAt[i] = createdAt;
    this.endAt[i] = NaN;
  }

  /**
   * @example const d = new CaseDuration(new Set([9])); d.grow(1); d.begin(0, 0); d.apply(0, 3_600_000, 9);
   * d.apply(0, 7_200_000, 3); [d.lastAt[0], d.endAt[0]] // [7200000, 3600000]
   */
  apply(i: number, at: number, label: number): void {
    this.lastAt[i] = at;
    if (label !== 0 && this.endLabels.has(label)) this.endAt[i] = at;
  }
}
