/**
 * The row plan (TicketTable.rowPlan), in a module of its own: the reading thread (scan-worker.ts) sets
 * rows with the same function as the table, without loading the table's code.
 */

export type ColumnArray = Float64Array | Int32Array | Uint32Array | Int8Array | Uint8Array;

/**
 * How a reading thread sets the rows of a table to "missing" ahead of the main thread, which writes
 * the rows' values (TicketTable.rowPlan): the columns' arrays (in shared memory) with the value of a
 * missing entry, and the rows set so far. The first write to new memory maps its page, which costs
 * the writing thread about 10 µs per 4 KiB: done here, that work leaves the main thread.
 */
export interface RowPlan {
  columns: { array: ColumnArray; missing: number }[];
  /** Rows [0, initialized) are set; the table has `length` rows and room for `capacity`. */
  initialized: number;
  length: number;
  capacity: number;
  /** The table's layout when the plan was made (a plan for replaced arrays sets nothing). */
  layout: number;
}

/** Sets rows [from, to) of every column of `plan` to its missing value. */
export function initializeRows(plan: Pick<RowPlan, 'columns'>, from: number, to: number): void {
  for (const { array, missing } of plan.columns) array.fill(missing, from, to);
}
