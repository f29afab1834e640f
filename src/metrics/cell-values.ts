/**
 * The values of a per-ticket array over every cell of a report's period at once.
 *
 * A cell's cohort is its group's tickets created in the period, ascending by creation: for a group
 * of 1/35 of the tickets, its indices step 35 rows at a time through the array, one cache line per
 * value read, and the next group steps through the whole array again. Gathering a duration over
 * every cell that way cost 35 ns a ticket on the 1M bench file (100 ms for three durations). Here
 * one pass in creation order (for an export listed by creation, the array's own order) reads each
 * value once and appends it to its cell's run in one buffer; a cell's values are then a copy of its
 * run. The order within a run is the cohort's, so sums come out the same to the last bit.
 */
import { lowerBound } from './order.js';

/** One cell: its cohort, the period it covers, and the number of its group in `groupOf`. */
export interface CellSpec {
  cohort: Int32Array;
  start: number;
  end: number;
  group: number;
}

/** Periods one layout tells apart at most (a period and the one before, with `--compare previous`). */
const MAX_PERIODS = 4;

export class CellValues {
  private readonly cellOfCohort = new Map<Int32Array, number>();
  /** Cell of (group, period), -1 for none: `lookup[group * periods + period]`. */
  private readonly lookup: Int32Array;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Where each cell's run starts in `runs`; how many values it holds (NaN left out). */
  private readonly offsets: Int32Array;
  private readonly counts: Int32Array;
  private runs: Float64Array;
  /** The array whose values `runs` holds now. */
  private current: Float64Array | undefined;
  /** Set when a pass met other tickets than the cohorts hold (never, when built as documented): no cell is answered then. */
  private broken = false;
  /** Positions in `byCreated` of the tickets created within the periods. */
  private readonly from: number;
  private readonly to: number;

  /**
   * Undefined-free construction; use {@link CellValues.of}, which says when cells cannot be laid out
   * this way (more periods than it tells apart, a group without a number).
   */
  private constructor(
    private readonly cells: readonly CellSpec[],
    private readonly groupOf: Int32Array,
    private readonly created: Float64Array,
    private readonly byCreated: Int32Array,
    groups: number,
    runs: Float64Array | undefined,
  ) {
    for (const cell of cells) {
      let p = 0;
      while (p < this.starts.length && !(this.starts[p] === cell.start && this.ends[p] === cell.end)) p++;
      if (p === this.starts.length) {
        this.starts.push(cell.start);
        this.ends.push(cell.end);
      }
    }
    const periods = this.starts.length;
    this.lookup = new Int32Array(groups * periods).fill(-1);
    this.offsets = new Int32Array(cells.length + 1);
    this.counts = new Int32Array(cells.length);
    cells.forEach((cell, c) => {
      const p = this.periodOf(cell.start, cell.end);
      this.lookup[cell.group * periods + p] = c;
      this.cellOfCohort.set(cell.cohort, c);
      this.offsets[c + 1] = (this.offsets[c] as number) + cell.cohort.length;
    });
    const total = this.offsets[cells.length] as number;
    this.runs = runs !== undefined && runs.length >= total ? runs : new Float64Array(total);
    this.from = lowerBound(byCreated, created, Math.min(...this.starts));
    this.to = lowerBound(byCreated, created, Math.max(...this.ends));
  }

  /**
   * The layout of `cells`, whose cohorts are their groups' tickets created in their periods, each
   * group numbered as in `groupOf` (a number per ticket, below `groups`); undefined when it cannot
   * be used: no creation order, a cell without a group number, periods that overlap or too many.
   */
  static of(cells: readonly CellSpec[], groupOf: Int32Array | undefined, groups: number, created: Float64Array, byCreated: Int32Array | null | undefined, runs?: Float64Array): CellValues | undefined {
    if (groupOf === undefined || byCreated === null || byCreated === undefined || cells.length === 0) return undefined;
    const periods: [number, number][] = [];
    for (const cell of cells) {
      if (!(cell.group >= 0 && cell.group < groups) || !(cell.start < cell.end)) return undefined;
      if (!periods.some(([s, e]) => s === cell.start && e === cell.end)) periods.push([cell.start, cell.end]);
    }
    if (periods.length > MAX_PERIODS) return undefined;
    // A ticket must fall in one period at most.
    const sorted = [...periods].sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < sorted.length; k++) if ((sorted[k] as [number, number])[0] < (sorted[k - 1] as [number, number])[1]) return undefined;
    return new CellValues(cells, groupOf, created, byCreated, groups, runs);
  }

  private periodOf(start: number, end: number): number {
    for (let p = 0; p < this.starts.length; p++) if (this.starts[p] === start && this.ends[p] === end) return p;
    return -1;
  }

  /**
   * The values of `values` over `cohort` (one of the cells) that are not NaN, in the cohort's order,
   * copied into `into` from 0; returns how many, or -1 when `cohort` is not one of the cells.
   */
  valuesOver(values: Float64Array, cohort: Int32Array, into: Float64Array): number {
    const c = this.cellOfCohort.get(cohort);
    if (c === undefined || this.broken) return -1;
    if (values !== this.current) this.gather(values);
    if (this.broken) return -1;
    const k = this.counts[c] as number;
    const at = this.offsets[c] as number;
    into.set(this.runs.subarray(at, at + k));
    return k;
  }

  /** One pass over the tickets created within the periods, in creation order: each value to its cell's run. */
  private gather(values: Float64Array): void {
    const { groupOf, created, byCreated, lookup, offsets, counts, runs, starts, ends } = this;
    const periods = starts.length;
    const cells = counts.length;
    // Where each cell's next value goes.
    const fill = offsets.slice(0, cells);
    // The first pass also checks that the cells' cohorts are exactly the tickets it meets.
    const seen = this.current === undefined ? new Int32Array(cells) : undefined;
    for (let p = this.from; p < this.to; p++) {
      const i = byCreated[p] as number;
      const t = created[i] as number;
      let w = 0;
      while (w < periods && !(t >= (starts[w] as number) && t < (ends[w] as number))) w++;
      if (w === periods) continue;
      // Groups past `groups` (none of them a cell's) fall outside the lookup: undefined, no cell.
      const c = lookup[(groupOf[i] as number) * periods + w] as number;
      if (!(c >= 0)) continue;
      if (seen !== undefined && (seen[c] = (seen[c] as number) + 1) > (offsets[c + 1] as number) - (offsets[c] as number)) {
        // More tickets than the cohort holds would run into the next cell's run.
        this.broken = true;
        return;
      }
      const v = values[i] as number;
      if (v === v) {
        const at = fill[c] as number;
        runs[at] = v;
        fill[c] = at + 1;
      }
    }
    for (let c = 0; c < cells; c++) {
      counts[c] = (fill[c] as number) - (offsets[c] as number);
      // Fewer would leave a cell's figures short: each cohort must have been met whole.
      if (seen !== undefined && seen[c] !== (offsets[c + 1] as number) - (offsets[c] as number)) this.broken = true;
    }
    this.current = values;
  }
}
