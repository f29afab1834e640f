/**
 * The values of a per-ticket array over every cell of a report's period at once.
 *
 * A cell's cohort is its group's tickets created in the period, ascending by creation: for a group
 * of 1/35 of the tickets, its indices step 35 rows at a time through the array, one cache line per
 * value read, and the next group steps through the whole array again. Gathering a duration over
 * every cell that way cost 35 ns a ticket on the 1M bench file (100 ms for three durations). Here
 * one pass in creation order (for an export listed by creation, the array's own order) reads each
 * value once and appends it to its cell's run in one buffer; a cell's values are then a copy of its
 * run. The order within a run is the cohort's, so sums come out the same to the last bit. Counts
 * over the cells (a rate's numerator) are tallied the same way, in one pass for all of them.
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
  private readonly runs: Float64Array;
  /** The array whose values `runs` holds now. */
  private current: Float64Array | undefined;
  /** The cell of each ticket at positions [from, to) of `byCreated` (-1: none); undefined until the first pass. */
  private cellAt: Int32Array | undefined;
  /**
   * Set when the tickets the periods cover are not exactly the cohorts' (never, when built as documented): no cell is
   * answered then.
   */
  private broken = false;
  /** Tallies made so far, by key. */
  private readonly tallies = new Map<string, unknown>();
  /** Positions in `byCreated` of the tickets created within the periods. */
  private readonly from: number;
  private readonly to: number;

  private constructor(
    cells: readonly CellSpec[],
    private readonly groupOf: Int32Array,
    private readonly created: Float64Array,
    private readonly byCreated: Int32Array,
    groups: number,
    private readonly memory: CellMemory,
  ) {
    for (const cell of cells) {
      if (this.periodOf(cell.start, cell.end) < 0) {
        this.starts.push(cell.start);
        this.ends.push(cell.end);
      }
    }
    const periods = this.starts.length;
    this.lookup = new Int32Array(groups * periods).fill(-1);
    this.offsets = new Int32Array(cells.length + 1);
    this.counts = new Int32Array(cells.length);
    cells.forEach((cell, c) => {
      this.lookup[cell.group * periods + this.periodOf(cell.start, cell.end)] = c;
      this.cellOfCohort.set(cell.cohort, c);
      this.offsets[c + 1] = (this.offsets[c] as number) + cell.cohort.length;
    });
    const total = this.offsets[cells.length] as number;
    this.runs = memory.runs !== undefined && memory.runs.length >= total ? memory.runs : new Float64Array(total);
    this.from = lowerBound(byCreated, created, Math.min(...this.starts));
    this.to = lowerBound(byCreated, created, Math.max(...this.ends));
  }

  /**
   * The layout of `cells`, whose cohorts are their groups' tickets created in their periods, each
   * group numbered as in `groupOf` (a number per ticket, below `groups`); undefined when it cannot
   * be used: no creation order, a cell without a group number, periods that overlap or too many.
   * `memory`: buffers to work in (a report's spare memory), big enough or ignored.
   */
  static of(
    cells: readonly CellSpec[],
    groupOf: Int32Array | undefined,
    groups: number,
    created: Float64Array,
    byCreated: Int32Array | null | undefined,
    memory: CellMemory = {},
  ): CellValues | undefined {
    if (groupOf === undefined || byCreated === null || byCreated === undefined || cells.length === 0) return undefined;
    const periods: [number, number][] = [];
    for (const cell of cells) {
      if (!(cell.group >= 0 && cell.group < groups) || !(cell.start < cell.end)) return undefined;
      if (!periods.some(([s, e]) => s === cell.start && e === cell.end)) periods.push([cell.start, cell.end]);
    }
    if (periods.length > MAX_PERIODS) return undefined;
    // A ticket must fall in one period at most.
    const sorted = [...periods].sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < sorted.length; k++)
      if ((sorted[k] as [number, number])[0] < (sorted[k - 1] as [number, number])[1]) return undefined;
    return new CellValues(cells, groupOf, created, byCreated, groups, memory);
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
    const c = this.cellOf(cohort);
    if (c < 0) return -1;
    if (values !== this.current) this.gather(values);
    const k = this.counts[c] as number;
    const at = this.offsets[c] as number;
    into.set(this.runs.subarray(at, at + k));
    return k;
  }

  /**
   * A tally over every cell at once, made on the first ask for `key` (which must name what `add`
   * counts): `make(cells)` gives the accumulator, then `add(acc, c, i)` is called for each ticket i
   * of each cell c, in creation order. Returns it with the cell of `cohort`, or undefined when
   * `cohort` is not one of the cells (the caller tallies the cohort itself, with the same `add`).
   */
  tally<T>(
    key: string,
    cohort: Int32Array,
    make: (cells: number) => T,
    add: (acc: T, c: number, i: number) => void,
  ): { acc: T; cell: number } | undefined {
    const cell = this.cellOf(cohort);
    if (cell < 0) return undefined;
    let acc = this.tallies.get(key) as T | undefined;
    if (acc === undefined) {
      acc = make(this.counts.length);
      const { byCreated, from, to } = this;
      const cellAt = this.cellAt as Int32Array;
      for (let p = from; p < to; p++) {
        const c = cellAt[p - from] as number;
        if (c >= 0) add(acc, c, byCreated[p] as number);
      }
      this.tallies.set(key, acc);
    }
    return { acc, cell };
  }

  /**
   * The cell of `cohort` (laying the cells out on the first ask), or -1 when it is not one or the layout does not hold.
   */
  private cellOf(cohort: Int32Array): number {
    const c = this.cellOfCohort.get(cohort);
    if (c === undefined || this.broken) return -1;
    if (this.cellAt === undefined) this.layOut();
    return this.broken ? -1 : c;
  }

  /**
   * One pass over the tickets created within the periods: each one's cell, checking the cells' cohorts are exactly
   * those tickets.
   */
  private layOut(): void {
    const { groupOf, created, byCreated, lookup, offsets, starts, ends, from, to } = this;
    const periods = starts.length;
    const cells = this.counts.length;
    const size = to - from;
    const cellAt =
      this.memory.cellOf !== undefined && this.memory.cellOf.length >= size ? this.memory.cellOf : new Int32Array(size);
    const seen = new Int32Array(cells);
    for (let p = from; p < to; p++) {
      const i = byCreated[p] as number;
      const t = created[i] as number;
      let w = 0;
      while (w < periods && !(t >= (starts[w] as number) && t < (ends[w] as number))) w++;
      // Groups past `groups` (none of them a cell's) fall outside the lookup: undefined, no cell.
      const c = w === periods ? -1 : (lookup[(groupOf[i] as number) * periods + w] as number);
      if (c >= 0) seen[c] = (seen[c] as number) + 1;
      cellAt[p - from] = c >= 0 ? c : -1;
    }
    for (let c = 0; c < cells; c++)
      if (seen[c] !== (offsets[c + 1] as number) - (offsets[c] as number)) this.broken = true;
    this.cellAt = cellAt;
  }

  /** One pass over the tickets created within the periods, in creation order: each value to its cell's run. */
  private gather(values: Float64Array): void {
    const { byCreated, offsets, counts, runs, from, to } = this;
    const cellAt = this.cellAt as Int32Array;
    const cells = counts.length;
    // Where each cell's next value goes.
    const fill = offsets.slice(0, cells);
    for (let p = from; p < to; p++) {
      const c = cellAt[p - from] as number;
      if (c < 0) continue;
      const v = values[byCreated[p] as number] as number;
      if (v === v) {
        const at = fill[c] as number;
        runs[at] = v;
        fill[c] = at + 1;
      }
    }
    for (let c = 0; c < cells; c++) counts[c] = (fill[c] as number) - (offsets[c] as number);
    this.current = values;
  }
}

/** Buffers a layout may work in: for the values' runs (a ticket each), and the tickets' cells. */
export interface CellMemory {
  runs?: Float64Array | undefined;
  cellOf?: Int32Array | undefined;
}

/**
 * A tally of `add` over `cohort`: from the layout of the report's cells when `cohort` is one of them
 * (one pass for all the cells, made once per `key`), else over the cohort alone, as cell 0 of
 * `make(1)`. Either way the same `add` counts each ticket.
 */
export function cellTally<T>(
  cells: CellValues | undefined,
  key: string,
  cohort: Int32Array,
  make: (cells: number) => T,
  add: (acc: T, c: number, i: number) => void,
): { acc: T; cell: number } {
  const laidOut = cells?.tally(key, cohort, make, add);
  if (laidOut !== undefined) return laidOut;
  const acc = make(1);
  for (let j = 0; j < cohort.length; j++) add(acc, 0, cohort[j] as number);
  return { acc, cell: 0 };
}
