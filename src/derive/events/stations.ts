/**
 * Stations, handoffs and ping-pong over one sequence of values a case's events name (its teams, or
 * its agents), a fold step of the event log (docs/events.md). Events that name no value are passed
 * over. A station is a run of consecutive events naming the same value; a handoff is a change of
 * value (stations - 1); ping-pong is a value coming back right after another one (A -> B -> A on the
 * stations: Celonis' "direct" ping-pong, van der Aalst's subcontracting with n = 2).
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { grow } from './arrays.js';

export class Stations {
  /** The value of the case's current station (0: none yet) and of the one before. */
  last = new Uint32Array(0);
  previous = new Uint32Array(0);
  stations = new Int32Array(0);
  /** 1 once a value came back right after another one. */
  pingPong = new Uint8Array(0);

  grow(capacity: number): void {
    this.last = grow(this.last, capacity);
    this.previous = grow(this.previous, capacity);
    this.stations = grow(this.stations, capacity);
    this.pingPong = grow(this.pingPong, capacity);
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slots are not zero). */
  begin(i: number, restart: boolean): void {
    if (!restart) return;
    this.last[i] = 0;
    this.previous[i] = 0;
    this.stations[i] = 0;
    this.pingPong[i] = 0;
  }

  /**
   * Folds the value `value` (0: none) named by the next event of case `i`.
   * @example const s = new Stations(); s.grow(1); s.begin(0, false);
   * for (const team of [1, 1, 2, 0, 1]) s.apply(0, team); [s.stations[0], s.handoffs(0), s.pingPong[0]] // [3, 2, 1]
   */
  apply(i: number, value: number): void {
    const last = this.last[i] as number;
    if (value === 0 || value === last) return;
    if (value === this.previous[i] && last !== 0) this.pingPong[i] = 1;
    this.previous[i] = last;
    this.last[i] = value;
    this.stations[i]!++;
  }

  /** Handoffs of case `i`: changes of value, stations - 1 (0 without any). */
  handoffs(i: number): number {
    return Math.max(0, (this.stations[i] as number) - 1);
  }
}
